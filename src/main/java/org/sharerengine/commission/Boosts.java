package org.sharerengine.commission;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.sharerengine.catalog.Product;
import org.sharerengine.catalog.Products;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.ProgrammeCache;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.Shops;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The shop's boosts (短期激励, SPEC §4). Lines keep the boost they were paid with, so deleting one never changes a line. */
@Service
public class Boosts {

    /** How far back intake keeps a shop's boosts in memory: orders paid earlier than that read theirs. */
    private static final Duration KEPT_FOR = Duration.ofDays(62);
    /** The most boosts of one shop intake keeps in memory; a shop with more has them read each time. */
    private static final int KEPT_PER_SHOP = 1_000;
    /** The most boosts intake keeps in memory, all shops together. */
    private static final int KEPT_BOOSTS = 50_000;

    private final JdbcClient jdbc;
    private final Products products;
    private final Shops shops;
    private final Clock clock;
    /** Per shop, at its programme version: every boost ending after {@code since}, or nothing when there are too many. */
    private final ProgrammeCache<ShopId, Optional<Kept>> kept = new ProgrammeCache<>(KEPT_BOOSTS,
            boosts -> boosts.map(k -> k.boosts().size()).orElse(0));

    private record Kept(Instant since, List<Boost> boosts) {
    }

    Boosts(JdbcClient jdbc, Products products, Shops shops, Clock clock) {
        this.jdbc = jdbc;
        this.products = products;
        this.shops = shops;
        this.clock = clock;
    }

    /** Exactly one of {@code productId} (a product of the library) and {@code category}. */
    public record NewBoost(String productId, String category, Integer extraRateBp, Instant startsAt, Instant endsAt) {
    }

    /**
     * A window may lie in the past: orders can reach us after they were paid, and a late order
     * paid inside the window earns the boost.
     */
    @Transactional
    public Boost create(ShopId shop, NewBoost request) {
        boolean byProduct = request.productId() != null && !request.productId().isBlank();
        boolean byCategory = request.category() != null && !request.category().isBlank();
        if (byProduct == byCategory) {
            throw ApiProblem.invalid(byProduct ? "category" : "productId",
                    "give exactly one of productId (one product) and category (every product of the category)");
        }
        if (byProduct && products.find(shop, request.productId()).isEmpty()) {
            throw ApiProblem.invalid("productId", "names no product of this shop's promoted library");
        }
        if (byCategory && request.category().strip().length() > 100) {
            throw ApiProblem.invalid("category", "must be at most 100 characters");
        }
        if (request.extraRateBp() == null || request.extraRateBp() < 1 || request.extraRateBp() > 10_000) {
            throw ApiProblem.invalid("extraRateBp", "must be 1 to 10000 basis points");
        }
        if (request.startsAt() == null) {
            throw ApiProblem.invalid("startsAt", "is required (ISO-8601 instant)");
        }
        if (request.endsAt() == null || !request.endsAt().isAfter(request.startsAt())) {
            throw ApiProblem.invalid("endsAt", "is required and must be after startsAt (the window is [startsAt, endsAt))");
        }
        shops.programmeChanged(shop);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into boost (shop_id, product_id, category, extra_rate_bp, starts_at, ends_at, created_at)
                values (:shop, :product, :category, :bp, :starts, :ends, :now)""")
                .param("shop", shop.value()).param("product", byProduct ? request.productId() : null)
                .param("category", byCategory ? request.category().strip() : null).param("bp", request.extraRateBp())
                .param("starts", Timestamps.utc(request.startsAt())).param("ends", Timestamps.utc(request.endsAt()))
                .param("now", Timestamps.utc(clock.instant()))
                .update(key, "id");
        return get(shop, key.getKey().longValue());
    }

    public Boost get(ShopId shop, long id) {
        return jdbc.sql("select * from boost where shop_id = :shop and id = :id")
                .param("shop", shop.value()).param("id", id).query(Boosts::map).optional()
                .orElseThrow(() -> ApiProblem.notFound("boost", id));
    }

    public List<Boost> list(ShopId shop) {
        return jdbc.sql("select * from boost where shop_id = :shop order by starts_at, id")
                .param("shop", shop.value()).query(Boosts::map).list();
    }

    /** Orders computed from now on no longer earn it; lines already paid with it keep it. */
    @Transactional
    public void delete(ShopId shop, long id) {
        shops.programmeChanged(shop);
        if (jdbc.sql("delete from boost where shop_id = :shop and id = :id").param("shop", shop.value()).param("id", id).update() == 0) {
            throw ApiProblem.notFound("boost", id);
        }
    }

    /**
     * The boosts of these products or their categories in force at some moment from {@code from}
     * to {@code to}: expired and future boosts pile up over the years, an intake needs only these.
     */
    private List<Boost> covering(ShopId shop, Collection<Product> library, Instant from, Instant to) {
        if (library.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select * from boost where shop_id = :shop and starts_at <= :to and ends_at > :from
                  and (product_id = any(:products) or category = any(:categories)) order by id""")
                .param("shop", shop.value()).param("from", Timestamps.utc(from)).param("to", Timestamps.utc(to))
                .param("products", library.stream().map(Product::productId).distinct().toArray(String[]::new))
                .param("categories", library.stream().map(Product::category).filter(Objects::nonNull).distinct().toArray(String[]::new))
                .query(Boosts::map).list();
    }

    /**
     * As {@link #covering(ShopId, Collection, Instant, Instant)}, for a reader that saw the shop's
     * programme at {@code programmeVersion} ({@link Shops#programme}): from the shop's boosts kept in
     * memory at that version (see {@link ProgrammeCache}), unless the orders were paid before what is
     * kept or the shop has too many boosts to keep.
     */
    List<Boost> covering(ShopId shop, long programmeVersion, Collection<Product> library, Instant from, Instant to) {
        if (library.isEmpty()) {
            return List.of();
        }
        Optional<Kept> all = kept.get(shop, programmeVersion, () -> {
            Instant since = clock.instant().minus(KEPT_FOR);
            List<Boost> boosts = jdbc.sql("select * from boost where shop_id = :shop and ends_at > :since order by id fetch first :n rows only")
                    .param("shop", shop.value()).param("since", Timestamps.utc(since)).param("n", KEPT_PER_SHOP + 1)
                    .query(Boosts::map).list();
            return boosts.size() > KEPT_PER_SHOP ? Optional.empty() : Optional.of(new Kept(since, boosts));
        });
        if (all.isEmpty() || !from.isAfter(all.get().since())) {
            return covering(shop, library, from, to);
        }
        // The query's own conditions, in memory: in force at some moment of [from, to], on one of the products or categories.
        Set<String> productIds = library.stream().map(Product::productId).collect(Collectors.toSet());
        Set<String> categories = library.stream().map(Product::category).filter(Objects::nonNull).collect(Collectors.toSet());
        return all.get().boosts().stream()
                .filter(boost -> !boost.startsAt().isAfter(to) && boost.endsAt().isAfter(from))
                .filter(boost -> boost.productId() != null ? productIds.contains(boost.productId()) : categories.contains(boost.category()))
                .toList();
    }

    /**
     * For each product, the largest of the boosts in force at {@code paidAt} (ties: the oldest boost).
     * Boosts never add up: the largest alone is the most a merchant can have meant to pay.
     */
    static Map<String, Boost> strongest(List<Boost> boosts, Collection<Product> library, Instant paidAt) {
        Map<String, Boost> strongest = new HashMap<>();
        for (Product product : library) {
            boosts.stream().filter(boost -> boost.covers(product) && !boost.startsAt().isAfter(paidAt) && boost.endsAt().isAfter(paidAt))
                    .max(Comparator.comparingInt(Boost::extraRateBp).thenComparing(Boost::id, Comparator.reverseOrder()))
                    .ifPresent(boost -> strongest.put(product.productId(), boost));
        }
        return strongest;
    }

    private static Boost map(ResultSet rs, int row) throws SQLException {
        return new Boost(rs.getLong("id"), rs.getString("product_id"), rs.getString("category"), rs.getInt("extra_rate_bp"),
                Timestamps.instant(rs, "starts_at"), Timestamps.instant(rs, "ends_at"), Timestamps.instant(rs, "created_at"));
    }
}
