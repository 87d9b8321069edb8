package org.sharerengine.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.RoundTrips;
import org.sharerengine.shared.ShopId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Single orders sent concurrently to one shop are stored in groups (group commit), each with the
 * result and the answer it would have had alone, in the order the orders were stored.
 */
@ApiTest
@Import(RoundTrips.Counting.class)
class SingleIntakeGroupsIntegrationTests {

    private static final int SELLERS = 4;
    /**
     * When the orders are paid, a second apart: after the programmes were set up (a sale before a
     * sharer joined counts for no level), so that the burst moves sellers up a level.
     */
    private Instant paid;

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Orders orders;

    @Autowired
    TransactionTemplate transactions;

    /** A shop with a chain of three depths, a level programme the burst moves sellers through, a tiered template and a boost. */
    private record Programme(Api.Shop shop, List<Long> sharers) {
    }

    private Programme programme() {
        Api.Shop shop = api.newShop(json("commissionDepth", 3, "level1RateBp", 600, "level2RateBp", 200, "level3RateBp", 100));
        shop.put("/api/v1/level-programme", json("pointsPerYuan", 1, "levels", List.of(json("rank", 1, "name", "L1"),
                json("rank", 2, "name", "L2", "entry", json("points", 500)),
                json("rank", 3, "name", "L3", "entry", json("points", 1_500))))).expect(200);
        List<Long> sharers = new ArrayList<>();
        sharers.add(shop.sharer("root", null));
        sharers.add(shop.sharer("mid", sharers.getFirst()));
        long tiered = shop.post("/api/v1/commission-templates", json("name", "tiered", "rates", List.of(
                json("levelRank", 1, "depth1RateBp", 500, "depth2RateBp", 200, "depth3RateBp", 100),
                json("levelRank", 2, "depth1RateBp", 700, "depth2RateBp", 250, "depth3RateBp", 120),
                json("levelRank", 3, "depth1RateBp", 900, "depth2RateBp", 300, "depth3RateBp", 150)),
                "tiers", List.of(json("metric", "ORDERS", "threshold", 3, "rateBp", 1_100)))).expect(201).id();
        for (int s = 0; s < SELLERS; s++) {
            long seller = shop.sharer("seller-" + s, sharers.get(1));
            shop.put("/api/v1/sharers/" + seller + "/template", json("templateId", tiered)).expect(200);
            sharers.add(seller);
        }
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.product("cup", "FIXED_AMOUNT", 800L, 300L);
        shop.post("/api/v1/boosts", json("productId", "tea", "extraRateBp", 300,
                "startsAt", Instant.now().minus(1, ChronoUnit.DAYS).toString(), "endsAt", Instant.now().plus(1, ChronoUnit.DAYS).toString()))
                .expect(201);
        return new Programme(shop, sharers);
    }

    private void paidFromNow() throws InterruptedException {
        Thread.sleep(1_000);
        paid = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private Map<String, Object> order(String orderId, long seller, int n) {
        return json("orderId", orderId, "customerId", "c-" + orderId, "sharerId", seller,
                "paidAt", paid.plus(n, ChronoUnit.SECONDS).toString(),
                "lines", List.of(line("a", "tea", 1, 12_000 + 100 * n), line("b", "cup", 2, 8_000)));
    }

    @Test
    void theAnswerToANewOrderIsTheOrderAsAReadShowsIt() throws Exception {
        Programme p = programme();
        paidFromNow();
        for (int n = 0; n < 4; n++) {
            JsonNode posted = p.shop().post("/api/v1/orders", order("o-" + n, p.sharers().get(2), n)).expect(201).body();
            JsonNode read = p.shop().get("/api/v1/orders/o-" + n).expect(200).body();
            assertThat(posted).isEqualTo(read);
            assertThat(posted.get("commission")).hasSize(5);
        }
        // Through the tier step (third order of the month) and a level change, every field still as stored.
        JsonNode last = p.shop().get("/api/v1/orders/o-3").expect(200).body().get("commission").get(0);
        assertThat(last.get("tierStep").isNull()).isFalse();
        assertThat(last.get("boost").isNull()).isFalse();
    }

    @Test
    void aConcurrentBurstPaysExactlyWhatTheSameOrdersPayOneAfterAnother() throws Exception {
        Programme concurrent = programme();
        Programme sequential = programme();
        paidFromNow();
        List<Map<String, Object>> orders = new ArrayList<>();
        for (int n = 0; n < 32; n++) {
            orders.add(order("o-" + n, concurrent.sharers().get(2 + n % SELLERS), n));
        }
        List<Api.Response> answers = burst(orders.stream().<Supplier<Api.Response>>map(
                order -> () -> concurrent.shop().post("/api/v1/orders", order)).toList());
        answers.forEach(answer -> answer.expect(201));
        concurrent.shop().assertBooksBalance();

        List<String> stored = jdbc.sql("select external_id from shop_order where shop_id = :shop order by id")
                .param("shop", concurrent.shop().id).query(String.class).list();
        assertThat(stored).hasSize(32);
        for (String orderId : stored) {
            Map<String, Object> again = new HashMap<>(orders.get(Integer.parseInt(orderId.substring(2))));
            int seller = concurrent.sharers().indexOf(((Number) again.get("sharerId")).longValue());
            again.put("sharerId", sequential.sharers().get(seller));
            sequential.shop().post("/api/v1/orders", again).expect(201);
        }
        sequential.shop().assertBooksBalance();

        for (String orderId : stored) {
            assertThat(commission(concurrent, orderId)).as(orderId).isEqualTo(commission(sequential, orderId));
        }
        for (int s = 0; s < concurrent.sharers().size(); s++) {
            long a = concurrent.sharers().get(s);
            long b = sequential.sharers().get(s);
            assertThat(concurrent.shop().wallet(a).get("pendingFen")).isEqualTo(sequential.shop().wallet(b).get("pendingFen"));
            JsonNode levelA = concurrent.shop().get("/api/v1/sharers/" + a + "/level").expect(200).body();
            JsonNode levelB = sequential.shop().get("/api/v1/sharers/" + b + "/level").expect(200).body();
            assertThat(levelA.get("rank")).isEqualTo(levelB.get("rank"));
            assertThat(levelA.get("figures")).isEqualTo(levelB.get("figures"));
        }
        // The burst moved sellers up: the levels (and so the LEVEL_RATE rates) changed within it.
        assertThat(concurrent.shop().get("/api/v1/sharers/" + concurrent.sharers().get(2) + "/level").expect(200).body()
                .get("rank").asInt()).isGreaterThan(1);
    }

    /** An order's commission as the shop-independent facts: line, depth, beneficiary's place in the programme, terms, amount. */
    private static List<String> commission(Programme p, String orderId) {
        List<String> lines = new ArrayList<>();
        for (JsonNode line : p.shop().get("/api/v1/orders/" + orderId).expect(200).body().get("commission")) {
            lines.add(line.get("orderLineId").asString() + "/" + line.get("depth").asInt() + " to #"
                    + p.sharers().indexOf(line.get("beneficiarySharerId").asLong()) + " rank " + line.get("levelRank")
                    + " rate " + line.get("rateBp") + " fixed " + line.get("fixedFen") + " tier " + line.get("tierStep")
                    + " boost " + line.get("boost").path("extraRateBp") + ": " + line.get("amountFen").asLong());
        }
        return lines;
    }

    /**
     * An order received inside a transaction of the caller's own is stored in it, not by a group's
     * writer (whose transaction would not see what the caller wrote): it is undone with that transaction.
     */
    @Test
    void anOrderReceivedInsideTheCallersTransactionGoesWithIt() {
        Programme p = programme();
        OrderRequest request = new OrderRequest("in-tx", "c-in-tx", p.sharers().get(2), null, null, null,
                List.of(new OrderRequest.Line("a", "tea", 1, 12_000)));
        transactions.executeWithoutResult(tx -> {
            assertThat(orders.receive(new ShopId(p.shop().id), request).replayed()).isFalse();
            tx.setRollbackOnly();
        });
        p.shop().get("/api/v1/orders/in-tx").expect(404);
    }

    @Test
    void aConcurrentBurstIsStoredInFewerStatementsThanOrderByOrder() throws Exception {
        Programme p = programme();
        paidFromNow();
        int sequential = 0;
        for (int n = 0; n < 8; n++) {
            Map<String, Object> order = order("s-" + n, p.sharers().get(2 + n % SELLERS), n);
            sequential += RoundTrips.of(() -> p.shop().post("/api/v1/orders", order).expect(201));
        }
        // 32 callers at once, each sending three orders one after another: the groups of the first
        // round depend on how the callers happen to start; after it, orders arrive while groups write.
        List<Supplier<Api.Response>> burst = new ArrayList<>();
        for (int caller = 0; caller < 32; caller++) {
            List<Map<String, Object>> three = new ArrayList<>();
            for (int n = 3 * caller; n < 3 * caller + 3; n++) {
                three.add(order("c-" + n, p.sharers().get(2 + n % SELLERS), n));
            }
            burst.add(() -> {
                p.shop().post("/api/v1/orders", three.get(0)).expect(201);
                p.shop().post("/api/v1/orders", three.get(1)).expect(201);
                return p.shop().post("/api/v1/orders", three.get(2));
            });
        }
        // Counted on every thread: the callers' and the intake writers' that store their groups.
        List<Api.Response> answers = new ArrayList<>();
        int concurrent = RoundTrips.of(() -> {
            try {
                answers.addAll(burst(burst));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(answers).hasSize(32).allSatisfy(answer -> answer.expect(201));
        double alone = sequential / 8.0;
        double grouped = concurrent / 96.0;
        System.out.printf("Statements per order: one after another %.1f, 32 callers at once %.1f%n", alone, grouped);
        assertThat(grouped).isLessThan(alone / 2);
    }

    @Test
    void oneBadOrderAmongConcurrentOnesIsRefusedAloneAndTheOthersAreStored() throws Exception {
        Programme p = programme();
        paidFromNow();
        List<Supplier<Api.Response>> burst = new ArrayList<>();
        for (int n = 0; n < 21; n++) {
            Map<String, Object> order = order("o-" + n, n == 10 ? 999_999_999L : p.sharers().get(2 + n % SELLERS), n);
            burst.add(() -> p.shop().post("/api/v1/orders", order));
        }
        List<Api.Response> answers = burst(burst);
        for (int n = 0; n < 21; n++) {
            if (n == 10) {
                JsonNode problem = answers.get(n).expect(400).body();
                assertThat(problem.get("code").asString()).isEqualTo("invalid_sharer_id");
                assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("sharerId");
            } else {
                answers.get(n).expect(201);
            }
        }
        assertThat(jdbc.sql("select count(*) from shop_order where shop_id = :shop").param("shop", p.shop().id)
                .query(Long.class).single()).isEqualTo(20);
        p.shop().assertBooksBalance();
    }

    @Test
    void anOrderIdSentSeveralTimesAtOnceIsStoredOnceAndAnsweredAsOneAfterAnother() throws Exception {
        Programme p = programme();
        paidFromNow();
        List<Map<String, Object>> sent = new ArrayList<>();
        for (int id = 0; id < 8; id++) {
            Map<String, Object> order = order("o-" + id, p.sharers().get(2 + id % SELLERS), id);
            Map<String, Object> other = order("o-" + id, p.sharers().get(2 + id % SELLERS), id + 1);
            sent.addAll(List.of(order, order, other, order));
        }
        List<Api.Response> answers = burst(sent.stream().<Supplier<Api.Response>>map(
                order -> () -> p.shop().post("/api/v1/orders", order)).toList());
        for (int id = 0; id < 8; id++) {
            List<Api.Response> ofId = answers.subList(4 * id, 4 * id + 4);
            List<Api.Response> created = ofId.stream().filter(answer -> answer.status() == 201).toList();
            assertThat(created).as("o-" + id).hasSize(1);
            JsonNode stored = p.shop().get("/api/v1/orders/o-" + id).expect(200).body();
            assertThat(created.getFirst().body()).isEqualTo(stored);
            for (int copy = 0; copy < 4; copy++) {
                Api.Response answer = ofId.get(copy);
                if (answer == created.getFirst()) {
                    continue;
                }
                if (samePayload(sent.get(4 * id + copy), stored)) {
                    answer.expect(200);
                    assertThat(answer.header("Idempotent-Replayed")).isEqualTo("true");
                    assertThat(answer.body()).isEqualTo(stored);
                } else {
                    assertThat(answer.expect(409).body().get("code").asString()).isEqualTo("idempotency_conflict");
                }
            }
        }
        assertThat(jdbc.sql("select count(*) from shop_order where shop_id = :shop").param("shop", p.shop().id)
                .query(Long.class).single()).isEqualTo(8);
        p.shop().assertBooksBalance();
    }

    /** The two payloads of one id differ (among others) in the amount of line "a". */
    private static boolean samePayload(Map<String, Object> order, JsonNode stored) {
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) order.get("lines")).getFirst();
        return ((Number) first.get("amountFen")).longValue() == stored.get("lines").get(0).get("amountFen").asLong();
    }

    /** Sends every request at once (as far as threads allow) and answers the responses in the requests' order. */
    private static List<Api.Response> burst(List<Supplier<Api.Response>> requests) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(requests.size())) {
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (Supplier<Api.Response> request : requests) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return request.get();
                }));
            }
            start.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> answer : answers) {
                responses.add(answer.get());
            }
            return responses;
        }
    }
}
