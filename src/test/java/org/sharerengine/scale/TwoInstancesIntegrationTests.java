package org.sharerengine.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sharerengine.scale.Endpoint.Reply;
import org.sharerengine.scale.Workload.Shop;
import org.sharerengine.scale.ScheduledRuns.Run;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue 4, "scale beyond one machine": two whole instances of the application against one
 * database behave as one. Every order, refund, completion and settlement run is sent to both
 * at the same moment; each is stored, commissioned and booked once, and the wallets come out
 * as in a shop that got the same programme through one instance. Scheduled jobs firing every
 * second on both instances run on one at a time.
 */
class TwoInstancesIntegrationTests {

    /** Requests in flight at once: pairs of the same request, one to each instance. */
    private static final int PAIRS_AT_ONCE = 8;

    /** One call: method, path and JSON body (or null). */
    private record Call(String method, String path, Object body) {
    }

    @Test
    void everythingSentToBothInstancesHappensOnceAndEndsAsOnOneInstance() throws Exception {
        long began = System.nanoTime();
        try (Instance a = Instance.start("twin-a", "-"); Instance b = Instance.start("twin-b", "-")) {
            long started = System.nanoTime();
            Shop twin = Workload.newShop(a);
            Shop single = Workload.newShop(a);

            List<List<Reply>> orders = toBoth(a, b, twin, Workload.ORDERS,
                    i -> new Call("POST", "/api/v1/orders", Workload.order(i, twin.sharerIds())));
            List<List<Reply>> refunds = toBoth(a, b, twin, Workload.ORDERS, i -> Workload.refunded(i)
                    ? new Call("POST", "/api/v1/orders/" + Workload.orderId(i) + "/refunds", Workload.refund(i)) : null);
            List<List<Reply>> completions = toBoth(a, b, twin, Workload.ORDERS, i -> Workload.completed(i)
                    ? new Call("POST", "/api/v1/orders/" + Workload.orderId(i) + "/completion", Workload.completion(i)) : null);
            List<Reply> settlement = toBoth(a, b, twin, 1,
                    i -> new Call("POST", "/api/v1/settlement-runs", json("asOf", Workload.SETTLED_AS_OF.toString()))).getFirst();
            long sentToBoth = System.nanoTime();
            replayThroughOneInstance(a, single);
            System.out.printf("Two instances: started in %d ms, programme sent to both in %d ms, through one in %d ms%n",
                    (started - began) / 1_000_000, (sentToBoth - started) / 1_000_000, (System.nanoTime() - sentToBoth) / 1_000_000);

            assertThat(statuses(orders)).as("each order: stored by one instance, replayed by the other")
                    .isEqualTo(Map.of(List.of(200, 201), (long) Workload.ORDERS));
            assertThat(statuses(refunds)).as("each refund: stored by one instance, replayed by the other")
                    .isEqualTo(Map.of(List.of(200, 201), (long) Workload.refunds()));
            assertThat(statuses(completions)).as("completions").isEqualTo(Map.of(List.of(200, 200), (long) Workload.completions()));
            assertThat(settlement).extracting(Reply::status).containsExactly(200, 200);
            assertThat(settlement.stream().mapToInt(r -> r.body().get("settledLines").asInt()).sum())
                    .as("lines settled by the two runs together").isEqualTo(Workload.settledLines(Workload.ORDERS));

            JdbcClient jdbc = a.jdbc();
            assertThat(count(jdbc, twin, "select count(*) from shop_order where shop_id = :shop")).isEqualTo(Workload.ORDERS);
            assertThat(count(jdbc, twin, "select count(*) from commission_line where shop_id = :shop"))
                    .as("commission lines: each order line at each level once").isEqualTo(Workload.commissionLines());
            assertThat(count(jdbc, twin, "select count(*) from refund where shop_id = :shop")).isEqualTo(Workload.refunds());
            assertThat(count(jdbc, twin, "select count(*) from commission_adjustment where shop_id = :shop"))
                    .as("each refund reverses each level once").isEqualTo(Workload.reversals());
            assertThat(count(jdbc, twin, "select coalesce(sum(refunded_fen), 0) from order_line where shop_id = :shop"))
                    .as("refunded fen").isEqualTo(Workload.refundedFen());
            assertThat(count(jdbc, twin, """
                    select count(*) from (select kind, reference from ledger_entry where shop_id = :shop
                      group by kind, reference having count(distinct journal_id) > 1) twice"""))
                    .as("ledger journals booked twice for one thing").isZero();
            assertThat(journalsByKind(jdbc, twin)).as("ledger journals by kind").isEqualTo(Map.of(
                    "COMMISSION", (long) Workload.commissionLines(), "REVERSAL", (long) Workload.reversals(),
                    "SETTLEMENT", (long) Workload.settledLines(Workload.ORDERS)));

            long[][] expected = Workload.wallets();
            for (int sharer = 0; sharer < Workload.SHARERS; sharer++) {
                List<Long> wallet = wallet(b, twin, sharer);
                assertThat(wallet).as("pending, available, frozen, paid out of %s in the two-instance shop and in the other",
                        Workload.externalUserId(sharer)).isEqualTo(wallet(a, single, sharer));
                assertThat(wallet).as("pending, available, frozen, paid out of %s", Workload.externalUserId(sharer))
                        .containsExactly(expected[sharer][0], expected[sharer][1], 0L, 0L);
            }
            Workload.assertBooksBalance(a, twin);
            Workload.assertBooksBalance(b, single);
        }
    }

    @Test
    void eachScheduledRunIsTakenByOneInstanceAtATime() throws Exception {
        List<Run> runs;
        Shop shop;
        int settledLines;
        try (Instance a = Instance.start("cron-a", "* * * * * *"); Instance b = Instance.start("cron-b", "* * * * * *")) {
            try (ScheduledRuns listened = ScheduledRuns.listen()) {
                shop = Workload.newShop(a);
                int orders = 30;
                toBoth(a, b, shop, orders, i -> new Call("POST", "/api/v1/orders", Workload.order(i, shop.sharerIds())));
                toBoth(a, b, shop, orders, i -> Workload.completed(i)
                        ? new Call("POST", "/api/v1/orders/" + Workload.orderId(i) + "/completion", Workload.completion(i)) : null);
                settledLines = Workload.settledLines(orders);
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (!allSettled(a.jdbc(), shop, settledLines) || fewestRuns(listened.runs()) < 3) {
                    assertThat(System.nanoTime()).as("time waited for the scheduled runs").isLessThan(deadline);
                    Thread.sleep(100);
                }
                runs = listened.runs();
            }
            assertThat(count(a.jdbc(), shop, """
                    select count(*) from (select reference from ledger_entry where shop_id = :shop and kind = 'SETTLEMENT'
                      group by reference having count(distinct journal_id) > 1) twice""")).as("lines settled twice").isZero();
            assertThat(count(a.jdbc(), shop, "select count(distinct journal_id) from ledger_entry where shop_id = :shop and kind = 'SETTLEMENT'"))
                    .as("settlement journals").isEqualTo(settledLines);
        }

        Map<String, List<Run>> byJob = runs.stream().collect(Collectors.groupingBy(Run::job));
        assertThat(byJob).containsOnlyKeys("Settlement", "TeamBonusRun", "LevelRuns");
        byJob.forEach((job, ofJob) -> {
            List<Run> inOrder = ofJob.stream().sorted(Comparator.comparing(Run::start)).toList();
            for (int i = 1; i < inOrder.size(); i++) {
                assertThat(inOrder.get(i).start()).as("%s run %s began before run %s ended", job, inOrder.get(i), inOrder.get(i - 1))
                        .isAfterOrEqualTo(inOrder.get(i - 1).end());
            }
            // Both schedulers fire on every whole second; one of them takes it.
            assertThat(ofJob.stream().collect(Collectors.groupingBy(run -> run.start().truncatedTo(ChronoUnit.SECONDS))))
                    .as("%s runs by the second they began in", job).allSatisfy((second, inSecond) -> assertThat(inSecond).hasSize(1));
        });
        System.out.printf("Scheduled runs per job and instance: %s%n", runs.stream()
                .collect(Collectors.groupingBy(r -> r.job() + "@" + r.instance(), java.util.TreeMap::new, Collectors.counting())));
    }

    private static boolean allSettled(JdbcClient jdbc, Shop shop, int lines) {
        return count(jdbc, shop, "select count(*) from commission_line where shop_id = :shop and status = 'SETTLED'") == lines;
    }

    private static long fewestRuns(List<Run> runs) {
        Map<String, Long> perJob = runs.stream().collect(Collectors.groupingBy(Run::job, Collectors.counting()));
        return perJob.size() < 3 ? 0 : perJob.values().stream().mapToLong(Long::longValue).min().orElse(0);
    }

    /**
     * Sends call {@code i} (null: none) to both instances at the same moment for every i below
     * {@code count}, {@link #PAIRS_AT_ONCE} pairs at a time; the replies of each pair, sorted by status.
     */
    private static List<List<Reply>> toBoth(Instance a, Instance b, Shop shop, int count, IntFunction<Call> calls) throws Exception {
        List<Future<List<Reply>>> pairs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(PAIRS_AT_ONCE)) {
            for (int i = 0; i < count; i++) {
                Call call = calls.apply(i);
                if (call != null) {
                    pairs.add(pool.submit(() -> {
                        CompletableFuture<Reply> atA = a.send(call.method(), call.path(), shop.apiKey(), call.body());
                        CompletableFuture<Reply> atB = b.send(call.method(), call.path(), shop.apiKey(), call.body());
                        return List.of(atA.join(), atB.join());
                    }));
                }
            }
        }
        List<List<Reply>> replies = new ArrayList<>();
        for (Future<List<Reply>> pair : pairs) {
            replies.add(pair.get().stream().sorted(Comparator.comparingInt(Reply::status)).toList());
        }
        return replies;
    }

    /** The same programme, each call once and in turn, through one instance. */
    private static void replayThroughOneInstance(Instance instance, Shop shop) {
        for (int i = 0; i < Workload.ORDERS; i++) {
            instance.call("POST", "/api/v1/orders", shop.apiKey(), Workload.order(i, shop.sharerIds())).expect(201);
        }
        for (int i = 0; i < Workload.ORDERS; i++) {
            if (Workload.refunded(i)) {
                instance.call("POST", "/api/v1/orders/" + Workload.orderId(i) + "/refunds", shop.apiKey(), Workload.refund(i)).expect(201);
            }
        }
        for (int i = 0; i < Workload.ORDERS; i++) {
            if (Workload.completed(i)) {
                instance.call("POST", "/api/v1/orders/" + Workload.orderId(i) + "/completion", shop.apiKey(), Workload.completion(i))
                        .expect(200);
            }
        }
        int settled = instance.call("POST", "/api/v1/settlement-runs", shop.apiKey(),
                json("asOf", Workload.SETTLED_AS_OF.toString())).expect(200).body().get("settledLines").asInt();
        assertThat(settled).as("lines settled through one instance").isEqualTo(Workload.settledLines(Workload.ORDERS));
    }

    /** How many pairs got each pair of statuses. */
    private static Map<List<Integer>, Long> statuses(List<List<Reply>> pairs) {
        return pairs.stream().collect(Collectors.groupingBy(pair -> pair.stream().map(Reply::status).toList(), Collectors.counting()));
    }

    private static long count(JdbcClient jdbc, Shop shop, String sql) {
        return jdbc.sql(sql).param("shop", shop.id()).query(Long.class).single();
    }

    private static Map<String, Long> journalsByKind(JdbcClient jdbc, Shop shop) {
        return jdbc.sql("select kind, count(distinct journal_id) journals from ledger_entry where shop_id = :shop group by kind")
                .param("shop", shop.id()).query((rs, n) -> Map.entry(rs.getString("kind"), rs.getLong("journals"))).list()
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static List<Long> wallet(Instance instance, Shop shop, int sharer) {
        JsonNode wallet = instance.call("GET", "/api/v1/sharers/" + shop.sharerIds()[sharer] + "/wallet", shop.apiKey(), null)
                .expect(200).body();
        return List.of(wallet.get("pendingFen").asLong(), wallet.get("availableFen").asLong(), wallet.get("frozenFen").asLong(),
                wallet.get("paidOutFen").asLong());
    }
}
