package org.sharerengine.attribution;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sharerengine.network.Sharer;
import org.sharerengine.network.Sharers;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.Reads;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.springframework.stereotype.Service;

/**
 * Decides who an order belongs to (SPEC §3), in this order: the sharer the order names → the
 * order's share token → the customer's binding valid at payment → none.
 */
@Service
public class Attributions {

    private final Sharers sharers;
    private final Shares shares;
    private final Bindings bindings;

    Attributions(Sharers sharers, Shares shares, Bindings bindings) {
        this.sharers = sharers;
        this.shares = shares;
        this.bindings = bindings;
    }

    /** What the order itself says about its sharer; every field may be absent. */
    public record OrderClaim(String customerId, Long sharerId, String sharerExternalUserId, String shareToken, Instant paidAt) {

        boolean namesSharer() {
            return sharerId != null || sharerExternalUserId != null;
        }

        boolean byToken() {
            return !namesSharer() && shareToken != null;
        }

        boolean byBinding() {
            return !namesSharer() && shareToken == null;
        }
    }

    /**
     * Reads what the claims of one intake lead to, in at most three statements among {@code reads} whatever
     * their number: their share tokens, the bindings of the customers who name neither sharer nor
     * token, and every sharer named or reached through either, with its inviters, {@code longestChain}
     * sharers in all (the deepest commission depth the shop may have: its own depth is not known
     * before these reads are answered). Each claim's {@code paidAt} plays no part in the reads. Intake
     * never writes shares, bindings or sharers, so each order decided from these reads is decided as
     * it would be alone, whatever the orders before it in the intake.
     */
    public Reading read(Reads reads, ShopId shop, Collection<OrderClaim> claims, int longestChain) {
        List<String> tokens = claims.stream().filter(OrderClaim::byToken).map(OrderClaim::shareToken).toList();
        List<String> customers = claims.stream().filter(OrderClaim::byBinding).map(OrderClaim::customerId).toList();
        List<SharerId> ids = claims.stream().filter(c -> c.sharerExternalUserId() == null).map(OrderClaim::sharerId)
                .filter(Objects::nonNull).map(SharerId::new).toList();
        List<String> externalUserIds = claims.stream().filter(c -> c.sharerId() == null).map(OrderClaim::sharerExternalUserId)
                .filter(Objects::nonNull).toList();
        return new Reading(shop, shares.findAll(reads, shop, tokens), bindings.findAll(reads, shop, customers),
                sharers.chains(reads, shop, ids, externalUserIds,
                        List.of(shares.sharersOf(shop, tokens), bindings.sharersOf(shop, customers)), longestChain));
    }

    /** The claims' shares, bindings and sharers with their chains, asked for. */
    public final class Reading {

        private final ShopId shop;
        private final Reads.Answer<Map<String, Share>> shares;
        private final Reads.Answer<Map<String, Binding>> bindings;
        private final Reads.Answer<Map<SharerId, List<Sharer>>> chains;

        private Reading(ShopId shop, Reads.Answer<Map<String, Share>> shares, Reads.Answer<Map<String, Binding>> bindings,
                Reads.Answer<Map<SharerId, List<Sharer>>> chains) {
            this.shop = shop;
            this.shares = shares;
            this.bindings = bindings;
            this.chains = chains;
        }

        /**
         * What was read, each sharer's chain cut to {@code chainLength} sharers (the shop's commission
         * depth), whom the orders' commission is paid along.
         */
        public Intake withChains(int chainLength) {
            Map<SharerId, List<Sharer>> cut = new HashMap<>();
            chains.get().forEach((id, chain) -> cut.put(id, List.copyOf(chain.subList(0, Math.min(chain.size(), chainLength)))));
            Intake intake = new Intake(shop, shares.get(), bindings.get(), cut);
            cut.values().forEach(chain -> {
                Sharer sharer = chain.getFirst();
                intake.byId.put(sharer.id(), sharer);
                intake.byExternalUserId.put(sharer.externalUserId(), sharer);
            });
            return intake;
        }
    }

    /**
     * The shares, bindings and sharers the claims of one intake lead to, with the sharers' chains;
     * decides each of its orders in memory.
     */
    public final class Intake {

        private final ShopId shop;
        private final Map<String, Share> sharesByToken;
        private final Map<String, Binding> bindingsByCustomer;
        private final Map<SharerId, List<Sharer>> chains;
        private final Map<SharerId, Sharer> byId = new HashMap<>();
        private final Map<String, Sharer> byExternalUserId = new HashMap<>();

        private Intake(ShopId shop, Map<String, Share> sharesByToken, Map<String, Binding> bindingsByCustomer,
                Map<SharerId, List<Sharer>> chains) {
            this.shop = shop;
            this.sharesByToken = sharesByToken;
            this.bindingsByCustomer = bindingsByCustomer;
            this.chains = chains;
        }

        /**
         * Every sharer read, by id, with its inviters (itself first), as long as the chain length
         * asked; for the commission run, which then reads no chain of an attributed sharer again.
         */
        public Map<SharerId, List<Sharer>> chains() {
            return Collections.unmodifiableMap(chains);
        }

        /** Decides a claim among those this intake read. */
        public Attribution decide(OrderClaim claim) {
            if (claim.namesSharer()) {
                Sharer named = namedSharer(claim);
                return new Attribution(named.id(), Attribution.Rule.ORDER_SHARER, null, isSelf(named, claim));
            }
            if (claim.shareToken() != null) {
                Share share = sharesByToken.get(claim.shareToken());
                if (share == null) {
                    throw ApiProblem.invalid("shareToken", "names no share of this shop");
                }
                // A share's sharer always exists; should it not, Sharers.get answers the same problem as ever.
                Sharer sharer = Objects.requireNonNullElseGet(byId.get(share.sharerId()), () -> sharers.get(shop, share.sharerId()));
                return new Attribution(sharer.id(), Attribution.Rule.SHARE_TOKEN, share.token(), isSelf(sharer, claim));
            }
            // The customer's binding counts when valid at payment and its sharer is still active.
            Binding binding = bindingsByCustomer.get(claim.customerId());
            if (binding == null || !binding.validAt(claim.paidAt())) {
                return Attribution.none();
            }
            Sharer holder = byId.get(binding.sharerId());
            return holder != null && holder.status().earns()
                    ? new Attribution(binding.sharerId(), Attribution.Rule.BINDING, null, false) : Attribution.none();
        }

        private Sharer namedSharer(OrderClaim claim) {
            if (claim.sharerId() != null && claim.sharerExternalUserId() != null) {
                throw ApiProblem.invalid("sharerId", "name the sharer once: sharerId or sharerExternalUserId");
            }
            if (claim.sharerId() != null) {
                Sharer named = byId.get(new SharerId(claim.sharerId()));
                if (named == null) {
                    throw ApiProblem.invalid("sharerId", "names no sharer of this shop");
                }
                return named;
            }
            Sharer named = byExternalUserId.get(claim.sharerExternalUserId());
            if (named == null) {
                throw ApiProblem.invalid("sharerExternalUserId", "names no sharer of this shop");
            }
            return named;
        }
    }

    /** A sharer buying through their own link or name is a self-purchase (自购). */
    private static boolean isSelf(Sharer sharer, OrderClaim claim) {
        return sharer.externalUserId().equals(claim.customerId());
    }
}
