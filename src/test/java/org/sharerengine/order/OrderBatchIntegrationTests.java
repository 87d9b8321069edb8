package org.sharerengine.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sharerengine.leveling.MutableClock;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@ApiTest
@Import(MutableClock.Config.class)
class OrderBatchIntegrationTests {

    static final String BATCHES = "/api/v1/order-batches";
    /** 2026-11-01 00:00 in Asia/Shanghai: the orders run from mid October across the month's end. */
    static final Instant NOVEMBER = Instant.parse("2026-10-31T16:00:00Z");
    static final List<String> SHARERS = List.of("root", "mid-a", "mid-b", "seller-a", "seller-b", "seller-c", "seller-d", "frozen");

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @BeforeEach
    void afterAllPayments() {
        clock.set("2026-11-20T00:00:00Z");
    }

    /** A shop with three depths, a points ladder, tiered and level templates, fixed products, an exclusive product and a boost. */
    private Map<String, Long> variedShop(Api.Shop shop) {
        shop.put("/api/v1/level-programme", json("pointsPerYuan", 1, "pointsPerOrder", 20, "levels", List.of(
                json("rank", 1, "name", "普通", "validity", json("unit", "PERMANENT")),
                json("rank", 2, "name", "中级", "entry", json("points", 400), "validity", json("unit", "PERMANENT")),
                json("rank", 3, "name", "高级", "entry", json("points", 1_500), "validity", json("unit", "PERMANENT"))))).expect(200);
        Map<String, Long> ids = new HashMap<>();
        ids.put("root", shop.sharer("root", null));
        ids.put("mid-a", shop.sharer("mid-a", ids.get("root")));
        ids.put("mid-b", shop.sharer("mid-b", ids.get("root")));
        ids.put("seller-a", shop.sharer("seller-a", ids.get("mid-a")));
        ids.put("seller-b", shop.sharer("seller-b", ids.get("mid-a")));
        ids.put("seller-c", shop.sharer("seller-c", ids.get("mid-b")));
        ids.put("seller-d", shop.sharer("seller-d", null));
        ids.put("frozen", shop.sharer("frozen", ids.get("mid-b")));
        shop.post("/api/v1/sharers/" + ids.get("frozen") + "/freeze", null).expect(200);
        long tiered = shop.post("/api/v1/commission-templates", json("name", "tiered",
                "rates", List.of(json("levelRank", 1, "depth1RateBp", 500, "depth2RateBp", 200, "depth3RateBp", 100),
                        json("levelRank", 2, "depth1RateBp", 700, "depth2RateBp", 300, "depth3RateBp", 150),
                        json("levelRank", 3, "depth1RateBp", 900, "depth2RateBp", 400, "depth3RateBp", 200)),
                "tiers", List.of(json("metric", "ORDERS", "threshold", 3, "rateBp", 1_100),
                        json("metric", "SALES", "threshold", 60_000, "rateBp", 1_300)))).expect(201).id();
        long ladder = shop.post("/api/v1/commission-templates", json("name", "ladder",
                "rates", List.of(json("levelRank", 1, "depth1RateBp", 400, "depth2RateBp", 150, "depth3RateBp", 50),
                        json("levelRank", 2, "depth1RateBp", 600, "depth2RateBp", 250, "depth3RateBp", 80)))).expect(201).id();
        for (String name : List.of("seller-a", "seller-c")) {
            shop.put("/api/v1/sharers/" + ids.get(name) + "/template", json("templateId", tiered)).expect(200);
        }
        for (String name : List.of("mid-a", "seller-b")) {
            shop.put("/api/v1/sharers/" + ids.get(name) + "/template", json("templateId", ladder)).expect(200);
        }
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.product("cup", "FIXED_RATE", 800L, 300L);
        shop.product("pot", "FIXED_AMOUNT", 150L, 50L);
        shop.put("/api/v1/products/gift", json("name", "Premium", "commissionMode", "LEVEL_RATE", "category", "gift",
                "minLevelRank", 2)).expect(200);
        shop.post("/api/v1/boosts", json("productId", "tea", "extraRateBp", 300, "startsAt", NOVEMBER.minusSeconds(86_400 * 3),
                "endsAt", NOVEMBER.plusSeconds(86_400 * 2))).expect(201);
        return ids;
    }

    /** ~100 orders from the same seed: sellers, self-purchases, unattributed ones, one to three lines, across the month's end. */
    private static List<Map<String, Object>> variedOrders(Map<String, Long> ids) {
        Random random = new Random(20261129);
        List<String> products = List.of("tea", "cup", "pot", "gift", "unknown");
        List<String> sellers = List.of("seller-a", "seller-a", "seller-b", "seller-c", "seller-c", "seller-d", "mid-a", "frozen", "root");
        List<Map<String, Object>> orders = new ArrayList<>();
        for (int n = 0; n < 100; n++) {
            String seller = sellers.get(random.nextInt(sellers.size()));
            boolean self = random.nextInt(10) == 0;
            boolean unattributed = random.nextInt(12) == 0;
            List<Object> lines = new ArrayList<>();
            int count = 1 + random.nextInt(3);
            for (int l = 0; l < count; l++) {
                lines.add(line("l" + l, products.get(random.nextInt(products.size())), 1 + random.nextInt(3), 1_000 + random.nextInt(30_000)));
            }
            // Mostly in order of payment, now and then one paid earlier than the order before it.
            Instant paidAt = NOVEMBER.minusSeconds(86_400L * 12).plusSeconds(3_600L * 5 * n - (n % 7 == 3 ? 3_600L * 30 : 0));
            orders.add(json("orderId", "o-" + n, "customerId", self ? seller : "c-" + random.nextInt(40),
                    "sharerId", unattributed ? null : ids.get(seller), "paidAt", paidAt.toString(), "lines", lines));
        }
        return orders;
    }

    @Test
    void aBatchHasExactlyTheResultOfTheSameOrdersPostedOneAtATime() {
        // The sharers join before the orders are paid, so the sales count towards their level periods.
        clock.set("2026-10-10T00:00:00Z");
        Api.Shop one = api.newShop(json("commissionDepth", 3, "level2RateBp", 200, "level3RateBp", 100));
        Api.Shop bulk = api.newShop(json("commissionDepth", 3, "level2RateBp", 200, "level3RateBp", 100));
        Map<String, Long> oneIds = variedShop(one);
        Map<String, Long> bulkIds = variedShop(bulk);

        clock.set("2026-11-20T00:00:00Z");
        List<Map<String, Object>> singly = variedOrders(oneIds);
        Map<String, Long> singlyPaid = new HashMap<>();
        for (Map<String, Object> order : singly) {
            JsonNode view = one.post("/api/v1/orders", order).expect(201).body();
            long paid = 0;
            for (JsonNode c : view.get("commission")) {
                paid += c.get("amountFen").asLong();
            }
            singlyPaid.put((String) order.get("orderId"), paid);
        }
        List<Map<String, Object>> batched = variedOrders(bulkIds);
        List<JsonNode> outcomes = new ArrayList<>();
        for (int from = 0; from < batched.size(); from += 37) {
            JsonNode result = bulk.post(BATCHES, json("orders", batched.subList(from, Math.min(from + 37, batched.size())))).expect(200).body();
            assertThat(result.get("replayed").asInt()).isZero();
            result.get("orders").forEach(outcomes::add);
        }

        assertThat(outcomes).hasSize(100);
        for (JsonNode outcome : outcomes) {
            assertThat(outcome.get("commissionFen").asLong()).as(outcome.get("orderId").asString())
                    .isEqualTo(singlyPaid.get(outcome.get("orderId").asString()));
        }
        assertThat(commission(bulk, bulkIds)).isEqualTo(commission(one, oneIds)).hasSizeGreaterThan(150);
        assertThat(commission(one, oneIds)).anyMatch(l -> l.contains("tier=") && !l.contains("tier=null"))
                .anyMatch(l -> l.contains("boost=") && !l.contains("boost=null"))
                .anyMatch(l -> l.contains("rank=3"));
        for (String sharer : SHARERS) {
            assertThat(wallet(bulk, bulkIds.get(sharer))).as(sharer).isEqualTo(wallet(one, oneIds.get(sharer)));
            assertThat(level(bulk, bulkIds.get(sharer))).as(sharer).isEqualTo(level(one, oneIds.get(sharer)));
        }
        assertThat(monthSales(bulk, bulkIds)).isEqualTo(monthSales(one, oneIds)).hasSizeGreaterThan(8);
        bulk.assertBooksBalance();
    }

    /** Every commission line of the shop, beneficiaries by name, in order of creation. */
    private List<String> commission(Api.Shop shop, Map<String, Long> ids) {
        Map<Long, String> names = new HashMap<>();
        ids.forEach((name, id) -> names.put(id, name));
        return jdbc.sql("""
                select order_external_id, line_external_id, depth, beneficiary_id, rule, rate_bp, fixed_fen, level_rank, template_name,
                  base_rate_bp, tier_metric, tier_figure, tier_rate_bp, boost_rate_bp, amount_fen
                from commission_line where shop_id = :shop order by id""")
                .param("shop", shop.id)
                .query((rs, n) -> rs.getString(1) + "/" + rs.getString(2) + " d" + rs.getInt(3) + " " + names.get(rs.getLong(4))
                        + " " + rs.getString(5) + " rate=" + rs.getObject(6) + " fixed=" + rs.getObject(7) + " rank=" + rs.getObject(8)
                        + " template=" + rs.getString(9) + " base=" + rs.getObject(10) + " tier=" + rs.getString(11) + ":"
                        + rs.getObject(12) + ":" + rs.getObject(13) + " boost=" + rs.getObject(14) + " amount=" + rs.getLong(15))
                .list();
    }

    private static String wallet(Api.Shop shop, long sharer) {
        JsonNode wallet = shop.wallet(sharer);
        return wallet.get("pendingFen") + "/" + wallet.get("availableFen") + "/" + wallet.get("frozenFen") + "/" + wallet.get("paidOutFen");
    }

    private static String level(Api.Shop shop, long sharer) {
        JsonNode level = shop.get("/api/v1/sharers/" + sharer + "/level").expect(200).body();
        return level.get("rank").asInt() + " " + level.get("figures");
    }

    private List<String> monthSales(Api.Shop shop, Map<String, Long> ids) {
        Map<Long, String> names = new HashMap<>();
        ids.forEach((name, id) -> names.put(id, name));
        return jdbc.sql("select month_start, sharer_id, sales_fen, orders from sharer_month_sales where shop_id = :shop")
                .param("shop", shop.id)
                .query((rs, n) -> rs.getDate(1).toLocalDate() + " " + names.get(rs.getLong(2)) + " " + rs.getLong(3) + " " + rs.getInt(4))
                .list().stream().sorted().toList();
    }

    @Test
    void anInvalidOrderAnywhereRefusesTheWholeBatchAndNamesItsField() {
        Api.Shop shop = api.newShop();
        long seller = shop.sharer("seller", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        Map<String, Object> good = order("o-1", seller, 10_000);

        JsonNode negative = shop.post(BATCHES, json("orders", List.of(good, order("o-2", seller, -5)))).expect(400).body();
        JsonNode twice = shop.post(BATCHES, json("orders", List.of(good, order("o-2", seller, 5), order("o-1", seller, 7))))
                .expect(400).body();
        JsonNode unknownSharer = shop.post(BATCHES, json("orders", List.of(good, order("o-2", 999_999_999L, 5)))).expect(400).body();
        JsonNode empty = shop.post(BATCHES, json("orders", List.of())).expect(400).body();

        assertThat(field(negative)).isEqualTo("orders[1].lines[0].amountFen");
        assertThat(field(twice)).isEqualTo("orders[2].orderId");
        assertThat(field(unknownSharer)).isEqualTo("orders[1].sharerId");
        assertThat(field(empty)).isEqualTo("orders");
        shop.get("/api/v1/orders/o-1").expect(404);
        assertThat(shop.wallet(seller).get("pendingFen").asLong()).isZero();
    }

    @Test
    void eachOrderOfABatchIsAttributedAsIfAlone() {
        Api.Shop shop = api.newShop(json("bindingValidityDays", 7));
        long alice = shop.sharer("alice", null);
        long bob = shop.sharer("bob", null);
        long frozen = shop.sharer("frozen", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        String aliceShare = share(shop, alice);
        String bobShare = share(shop, bob);
        visit(shop, aliceShare, "carol", "2026-10-01T00:00:00Z");
        visit(shop, share(shop, frozen), "dave", "2026-10-01T00:00:00Z");
        shop.post("/api/v1/sharers/" + frozen + "/freeze", null).expect(200);

        List<Map<String, Object>> orders = List.of(
                // A new customer through alice's share, three times: ordering binds no one, so the fourth order, without a token, has no sharer.
                claimed("o-0", "newbie", "shareToken", aliceShare, "2026-10-02T00:00:00Z"),
                claimed("o-1", "newbie", "shareToken", aliceShare, "2026-10-02T01:00:00Z"),
                claimed("o-2", "newbie", "shareToken", aliceShare, "2026-10-02T02:00:00Z"),
                claimed("o-3", "newbie", null, null, "2026-10-02T03:00:00Z"),
                // Carol is bound to alice for seven days; bob's token wins over her binding; later her binding has expired.
                claimed("o-4", "carol", null, null, "2026-10-03T00:00:00Z"),
                claimed("o-5", "carol", "shareToken", bobShare, "2026-10-04T00:00:00Z"),
                claimed("o-6", "carol", null, null, "2026-10-09T00:00:00Z"),
                // Dave's binding holds a frozen sharer, who takes no orders by binding.
                claimed("o-7", "dave", null, null, "2026-10-05T00:00:00Z"),
                // Alice buying through her own share, and named by her external user id.
                claimed("o-8", "alice", "shareToken", aliceShare, "2026-10-05T00:00:00Z"),
                claimed("o-9", "erin", "sharerExternalUserId", "bob", "2026-10-05T00:00:00Z"),
                claimed("o-10", "bob", "sharerId", bob, "2026-10-05T00:00:00Z"));

        shop.post(BATCHES, json("orders", orders)).expect(200);

        assertThat(orders.stream().map(order -> attribution(shop, (String) order.get("orderId"), Map.of(alice, "alice", bob, "bob"),
                Map.of(aliceShare, "alice's share", bobShare, "bob's share"))).toList()).containsExactly(
                "SHARE_TOKEN alice alice's share", "SHARE_TOKEN alice alice's share", "SHARE_TOKEN alice alice's share", "NONE",
                "BINDING alice", "SHARE_TOKEN bob bob's share", "NONE",
                "NONE",
                "SHARE_TOKEN alice alice's share self", "ORDER_SHARER bob", "ORDER_SHARER bob self");
    }

    @Test
    void aSharerOrShareABatchNamesInVainIsRefusedWithItsOrdersField() {
        Api.Shop shop = api.newShop();
        long seller = shop.sharer("seller", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        Map<String, Object> good = claimed("o-0", "c", "sharerId", seller, "2026-10-01T00:00:00Z");

        JsonNode unknownToken = shop.post(BATCHES, json("orders", List.of(good,
                claimed("o-1", "c", "shareToken", "s-none", "2026-10-01T00:00:00Z")))).expect(400).body();
        JsonNode unknownExternal = shop.post(BATCHES, json("orders", List.of(good,
                claimed("o-1", "c", "sharerExternalUserId", "nobody", "2026-10-01T00:00:00Z")))).expect(400).body();
        Map<String, Object> namedTwice = claimed("o-1", "c", "sharerId", seller, "2026-10-01T00:00:00Z");
        namedTwice.put("sharerExternalUserId", "seller");
        JsonNode twice = shop.post(BATCHES, json("orders", List.of(good, namedTwice))).expect(400).body();
        // The first refused order is named, as if the orders had been received one by one: a bad token before a future payment.
        JsonNode first = shop.post(BATCHES, json("orders", List.of(good,
                claimed("o-1", "c", "shareToken", "s-none", "2026-10-01T00:00:00Z"),
                claimed("o-2", "c", "sharerId", seller, "2027-01-01T00:00:00Z")))).expect(400).body();

        assertThat(field(unknownToken)).isEqualTo("orders[1].shareToken");
        assertThat(field(unknownExternal)).isEqualTo("orders[1].sharerExternalUserId");
        assertThat(field(twice)).isEqualTo("orders[1].sharerId");
        assertThat(field(first)).isEqualTo("orders[1].shareToken");
        shop.get("/api/v1/orders/o-0").expect(404);
    }

    private static String share(Api.Shop shop, long sharer) {
        return shop.post("/api/v1/shares", json("sharerId", sharer, "targetType", "PRODUCT", "targetId", "tea")).expect(201)
                .get("token").asString();
    }

    private static void visit(Api.Shop shop, String token, String customer, String at) {
        assertThat(shop.post("/api/v1/visits", json("token", token, "customerId", customer, "visitedAt", at)).expect(200)
                .get("outcome").asString()).isEqualTo("BOUND");
    }

    /** An order whose claim on a sharer is one field (or none, with a null field). */
    private static Map<String, Object> claimed(String orderId, String customer, String field, Object value, String paidAt) {
        Map<String, Object> order = json("orderId", orderId, "customerId", customer, "paidAt", paidAt,
                "lines", List.of(line("l", "tea", 1, 10_000)));
        if (field != null) {
            order.put(field, value);
        }
        return order;
    }

    /** The stored attribution: rule, sharer and share by name, and "self" for a self-purchase. */
    private static String attribution(Api.Shop shop, String orderId, Map<Long, String> sharers, Map<String, String> shares) {
        JsonNode attribution = shop.get("/api/v1/orders/" + orderId).expect(200).get("attribution");
        return String.join(" ", Stream.of(attribution.get("rule").asString(),
                attribution.get("sharerId").isNull() ? null : sharers.get(attribution.get("sharerId").asLong()),
                attribution.get("shareToken").isNull() ? null : shares.get(attribution.get("shareToken").asString()),
                attribution.get("selfPurchase").asBoolean() ? "self" : null).filter(Objects::nonNull).toList());
    }

    @Test
    void anOrderReceivedBeforeReplaysAndWithAnotherPayloadRefusesTheBatch() {
        Api.Shop shop = api.newShop();
        long seller = shop.sharer("seller", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.order("o-1", "c", seller, "2026-10-01T00:00:00Z", line("l", "tea", 1, 10_000)).expect(201);

        JsonNode result = shop.post(BATCHES, json("orders", List.of(order("o-1", seller, 10_000), order("o-2", seller, 5_000))))
                .expect(200).body();
        JsonNode conflict = shop.post(BATCHES, json("orders", List.of(order("o-3", seller, 1_000), order("o-1", seller, 9_999))))
                .expect(409).body();

        assertThat(result.get("created").asInt()).isEqualTo(1);
        assertThat(result.get("replayed").asInt()).isEqualTo(1);
        JsonNode replayed = result.get("orders").get(0);
        assertThat(replayed.get("orderId").asString()).isEqualTo("o-1");
        assertThat(replayed.get("replayed").asBoolean()).isTrue();
        assertThat(replayed.get("attributedSharerId").asLong()).isEqualTo(seller);
        assertThat(replayed.get("commissionFen").asLong()).isEqualTo(600);
        assertThat(result.get("orders").get(1).get("commissionFen").asLong()).isEqualTo(300);
        assertThat(result.get("orders").get(1).get("replayed").asBoolean()).isFalse();
        assertThat(conflict.get("code").asString()).isEqualTo("idempotency_conflict");
        assertThat(conflict.get("detail").asString()).contains("o-1");
        shop.get("/api/v1/orders/o-3").expect(404);
        assertThat(shop.wallet(seller).get("pendingFen").asLong()).isEqualTo(900);
    }

    @Test
    void theSameBatchSentConcurrentlyIsStoredOnceAndBothSucceed() throws Exception {
        Api.Shop shop = api.newShop();
        long seller = shop.sharer("seller", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        List<Map<String, Object>> orders = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            orders.add(order("o-" + n, seller, 1_000 + n));
        }
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<Api.Response>> sends = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            sends.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return shop.post(BATCHES, json("orders", orders));
            }));
        }
        List<JsonNode> results = new ArrayList<>();
        for (CompletableFuture<Api.Response> send : sends) {
            results.add(send.get().expect(200).body());
        }

        assertThat(results.stream().mapToInt(r -> r.get("created").asInt()).sum()).isEqualTo(40);
        assertThat(results.stream().mapToInt(r -> r.get("replayed").asInt()).sum()).isEqualTo(40);
        long expected = 0;
        for (int n = 0; n < 40; n++) {
            expected += (1_000 + n) * 6 / 100;
        }
        assertThat(shop.wallet(seller).get("pendingFen").asLong()).isEqualTo(expected);
        assertThat(jdbc.sql("select count(*) from commission_line where shop_id = :shop").param("shop", shop.id)
                .query(Long.class).single()).isEqualTo(40);
        shop.assertBooksBalance();
    }

    @Test
    void batchesWithTheSameSellersInOppositeOrderAllSucceedWhenSentTogether() throws Exception {
        Api.Shop shop = api.newShop();
        shop.put("/api/v1/level-programme", json("pointsPerYuan", 1, "levels", List.of(json("rank", 1, "name", "普通"),
                json("rank", 2, "name", "中级", "entry", json("points", 1_000_000))))).expect(200);
        long inviter = shop.sharer("inviter", null);
        List<Long> sellers = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            sellers.add(shop.sharer("seller-" + s, inviter));
        }
        shop.product("tea", "LEVEL_RATE", null, null);
        int rounds = 5;
        for (int round = 0; round < rounds; round++) {
            // Each batch locks every seller's level row and the shared inviter's wallet; one walks them up, the other down.
            List<Map<String, Object>> up = new ArrayList<>();
            List<Map<String, Object>> down = new ArrayList<>();
            for (int s = 0; s < sellers.size(); s++) {
                up.add(order("up-" + round + "-" + s, sellers.get(s), 1_000));
                down.add(order("down-" + round + "-" + s, sellers.get(sellers.size() - 1 - s), 1_000));
            }
            CyclicBarrier start = new CyclicBarrier(2);
            List<CompletableFuture<Api.Response>> sends = new ArrayList<>();
            for (List<Map<String, Object>> batch : List.of(up, down)) {
                sends.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return shop.post(BATCHES, json("orders", batch));
                }));
            }
            for (CompletableFuture<Api.Response> send : sends) {
                assertThat(send.get().expect(200).body().get("created").asInt()).isEqualTo(sellers.size());
            }
        }

        int orders = rounds * 2 * sellers.size();
        assertThat(jdbc.sql("select count(*) from commission_line where shop_id = :shop").param("shop", shop.id)
                .query(Long.class).single()).isEqualTo(orders * 2L);
        assertThat(shop.wallet(inviter).get("pendingFen").asLong()).isEqualTo(orders * 10L);
        shop.assertBooksBalance();
    }

    private static Map<String, Object> order(String orderId, long sharer, long amountFen) {
        return json("orderId", orderId, "customerId", "c", "sharerId", sharer, "paidAt", "2026-10-01T00:00:00Z",
                "lines", List.of(line("l", "tea", 1, amountFen)));
    }

    private static String field(JsonNode problem) {
        return problem.get("errors").get(0).get("field").asString();
    }
}
