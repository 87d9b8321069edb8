package org.sharerengine.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.commission.CommissionIntegrationTests.amounts;
import static org.sharerengine.commission.CommissionTemplateIntegrationTests.TEMPLATES;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * LEVEL_RATE products pay each beneficiary by its own template at its own current level rank
 * (SPEC §4–5). The level programme is built elsewhere; these tests put sharers on ranks directly.
 */
@ApiTest
class LevelRateIntegrationTests {

    static final String PAID = "2026-03-02T10:00:00Z";

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;


    @Test
    void paysEachBeneficiaryByItsOwnTemplateAtItsOwnRankForItsDepth() {
        Api.Shop shop = api.newShop(json("commissionDepth", 3, "level1RateBp", 600, "level2RateBp", 100, "level3RateBp", 30));
        long standard = template(shop, "Standard", rung(1, 500, 100, 50), rung(2, 800, 150, 80), rung(3, 1000, 200, 100));
        long leaders = template(shop, "Leaders", rung(1, 700, 250, 120), rung(3, 1200, 300, 150));
        long root = shop.sharer("root", null);
        long leader = shop.sharer("leader", root);
        long seller = shop.sharer("seller", leader);
        assign(shop, seller, standard);
        assign(shop, leader, leaders);
        shop.level(seller, 2);
        shop.level(leader, 3);
        shop.product("tea", "LEVEL_RATE", null, null);

        JsonNode order = shop.order("o-1", "customer", seller, PAID, line("l-1", "tea", 1, 12_345)).expect(201).body();

        // seller: Standard rank 2 depth 1 = 800 → floor(12345 × 800 / 10000) = 987
        // leader: Leaders rank 3 depth 2 = 300 → floor(12345 × 300 / 10000) = 370
        // root: no template, rank 1 → the shop's depth-3 rate 30 → floor(12345 × 30 / 10000) = 37
        assertThat(amounts(order)).containsExactly("1:" + seller + ":987", "2:" + leader + ":370", "3:" + root + ":37");
        JsonNode lines = order.get("commission");
        assertThat(lines.get(0).get("template").get("name").asString()).isEqualTo("Standard");
        assertThat(lines.get(0).get("levelRank").asInt()).isEqualTo(2);
        assertThat(lines.get(0).get("baseRateBp").asInt()).isEqualTo(800);
        assertThat(lines.get(0).get("rateBp").asInt()).isEqualTo(800);
        assertThat(lines.get(1).get("template").get("id").asLong()).isEqualTo(leaders);
        assertThat(lines.get(1).get("levelRank").asInt()).isEqualTo(3);
        assertThat(lines.get(2).get("template").isNull()).isTrue();
        assertThat(lines.get(2).get("levelRank").asInt()).isEqualTo(1);
        shop.assertBooksBalance();
    }

    @Test
    void aShortLadderCoversEveryRankWithTheHighestRungAtOrBelowIt() {
        Api.Shop shop = api.newShop(json("commissionDepth", 1));
        long ladder = template(shop, "Two rungs", rung(1, 500, 0, 0), rung(3, 1000, 0, 0));
        long second = shop.sharer("second", null);
        long fifth = shop.sharer("fifth", null);
        assign(shop, second, ladder);
        assign(shop, fifth, ladder);
        shop.level(second, 2);
        shop.level(fifth, 5);
        shop.product("tea", "LEVEL_RATE", null, null);

        JsonNode bySecond = shop.order("o-1", "c-1", second, PAID, line("l-1", "tea", 1, 10_000)).expect(201).body();
        JsonNode byFifth = shop.order("o-2", "c-2", fifth, PAID, line("l-1", "tea", 1, 10_000)).expect(201).body();

        assertThat(amounts(bySecond)).containsExactly("1:" + second + ":500");
        assertThat(amounts(byFifth)).containsExactly("1:" + fifth + ":1000");
    }

    @Test
    void aTemplateEditPaysFromTheNextOrderAndLeavesEarlierLinesAlone() {
        Api.Shop shop = api.newShop(json("commissionDepth", 1));
        long standard = template(shop, "Standard", rung(1, 500, 0, 0));
        long seller = shop.sharer("seller", null);
        assign(shop, seller, standard);
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.order("o-1", "c-1", seller, PAID, line("l-1", "tea", 1, 10_000)).expect(201);

        shop.put(TEMPLATES + "/" + standard, json("name", "Standard", "rates", List.of(rung(1, 900, 0, 0)))).expect(200);
        JsonNode after = shop.order("o-2", "c-2", seller, "2026-03-02T11:00:00Z", line("l-1", "tea", 1, 10_000)).expect(201).body();

        assertThat(amounts(after)).containsExactly("1:" + seller + ":900");
        assertThat(amounts(shop.get("/api/v1/orders/o-1").expect(200).body())).containsExactly("1:" + seller + ":500");
        assertThat(shop.wallet(seller).get("pendingFen").asLong()).isEqualTo(1_400);
    }

    @Test
    void aSharerTakenOffItsTemplateEarnsTheShopDefaultAgain() {
        Api.Shop shop = api.newShop(json("commissionDepth", 1, "level1RateBp", 600));
        long standard = template(shop, "Standard", rung(1, 500, 0, 0));
        long seller = shop.sharer("seller", null);
        assign(shop, seller, standard);
        shop.product("tea", "LEVEL_RATE", null, null);

        shop.put("/api/v1/sharers/" + seller + "/template", json("templateId", null)).expect(200);
        JsonNode order = shop.order("o-1", "c-1", seller, PAID, line("l-1", "tea", 1, 10_000)).expect(201).body();

        assertThat(amounts(order)).containsExactly("1:" + seller + ":600");
    }

    @Test
    void anExclusiveProductPaysNoOneWhenTheSellerIsBelowItsLevel() {
        Api.Shop shop = api.newShop(json("commissionDepth", 2, "level1RateBp", 600, "level2RateBp", 100));
        long inviter = shop.sharer("inviter", null);
        long seller = shop.sharer("seller", inviter);
        shop.level(inviter, 3);
        exclusive(shop, "premium", 2);

        JsonNode order = shop.order("o-1", "customer", seller, PAID, line("l-1", "premium", 1, 10_000)).expect(201).body();

        // The seller is on rank 1, below 2: nobody earns on the line, not even the rank-3 inviter.
        assertThat(order.get("commission").isEmpty()).isTrue();
        assertThat(shop.wallet(inviter).get("pendingFen").asLong()).isZero();
    }

    @Test
    void anExclusiveProductSkipsAnInviterBelowItsLevelAndPaysTheSellerAtIt() {
        Api.Shop shop = api.newShop(json("commissionDepth", 2, "level1RateBp", 600, "level2RateBp", 100));
        long inviter = shop.sharer("inviter", null);
        long seller = shop.sharer("seller", inviter);
        shop.level(seller, 2);
        exclusive(shop, "premium", 2);
        shop.product("tea", "LEVEL_RATE", null, null);

        JsonNode order = shop.order("o-1", "customer", seller, PAID, line("l-1", "premium", 1, 10_000),
                line("l-2", "tea", 1, 10_000)).expect(201).body();

        // premium: the seller (rank 2) earns, the inviter (rank 1) does not; tea is open to every level.
        assertThat(amounts(order)).containsExactly("1:" + seller + ":600", "1:" + seller + ":600", "2:" + inviter + ":100");
        assertThat(order.get("commission").findValues("productId").stream().map(JsonNode::asString))
                .containsExactly("premium", "tea", "tea");
        JsonNode product = shop.get("/api/v1/products/premium").expect(200).body();
        assertThat(product.get("minLevelRank").asInt()).isEqualTo(2);
        assertThat(product.get("category").asString()).isEqualTo("gift");
    }

    /**
     * Intake locks only its sellers' level rows: the inviters' ranks are read with them, unlocked. An
     * order through the seller is answered while another transaction holds the inviter's level row,
     * and pays the inviter by the rank that row holds.
     */
    @Test
    void paysAnInviterByItsRankWithoutWaitingForItsLevelRow() throws Exception {
        Api.Shop shop = api.newShop(json("commissionDepth", 2, "level1RateBp", 600, "level2RateBp", 100));
        long leaders = template(shop, "Leaders", rung(1, 700, 250, 50), rung(3, 1200, 300, 100));
        long leader = shop.sharer("leader", null);
        assign(shop, leader, leaders);
        shop.level(leader, 3);
        // Joined under the level programme, so the seller has a level row for intake to lock.
        long seller = shop.sharer("seller", leader);
        shop.product("tea", "LEVEL_RATE", null, null);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Threads of its own: the common pool may have a single thread, which the holder would keep.
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
            jdbc.sql("select level_rank from sharer_level where shop_id = :shop and sharer_id = :leader for update")
                    .param("shop", shop.id).param("leader", leader).query(Integer.class).single();
            held.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), threads);
        try {
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

            JsonNode order = CompletableFuture.supplyAsync(() -> shop.order("o-1", "customer", seller, PAID,
                    line("l-1", "tea", 1, 10_000)).expect(201).body(), threads).get(10, TimeUnit.SECONDS);

            // seller: no template, rank 1, the shop's 6 % = 600; leader: Leaders rank 3 depth 2 = 3 % = 300.
            assertThat(amounts(order)).containsExactly("1:" + seller + ":600", "2:" + leader + ":300");
        } finally {
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
            threads.shutdown();
        }
    }

    @Test
    void refusesAnExclusiveLevelOutOfRange() {
        Api.Shop shop = api.newShop();

        JsonNode problem = shop.put("/api/v1/products/premium", json("name", "Premium", "commissionMode", "LEVEL_RATE",
                "minLevelRank", 0)).expect(400).body();

        assertThat(problem.get("code").asString()).isEqualTo("invalid_min_level_rank");
        shop.get("/api/v1/products/premium").expect(404);
    }

    static long template(Api.Shop shop, String name, Object... rungs) {
        return shop.post(TEMPLATES, json("name", name, "rates", List.of(rungs))).expect(201).id();
    }

    static Object rung(int rank, int depth1, int depth2, int depth3) {
        return json("levelRank", rank, "depth1RateBp", depth1, "depth2RateBp", depth2, "depth3RateBp", depth3);
    }

    static void assign(Api.Shop shop, long sharer, long template) {
        shop.put("/api/v1/sharers/" + sharer + "/template", json("templateId", template)).expect(200);
    }

    static void exclusive(Api.Shop shop, String productId, int minLevelRank) {
        shop.put("/api/v1/products/" + productId, json("name", "Premium", "commissionMode", "LEVEL_RATE", "category", "gift",
                "minLevelRank", minLevelRank)).expect(200);
    }
}
