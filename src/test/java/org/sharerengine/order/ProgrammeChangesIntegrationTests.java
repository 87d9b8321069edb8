package org.sharerengine.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Intake keeps a shop's product library, boosts, commission templates and level programme in memory from one order to
 * the next, for the programme version it read them at (the shop row's {@code programme_version}).
 * Every change to any of them, made through the API, committed by another instance or, on
 * PostgreSQL, made by hand in SQL, prices the very next order: no order is ever paid at a rate the
 * merchant has already changed.
 */
@ApiTest
class ProgrammeChangesIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transaction;

    /** Paid a day ago: inside what intake keeps of the boosts (orders paid long before read theirs from the database). */
    private final Instant paidAt = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void theOrderAfterEachChangeToTheLibraryTheBoostsOrTheSettingsIsPricedByIt() {
        Api.Shop shop = api.newShop(json("commissionDepth", 1, "level1RateBp", 600));
        long seller = shop.sharer("seller", null);
        List<Long> paid = new ArrayList<>();

        shop.product("tea", "FIXED_RATE", 1_000L, null);
        paid.add(teaOrder(shop, "library", seller));
        paid.add(teaOrder(shop, "library-again", seller));
        shop.product("tea", "FIXED_RATE", 1_200L, null);
        paid.add(teaOrder(shop, "rate-raised", seller));
        long boost = shop.post("/api/v1/boosts", json("productId", "tea", "extraRateBp", 300,
                "startsAt", paidAt.minus(1, ChronoUnit.DAYS).toString(), "endsAt", paidAt.plus(1, ChronoUnit.DAYS).toString()))
                .expect(201).id();
        paid.add(teaOrder(shop, "boosted", seller));
        shop.delete("/api/v1/boosts/" + boost).expect(204);
        paid.add(teaOrder(shop, "boost-deleted", seller));
        shop.delete("/api/v1/products/tea").expect(204);
        paid.add(teaOrder(shop, "out-of-library", seller));
        shop.product("tea", "LEVEL_RATE", null, null);
        paid.add(teaOrder(shop, "level-rate", seller));
        shop.patch("/api/v1/shop/settings", json("level1RateBp", 800)).expect(200);
        paid.add(teaOrder(shop, "settings", seller));

        // ¥100 of tea each: 10 %, 10 %, 12 %, 12 % + 3 %, 12 %, nothing, the shop's 6 %, the shop's 8 %.
        assertThat(paid).containsExactly(1_000L, 1_000L, 1_200L, 1_500L, 1_200L, 0L, 600L, 800L);
        shop.assertBooksBalance();
    }

    @Test
    void aChangeCommittedByAnotherInstancePricesTheNextOrderHere() {
        Api.Shop shop = api.newShop(json("commissionDepth", 1, "level1RateBp", 600));
        long seller = shop.sharer("seller", null);
        shop.product("tea", "FIXED_RATE", 1_000L, null);
        assertThat(teaOrder(shop, "before", seller)).isEqualTo(1_000L);

        // What Products.put does on another instance, in one transaction: the change and the programme's next version.
        transaction.executeWithoutResult(status -> {
            jdbc.sql("update shop set programme_version = programme_version + 1 where id = :shop").param("shop", shop.id).update();
            jdbc.sql("update product set level1_value = 1500 where shop_id = :shop and product_id = 'tea'").param("shop", shop.id).update();
        });

        assertThat(teaOrder(shop, "after", seller)).isEqualTo(1_500L);
    }

    /**
     * A change made beside the application, by hand in SQL, raises no version itself: on PostgreSQL
     * the tables' triggers do (V16), so it too prices the very next order.
     */
    @Test
    void aChangeMadeByHandInSqlPricesTheNextOrder() {
        assumeThat(TestDatabase.postgres()).as("PostgreSQL's triggers (V16); on H2 a change by hand must raise the version itself")
                .isTrue();
        Api.Shop shop = api.newShop(json("commissionDepth", 1, "level1RateBp", 600));
        long seller = shop.sharer("seller", null);
        shop.product("tea", "FIXED_RATE", 1_000L, null);
        shop.product("cake", "LEVEL_RATE", null, null);
        long template = shop.post("/api/v1/commission-templates", template(500)).expect(201).id();
        shop.put("/api/v1/sharers/" + seller + "/template", json("templateId", template)).expect(200);
        shop.put("/api/v1/level-programme", programme(1)).expect(200);
        List<Long> paid = new ArrayList<>();

        paid.add(teaOrder(shop, "before", seller));
        paid.add(order(shop, "cake-before", seller, "cake", paidAt.toString()));
        byHand("update product set level1_value = 1500 where shop_id = ? and product_id = 'tea'", shop.id);
        paid.add(teaOrder(shop, "rate-raised", seller));
        byHand("""
                insert into boost (shop_id, product_id, extra_rate_bp, starts_at, ends_at, created_at)
                values (?, 'tea', 300, now() - interval '3 days', now() + interval '1 day', now())""", shop.id);
        paid.add(teaOrder(shop, "boosted", seller));
        byHand("delete from boost where shop_id = ?", shop.id);
        paid.add(teaOrder(shop, "boost-deleted", seller));
        byHand("update commission_template_rate set depth1_rate_bp = 900 where shop_id = ?", shop.id);
        paid.add(order(shop, "cake-template-edited", seller, "cake", paidAt.toString()));
        byHand("delete from product where shop_id = ? and product_id = 'tea'", shop.id);
        paid.add(teaOrder(shop, "out-of-library", seller));

        // ¥100 each: tea at 10 %, cake at the template's 5 %, tea at 15 %, 15 % + 3 %, 15 %, cake at 9 %, tea at nothing.
        assertThat(paid).containsExactly(1_000L, 500L, 1_500L, 1_800L, 1_500L, 900L, 0L);

        // The level programme: paid on receipt, inside the level period the programme opened.
        order(shop, "one-point-per-yuan", seller, "cake", null);
        byHand("update level_programme set points_per_yuan = 3 where shop_id = ?", shop.id);
        order(shop, "three-points-per-yuan", seller, "cake", null);
        JsonNode figures = shop.get("/api/v1/sharers/" + seller + "/level").expect(200).body().get("figures");
        assertThat(figures.get("points").asLong()).isEqualTo(100 + 300);
        shop.assertBooksBalance();
    }

    /** Each table intake keeps in memory, changed by hand, raises the shop's programme version (V16). */
    @Test
    void aChangeByHandToAnyTableOfTheProgrammeRaisesTheVersion() {
        assumeThat(TestDatabase.postgres()).as("PostgreSQL's triggers (V16)").isTrue();
        Api.Shop shop = api.newShop(json("commissionDepth", 1));
        shop.product("tea", "FIXED_RATE", 1_000L, null);
        shop.post("/api/v1/boosts", json("productId", "tea", "extraRateBp", 300,
                "startsAt", paidAt.toString(), "endsAt", paidAt.plus(1, ChronoUnit.DAYS).toString())).expect(201);
        shop.post("/api/v1/commission-templates", json("name", "live", "rates", List.of(json("levelRank", 1, "depth1RateBp", 500)),
                "tiers", List.of(json("metric", "ORDERS", "threshold", 20, "rateBp", 1000)))).expect(201);
        shop.put("/api/v1/level-programme", programme(1)).expect(200);

        for (String table : List.of("product", "boost", "commission_template", "commission_template_rate", "commission_template_tier",
                "level_programme", "level_definition")) {
            long before = programmeVersion(shop);
            byHand("update " + table + " set shop_id = shop_id where shop_id = ?", shop.id);
            assertThat(programmeVersion(shop)).as(table).isGreaterThan(before);
        }
    }

    private long programmeVersion(Api.Shop shop) {
        return jdbc.sql("select programme_version from shop where id = ?").param(shop.id).query(Long.class).single();
    }

    /** A statement run beside the application, committed on its own: nothing raises the programme's version but the database. */
    private void byHand(String sql, long shopId) {
        assertThat(jdbc.sql(sql).param(shopId).update()).isPositive();
    }

    @Test
    void theOrderAfterATemplateIsEditedIsPricedByIt() {
        Api.Shop shop = api.newShop(json("commissionDepth", 1, "level1RateBp", 600));
        long seller = shop.sharer("seller", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        long template = shop.post("/api/v1/commission-templates", template(500)).expect(201).id();
        shop.put("/api/v1/sharers/" + seller + "/template", json("templateId", template)).expect(200);
        List<Long> paid = new ArrayList<>();

        paid.add(teaOrder(shop, "template", seller));
        paid.add(teaOrder(shop, "template-again", seller));
        shop.put("/api/v1/commission-templates/" + template, template(900)).expect(200);
        paid.add(teaOrder(shop, "template-edited", seller));
        long other = shop.post("/api/v1/commission-templates", json("name", "another",
                "rates", List.of(json("levelRank", 1, "depth1RateBp", 700)))).expect(201).id();
        shop.put("/api/v1/sharers/" + seller + "/template", json("templateId", other)).expect(200);
        paid.add(teaOrder(shop, "other-template", seller));

        // ¥100 of tea each: the template's 5 % twice, its 9 % once edited, then the other template's 7 %.
        assertThat(paid).containsExactly(500L, 500L, 900L, 700L);
    }

    private static Object template(int rateBp) {
        return json("name", "live", "rates", List.of(json("levelRank", 1, "depth1RateBp", rateBp)));
    }

    @Test
    void theOrderAfterAChangeToTheLevelProgrammeCountsByIt() {
        Api.Shop shop = api.newShop(json("commissionDepth", 1));
        long seller = shop.sharer("seller", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.put("/api/v1/level-programme", programme(1)).expect(200);
        // Paid on receipt: inside the level period the programme opened just now.
        teaOrder(shop, "one-point-per-yuan", seller, null);
        teaOrder(shop, "one-point-per-yuan-again", seller, null);

        shop.put("/api/v1/level-programme", programme(3)).expect(200);
        teaOrder(shop, "three-points-per-yuan", seller, null);

        // ¥100 at 1 point per yuan twice, then ¥100 at 3.
        JsonNode figures = shop.get("/api/v1/sharers/" + seller + "/level").expect(200).body().get("figures");
        assertThat(figures.get("points").asLong()).isEqualTo(100 + 100 + 300);
        assertThat(figures.get("orders").asLong()).isEqualTo(3);
    }

    private static Object programme(int pointsPerYuan) {
        return json("pointsPerYuan", pointsPerYuan, "levels", List.of(json("rank", 1, "name", "L1"),
                json("rank", 2, "name", "L2", "entry", json("points", 1_000_000))));
    }

    /** Posts an order of ¥100 of tea by the seller, paid a day ago; answers the commission it paid. */
    private long teaOrder(Api.Shop shop, String orderId, long seller) {
        return teaOrder(shop, orderId, seller, paidAt.toString());
    }

    /** Posts an order of ¥100 of tea by the seller, paid at {@code paidAt} (null: on receipt); answers the commission it paid. */
    private static long teaOrder(Api.Shop shop, String orderId, long seller, String paidAt) {
        return order(shop, orderId, seller, "tea", paidAt);
    }

    /** Posts an order of ¥100 of the product by the seller, paid at {@code paidAt} (null: on receipt); answers the commission it paid. */
    private static long order(Api.Shop shop, String orderId, long seller, String productId, String paidAt) {
        JsonNode order = shop.order(orderId, "customer-" + orderId, seller, paidAt, line("l-1", productId, 1, 10_000))
                .expect(201).body();
        long total = 0;
        for (JsonNode line : order.get("commission")) {
            total += line.get("amountFen").asLong();
        }
        return total;
    }
}
