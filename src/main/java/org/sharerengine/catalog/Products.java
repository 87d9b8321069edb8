package org.sharerengine.catalog;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.Database;
import org.sharerengine.shared.KeyLookup;
import org.sharerengine.shared.ProgrammeCache;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.Shops;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The shop's promoted product library; products outside it earn nothing. */
@Service
public class Products {

    /** ¥100,000 per unit: far above any real per-unit commission, low enough that no sum overflows. */
    static final long MAX_FIXED_FEN = 10_000_000L;

    /** How many products intake keeps in memory, found or not, all shops together (a library may be any size). */
    private static final int KEPT_PRODUCTS = 50_000;

    /** A product id of a shop, found in its library or not. */
    private record Kept(ShopId shop, String productId) {
    }

    private final JdbcClient jdbc;
    private final Shops shops;
    private final Clock clock;
    private final KeyLookup byProductId;
    /** At its shop's programme version: the product, or empty when the id is not in the library. */
    private final ProgrammeCache<Kept, Optional<Product>> kept = new ProgrammeCache<>(KEPT_PRODUCTS, product -> 1);

    Products(JdbcClient jdbc, Shops shops, Clock clock, Database database) {
        this.jdbc = jdbc;
        this.shops = shops;
        this.clock = clock;
        this.byProductId = database.lookup("product", "p", "product_id", "varchar");
    }

    /** The highest level rank an exclusive product may ask for; real ladders have a handful of rungs. */
    static final int MAX_LEVEL_RANK = 100;

    /**
     * @param category     optional grouping that boosts can target
     * @param minLevelRank optional minimum level rank of the sharers who earn on it (等级专属商品)
     */
    public record ProductTerms(@NotBlank @Size(max = 200) String name, @NotNull CommissionMode commissionMode,
            Long level1Value, Long level2Value, Long level3Value, String category, Integer minLevelRank) {

        /** Terms of a product open to every level and in no category. */
        public ProductTerms(String name, CommissionMode commissionMode, Long level1Value, Long level2Value, Long level3Value) {
            this(name, commissionMode, level1Value, level2Value, level3Value, null, null);
        }
    }

    @Transactional
    public Product put(ShopId shop, String productId, ProductTerms terms) {
        if (productId == null || productId.isBlank() || productId.length() > 128) {
            throw ApiProblem.invalid("productId", "must be 1 to 128 characters");
        }
        validate(terms);
        boolean fixed = terms.commissionMode() != CommissionMode.LEVEL_RATE;
        Map<String, Object> row = new HashMap<>();
        row.put("shop", shop.value());
        row.put("id", productId);
        row.put("name", terms.name().strip());
        row.put("mode", terms.commissionMode().name());
        row.put("v1", fixed ? terms.level1Value() : null);
        row.put("v2", fixed ? terms.level2Value() : null);
        row.put("v3", fixed ? terms.level3Value() : null);
        row.put("category", terms.category() == null || terms.category().isBlank() ? null : terms.category().strip());
        row.put("minRank", terms.minLevelRank());
        row.put("now", Timestamps.utc(clock.instant()));
        shops.programmeChanged(shop);
        int updated = jdbc.sql("""
                update product set name = :name, commission_mode = :mode, level1_value = :v1, level2_value = :v2,
                  level3_value = :v3, category = :category, min_level_rank = :minRank, updated_at = :now
                where shop_id = :shop and product_id = :id""").params(row).update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into product (shop_id, product_id, name, commission_mode, level1_value, level2_value, level3_value,
                      category, min_level_rank, updated_at)
                    values (:shop, :id, :name, :mode, :v1, :v2, :v3, :category, :minRank, :now)""").params(row).update();
        }
        return get(shop, productId);
    }

    private static void validate(ProductTerms terms) {
        if (terms.name() == null || terms.name().isBlank() || terms.name().length() > 200) {
            throw ApiProblem.invalid("name", "must be 1 to 200 characters");
        }
        if (terms.commissionMode() == null) {
            throw ApiProblem.invalid("commissionMode", "must be LEVEL_RATE, FIXED_RATE or FIXED_AMOUNT");
        }
        if (terms.category() != null && terms.category().strip().length() > 100) {
            throw ApiProblem.invalid("category", "must be at most 100 characters");
        }
        if (terms.minLevelRank() != null && (terms.minLevelRank() < 1 || terms.minLevelRank() > MAX_LEVEL_RANK)) {
            throw ApiProblem.invalid("minLevelRank", "must be a level rank from 1 to " + MAX_LEVEL_RANK + ", or null for every level");
        }
        if (terms.commissionMode() == CommissionMode.LEVEL_RATE) {
            return;
        }
        long max = terms.commissionMode() == CommissionMode.FIXED_RATE ? 10_000 : MAX_FIXED_FEN;
        String unit = terms.commissionMode() == CommissionMode.FIXED_RATE ? "basis points" : "fen per unit";
        if (terms.level1Value() == null) {
            throw ApiProblem.invalid("level1Value", "is required for " + terms.commissionMode() + " (" + unit + ")");
        }
        Long[] values = {terms.level1Value(), terms.level2Value(), terms.level3Value()};
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && (values[i] < 0 || values[i] > max)) {
                throw ApiProblem.invalid("level" + (i + 1) + "Value", "must be 0 to " + max + " " + unit);
            }
        }
    }

    public Product get(ShopId shop, String productId) {
        return find(shop, productId).orElseThrow(() -> ApiProblem.notFound("product", productId));
    }

    public Optional<Product> find(ShopId shop, String productId) {
        return jdbc.sql("select * from product where shop_id = :shop and product_id = :id")
                .param("shop", shop.value()).param("id", productId).query(Products::map).optional();
    }

    /** The promoted products among {@code productIds}, by id; absent ids are not in the library. */
    private Map<String, Product> findAll(ShopId shop, Collection<String> productIds) {
        if (productIds.isEmpty()) {
            return Map.of();
        }
        String[] ids = productIds.stream().distinct().toArray(String[]::new);
        return jdbc.sql("select p.* " + byProductId.from()).params(byProductId.args(shop.value(), ids)).query(Products::map).list()
                .stream().collect(Collectors.toMap(Product::productId, Function.identity()));
    }

    /**
     * As {@link #findAll(ShopId, Collection)}, for a reader that saw the shop's programme at
     * {@code programmeVersion} ({@link Shops#programme}): products already read at that version,
     * found or not, come from memory (see {@link ProgrammeCache}); only the others are read.
     */
    public Map<String, Product> findAll(ShopId shop, long programmeVersion, Collection<String> productIds) {
        Map<Kept, Product> found = ProgrammeCache.found(kept, productIds.stream().map(id -> new Kept(shop, id)).toList(),
                programmeVersion, unknown -> findAll(shop, unknown.stream().map(Kept::productId).toList()).values().stream()
                        .collect(Collectors.toMap(product -> new Kept(shop, product.productId()), product -> product)));
        return found.values().stream().collect(Collectors.toMap(Product::productId, product -> product));
    }

    public List<Product> list(ShopId shop, String afterId, int limit) {
        return jdbc.sql("select * from product where shop_id = :shop and product_id > :after order by product_id fetch first :limit rows only")
                .param("shop", shop.value()).param("after", afterId).param("limit", limit).query(Products::map).list();
    }

    /** Taking a product out of the library stops future commission; lines already computed stand. */
    @Transactional
    public void remove(ShopId shop, String productId) {
        shops.programmeChanged(shop);
        if (jdbc.sql("delete from product where shop_id = :shop and product_id = :id")
                .param("shop", shop.value()).param("id", productId).update() == 0) {
            throw ApiProblem.notFound("product", productId);
        }
    }

    private static Product map(ResultSet rs, int row) throws SQLException {
        return new Product(rs.getString("product_id"), rs.getString("name"), CommissionMode.valueOf(rs.getString("commission_mode")),
                rs.getObject("level1_value", Long.class), rs.getObject("level2_value", Long.class),
                rs.getObject("level3_value", Long.class), rs.getString("category"), rs.getObject("min_level_rank", Integer.class),
                Timestamps.instant(rs, "updated_at"));
    }
}
