package org.sharerengine.attribution;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.sharerengine.leveling.LevelActivity;
import org.sharerengine.network.Sharer;
import org.sharerengine.network.Sharers;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.Database;
import org.sharerengine.shared.KeyLookup;
import org.sharerengine.shared.Reads;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.ProgrammeSettings;
import org.sharerengine.shop.ProgrammeSettings.BindingProtection;
import org.sharerengine.shop.Shops;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Visits through shares and the customer bindings (锁客) they create, under the shop's binding policy. */
@Service
public class Bindings {

    private final JdbcClient jdbc;
    private final Shares shares;
    private final Sharers sharers;
    private final Shops shops;
    private final LevelActivity levelActivity;
    private final Clock clock;
    private final KeyLookup byCustomer;

    Bindings(JdbcClient jdbc, Shares shares, Sharers sharers, Shops shops, LevelActivity levelActivity, Clock clock,
            Database database) {
        this.jdbc = jdbc;
        this.shares = shares;
        this.sharers = sharers;
        this.shops = shops;
        this.levelActivity = levelActivity;
        this.clock = clock;
        this.byCustomer = database.lookup("binding", "b", "customer_id", "varchar");
    }

    public enum Outcome {
        /** The customer is now bound to the share's sharer. */
        BOUND,
        /** Already bound to this sharer; the validity starts again. */
        REFRESHED,
        /** First-touch protection: the customer stays with the sharer who had them first. */
        PROTECTED,
        /** A later share already holds the customer (an older visit arriving late changes nothing). */
        NEWER_BINDING_KEPT,
        /** A sharer visiting their own share is never their own customer. */
        SELF_VISIT,
        /** The sharer is frozen or removed and takes no new customers. */
        SHARER_NOT_ACTIVE
    }

    public record VisitResult(Outcome outcome, Binding binding) {
    }

    @Transactional
    public VisitResult visit(ShopId shop, String token, String customerId, Instant visitedAt) {
        if (customerId == null || customerId.isBlank() || customerId.length() > 128) {
            throw ApiProblem.invalid("customerId", "must be 1 to 128 characters");
        }
        Share share = shares.find(shop, token).orElseThrow(() -> ApiProblem.invalid("token", "names no share of this shop"));
        Instant at = visitedAt == null ? clock.instant() : visitedAt;
        Sharer sharer = sharers.get(shop, share.sharerId());
        ProgrammeSettings settings = shops.settings(shop);
        VisitResult result = decide(shop, share, sharer, customerId.strip(), at, settings);
        jdbc.sql("insert into visit (shop_id, token, customer_id, visited_at, outcome) values (:shop, :token, :customer, :at, :outcome)")
                .param("shop", shop.value()).param("token", token).param("customer", customerId.strip())
                .param("at", Timestamps.utc(at)).param("outcome", result.outcome().name()).update();
        if (result.outcome() == Outcome.BOUND) {
            levelActivity.customerBound(shop, sharer.id(), customerId.strip(), at);
        }
        return result;
    }

    private VisitResult decide(ShopId shop, Share share, Sharer sharer, String customerId, Instant at, ProgrammeSettings settings) {
        Optional<Binding> current = lockBinding(shop, customerId);
        if (!sharer.status().earns()) {
            return new VisitResult(Outcome.SHARER_NOT_ACTIVE, current.orElse(null));
        }
        if (sharer.externalUserId().equals(customerId)) {
            return new VisitResult(Outcome.SELF_VISIT, current.orElse(null));
        }
        Instant expiresAt = settings.bindingValidityDays() == null ? null
                : at.plus(Duration.ofDays(settings.bindingValidityDays()));
        Binding fresh = new Binding(customerId, sharer.id(), share.token(), at, expiresAt);
        if (current.isEmpty()) {
            int inserted = jdbc.sql("""
                    insert into binding (shop_id, customer_id, sharer_id, share_token, bound_at, expires_at)
                    values (:shop, :customer, :sharer, :token, :at, :expires) on conflict do nothing""")
                    .param("shop", shop.value()).param("customer", customerId).param("sharer", sharer.id().value())
                    .param("token", share.token()).param("at", Timestamps.utc(at)).param("expires", Timestamps.utc(expiresAt))
                    .update();
            if (inserted == 1) {
                return new VisitResult(Outcome.BOUND, fresh);
            }
            // A concurrent first visit bound the customer a moment ago: decide again against that binding.
            return decide(shop, share, sharer, customerId, at, settings);
        }
        Binding existing = current.get();
        if (existing.boundAt().isAfter(at)) {
            return new VisitResult(Outcome.NEWER_BINDING_KEPT, existing);
        }
        boolean sameSharer = existing.sharerId().equals(sharer.id());
        boolean holderProtected = settings.bindingProtection() == BindingProtection.FIRST_TOUCH && existing.validAt(at)
                && sharers.find(shop, existing.sharerId()).map(s -> s.status().earns()).orElse(false);
        if (!sameSharer && holderProtected) {
            return new VisitResult(Outcome.PROTECTED, existing);
        }
        jdbc.sql("""
                update binding set sharer_id = :sharer, share_token = :token, bound_at = :at, expires_at = :expires
                where shop_id = :shop and customer_id = :customer""")
                .param("shop", shop.value()).param("customer", customerId).param("sharer", sharer.id().value())
                .param("token", share.token()).param("at", Timestamps.utc(at)).param("expires", Timestamps.utc(expiresAt))
                .update();
        return new VisitResult(sameSharer && existing.validAt(at) ? Outcome.REFRESHED : Outcome.BOUND, fresh);
    }

    /** Locks the customer's binding row so that concurrent visits of one customer are decided one after the other. */
    private Optional<Binding> lockBinding(ShopId shop, String customerId) {
        return jdbc.sql("select * from binding where shop_id = :shop and customer_id = :customer for update")
                .param("shop", shop.value()).param("customer", customerId).query(Bindings::map).optional();
    }

    public Optional<Binding> find(ShopId shop, String customerId) {
        return jdbc.sql("select * from binding where shop_id = :shop and customer_id = :customer")
                .param("shop", shop.value()).param("customer", customerId).query(Bindings::map).optional();
    }

    /** The bindings of these customers, by customer, in one read among {@code reads}; a customer bound to no one has no entry. */
    Reads.Answer<Map<String, Binding>> findAll(Reads reads, ShopId shop, Collection<String> customerIds) {
        if (customerIds.isEmpty()) {
            return Reads.answered(Map.of());
        }
        String[] customers = customerIds.stream().distinct().toArray(String[]::new);
        return reads.rows("select b.* " + byCustomer.from(), byCustomer.args(shop.value(), customers), Bindings::map)
                .then(found -> found.stream().collect(Collectors.toMap(Binding::customerId, binding -> binding)));
    }

    /** The query of the sharers these customers are bound to, for {@link Sharers#chains} to start from. */
    Sharers.SharerIdsQuery sharersOf(ShopId shop, Collection<String> customerIds) {
        return new Sharers.SharerIdsQuery("select b.sharer_id " + byCustomer.from(),
                byCustomer.args(shop.value(), customerIds.stream().distinct().toArray(String[]::new)));
    }

    private static Binding map(ResultSet rs, int row) throws SQLException {
        return new Binding(rs.getString("customer_id"), new SharerId(rs.getLong("sharer_id")), rs.getString("share_token"),
                Timestamps.instant(rs, "bound_at"), Timestamps.instant(rs, "expires_at"));
    }
}
