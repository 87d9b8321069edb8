package org.sharerengine.leveling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.leveling.LevelScenario.*;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharerengine.network.TeamMemberJoined;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

@ApiTest
@Import(MutableClock.Config.class)
class LevelIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    MutableClock clock;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    private Api.Shop shopWith(Map<String, Object> programme) {
        clock.set("2025-01-01T00:00:00Z");
        Api.Shop shop = api.newShop();
        shop.put("/api/v1/level-programme", programme).expect(200);
        return shop;
    }

    private static String field(JsonNode problem) {
        return problem.get("errors").get(0).get("field").asString();
    }

    @Test
    void aShopWithoutAProgrammeKeepsEverybodyOnRankOneAndRecordsNothing() {
        clock.set("2025-01-01T00:00:00Z");
        Api.Shop shop = api.newShop();
        shop.get("/api/v1/level-programme").expect(404);
        long alice = shop.sharer("alice", null);
        sale(shop, clock, "o-1", alice, "2025-01-02T00:00:00Z", 1_000_000);
        JsonNode level = level(shop, alice);
        assertThat(level.get("programme").asBoolean()).isFalse();
        assertThat(level.get("rank").asInt()).isEqualTo(1);
        assertThat(run(shop, clock, "2025-06-01T00:00:00Z").get("evaluated").asInt()).isZero();

        // Defined later, the programme does not count what happened before it.
        shop.put("/api/v1/level-programme", seedProgramme(months(3))).expect(200);
        assertThat(level(shop, alice).get("figures").get("points").asLong()).isZero();
        assertThat(shop.post("/api/v1/sharers/" + alice + "/level-points", json("points", 10, "reason", "x")).status()).isEqualTo(201);
    }

    /** The base level alone is a ladder too (a merchant may start with it): its runs judge nobody and fail nothing. */
    @Test
    void aLadderOfOneRankCountsFiguresAndItsRunsKeepEveryoneOnIt() {
        Api.Shop shop = shopWith(json("pointsPerYuan", 1, "levels", List.of(json("rank", 1, "name", "普通"))));
        long alice = shop.sharer("alice", null);
        sale(shop, clock, "o-1", alice, "2025-01-02T00:00:00Z", 10_000);

        assertThat(run(shop, clock, "2025-06-01T00:00:00Z").get("evaluated").asInt()).isZero();
        JsonNode level = level(shop, alice);
        assertThat(level.get("rank").asInt()).isEqualTo(1);
        assertThat(level.get("figures").get("points").asLong()).isEqualTo(100);
        assertThat(history(shop, alice)).isEmpty();
    }

    /**
     * A shop whose run fails (here its ladder's rows are gone, data no one foresaw) must not keep the
     * shops after it from theirs, tick after tick: the run of every shop goes on and names it.
     */
    @Test
    void aShopWhoseRunFailsKeepsNoOtherShopFromItsRun() {
        Api.Shop broken = shopWith(seedProgramme(months(3)));
        Api.Shop judged = shopWith(seedProgramme(months(3)));
        long bob = judged.sharer("bob", null);
        judged.put("/api/v1/sharers/" + bob + "/level", json("rank", 2, "reason", "opening")).expect(200);
        jdbc.sql("delete from level_definition where shop_id = :shop").param("shop", broken.id).update();

        clock.set("2025-05-01T00:00:00Z");
        JsonNode outcome = api.call(HttpMethod.POST, "/api/v1/platform/level-runs", json("asOf", "2025-05-01T00:00:00Z"),
                Map.of("Authorization", "Basic YWRtaW46YWRtaW4=")).expect(200).body();

        assertThat(outcome.get("failedShops").valueStream().map(JsonNode::asLong).toList()).contains(broken.id).doesNotContain(judged.id);
        assertThat(outcome.get("downgraded").asInt()).isPositive();
        assertThat(level(judged, bob).get("rank").asInt()).as("bob's period ended without the points to keep 中级").isEqualTo(1);
    }

    @Test
    void refusesAnInvalidProgrammeWithTheFieldToBlameAndWritesNothing() {
        clock.set("2025-01-01T00:00:00Z");
        Api.Shop shop = api.newShop();
        JsonNode gap = shop.put("/api/v1/level-programme", json("levels", List.of(json("rank", 1, "name", "普通"),
                json("rank", 3, "name", "高级", "entry", json("points", 10))))).expect(400).body();
        assertThat(field(gap)).isEqualTo("levels[1].rank");
        JsonNode decreasing = shop.put("/api/v1/level-programme", json("levels", List.of(json("rank", 1, "name", "普通"),
                json("rank", 2, "name", "中级", "entry", json("salesFen", 500)),
                json("rank", 3, "name", "高级", "entry", json("salesFen", 400))))).expect(400).body();
        assertThat(field(decreasing)).isEqualTo("levels[2].entry.salesFen");
        JsonNode unit = shop.put("/api/v1/level-programme", json("levels", List.of(json("rank", 1, "name", "普通",
                "validity", json("unit", "WEEKS", "length", 2))))).expect(400).body();
        assertThat(unit.get("code").asString()).isEqualTo("malformed_request");
        shop.put("/api/v1/level-programme", json("levels", List.of(json("rank", 1, "name", "普通")), "bonus", 1)).expect(400);
        shop.get("/api/v1/level-programme").expect(404);

        JsonNode saved = shop.put("/api/v1/level-programme", seedProgramme(months(3))).expect(200).body();
        assertThat(saved.get("levels").get(2).get("keep").get("points").asLong()).isEqualTo(3000);
        JsonNode read = shop.get("/api/v1/level-programme").expect(200).body();
        assertThat(read).isEqualTo(saved);
        assertThat(read.get("pointsPerNewCustomer").asInt()).isEqualTo(50);
        assertThat(read.get("levels").get(1).get("validity").get("length").asInt()).isEqualTo(3);
    }

    @Test
    void aLevelRunNeedsAnAsOfThatIsNotInTheFuture() {
        clock.set("2025-01-01T00:00:00Z");
        Api.Shop shop = api.newShop();
        assertThat(field(shop.post("/api/v1/level-runs", json()).expect(400).body())).isEqualTo("asOf");
        assertThat(field(shop.post("/api/v1/level-runs", json("asOf", "2025-02-01T00:00:00Z")).expect(400).body())).isEqualTo("asOf");
        assertThat(shop.post("/api/v1/level-runs", json("asOf", "2025-01-01T00:00:00Z")).expect(200).get("evaluated").asInt()).isZero();
    }

    @Test
    void refusesALadderThatWouldDropARankSharersHold() {
        Api.Shop shop = shopWith(seedProgramme(months(3)));
        long alice = shop.sharer("alice", null);
        shop.put("/api/v1/sharers/" + alice + "/level", json("rank", 3, "reason", "top seller")).expect(200);
        Map<String, Object> shorter = json("levels", List.of(json("rank", 1, "name", "普通"),
                json("rank", 2, "name", "中级", "entry", json("points", 1000))));
        JsonNode refused = shop.put("/api/v1/level-programme", shorter).expect(409).body();
        assertThat(refused.get("code").asString()).isEqualTo("level_rank_in_use");
        assertThat(shop.get("/api/v1/level-programme").expect(200).body().get("levels")).hasSize(3);

        shop.put("/api/v1/sharers/" + alice + "/level", json("rank", 2, "reason", "ladder shrinks")).expect(200);
        shop.put("/api/v1/level-programme", shorter).expect(200);
        assertThat(level(shop, alice).get("name").asString()).isEqualTo("中级");
    }

    @Test
    void movesUpSeveralLevelsAtOnceWhenEarned() {
        Api.Shop shop = shopWith(json("pointsPerYuan", 1, "levels", List.of(json("rank", 1, "name", "青铜"),
                json("rank", 2, "name", "白银", "entry", json("points", 1000), "validity", months(3)),
                json("rank", 3, "name", "黄金", "entry", json("points", 2000), "validity", months(3)),
                json("rank", 4, "name", "钻石分享员", "entry", json("points", 5000), "validity", months(3)),
                json("rank", 5, "name", "王者", "entry", json("points", 9000), "validity", months(3)))));
        long alice = shop.sharer("alice", null);
        sale(shop, clock, "o-1", alice, "2025-02-01T00:00:00Z", 600_000);
        JsonNode level = level(shop, alice);
        assertThat(level.get("rank").asInt()).isEqualTo(4);
        assertThat(level.get("next").get("name").asString()).isEqualTo("王者");
        assertThat(level.get("next").get("entry").get("points").asLong()).isEqualTo(9000);
        JsonNode history = history(shop, alice);
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("fromRank").asInt()).isEqualTo(1);
        assertThat(history.get(0).get("toRank").asInt()).isEqualTo(4);
        assertThat(history.get(0).get("figures").get("points").asLong()).isEqualTo(6000);
        assertThat(shop.get("/api/v1/sharers/" + alice + "/notifications").expect(200).body().get(0).get("message").asString())
                .isEqualTo("恭喜升级为钻石分享员");
    }

    /** A batch of orders through the sharer, given as order id, payment instant, amount in fen: one tea each. */
    private static Map<String, Object> batch(long sharer, Object... idPaidAtFen) {
        List<Map<String, Object>> orders = new java.util.ArrayList<>();
        for (int i = 0; i < idPaidAtFen.length; i += 3) {
            orders.add(json("orderId", idPaidAtFen[i], "customerId", "buyer-" + idPaidAtFen[i], "sharerId", sharer,
                    "paidAt", idPaidAtFen[i + 1], "lines", List.of(line("l-1", "tea", 1, (Long) idPaidAtFen[i + 2]))));
        }
        return json("orders", orders);
    }

    /** The rank each order's commission was paid at, by order id. */
    private static Map<String, Integer> paidAtRank(JsonNode batch, Api.Shop shop) {
        Map<String, Integer> ranks = new java.util.TreeMap<>();
        batch.get("orders").forEach(o -> ranks.put(o.get("orderId").asString(), shop.get("/api/v1/orders/" + o.get("orderId").asString())
                .expect(200).body().get("commission").get(0).get("levelRank").asInt()));
        return ranks;
    }

    /**
     * SPEC §5: an upgrade happens at once, on the order that earns it, and the new period starts
     * there. Within one batch: o-2 lifts alice's 1,100 points over 中级's 1,000; o-3 (later) and
     * o-4 (the same instant, received after) count for the new period, 300 + 200 = 500 points;
     * o-5, paid before the new period began, counts for none. The orders after the upgrade earn at
     * rank 2.
     */
    @Test
    void anUpgradeInsideABatchStartsTheNewPeriodOnItsOrderAndWhatFollowsCountsForIt() {
        Api.Shop shop = shopWith(json("pointsPerYuan", 1, "levels", List.of(json("rank", 1, "name", "普通"),
                json("rank", 2, "name", "中级", "entry", json("points", 1000), "validity", days(30)),
                json("rank", 3, "name", "高级", "entry", json("points", 5000), "validity", days(30)))));
        shop.product("tea", "LEVEL_RATE", null, null);
        long alice = shop.sharer("alice", null);
        clock.set("2025-02-10T00:00:00Z");
        JsonNode stored = shop.post("/api/v1/order-batches", batch(alice,
                "o-1", "2025-02-01T00:00:00Z", 60_000L,
                "o-2", "2025-02-02T00:00:00Z", 50_000L,
                "o-3", "2025-02-03T00:00:00Z", 30_000L,
                "o-4", "2025-02-02T00:00:00Z", 20_000L,
                "o-5", "2025-02-01T12:00:00Z", 10_000L)).expect(200).body();

        JsonNode level = level(shop, alice);
        assertThat(level.get("rank").asInt()).isEqualTo(2);
        assertThat(level.get("periodStart").asString()).isEqualTo("2025-02-02T00:00:00Z");
        assertThat(level.get("periodEnd").asString()).isEqualTo("2025-03-04T00:00:00Z");
        assertThat(level.get("figures").get("points").asLong()).isEqualTo(500);
        assertThat(level.get("figures").get("orders").asLong()).isEqualTo(2);
        JsonNode history = history(shop, alice);
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("fromRank").asInt()).isEqualTo(1);
        assertThat(history.get(0).get("toRank").asInt()).isEqualTo(2);
        assertThat(history.get(0).get("figures").get("points").asLong()).isEqualTo(1100);
        assertThat(history.get(0).get("changedAt").asString()).isEqualTo("2025-02-02T00:00:00Z");
        assertThat(shop.get("/api/v1/sharers/" + alice + "/notifications").expect(200).body().get(0).get("message").asString())
                .isEqualTo("恭喜升级为中级分享员");
        // The new period names the sale that opened it, so that a later sale at the same instant tells where it belongs.
        assertThat(jdbc.sql("""
                select o.external_id from sharer_level l join level_activity a on a.shop_id = l.shop_id and a.id = l.opening_activity_id
                join shop_order o on o.shop_id = a.shop_id and o.id = a.order_id where l.shop_id = :shop and l.sharer_id = :sharer""")
                .param("shop", shop.id).param("sharer", alice).query(String.class).single()).isEqualTo("o-2");
        assertThat(paidAtRank(stored, shop)).isEqualTo(Map.of("o-1", 1, "o-2", 1, "o-3", 2, "o-4", 2, "o-5", 2));
    }

    /**
     * A late order that earns an upgrade starts the new period at its payment, so activity recorded
     * before it but dated after it counts for the new period too: o-1 (300 points, 5 February) was
     * received first; o-2 (900 points, 3 February) lifts alice to 中级 from 3 February, and the new
     * period holds o-1's 300 points.
     */
    @Test
    void aLateOrderThatUpgradesCountsWhatWasRecordedAfterItsPaymentForTheNewPeriod() {
        Api.Shop shop = shopWith(json("pointsPerYuan", 1, "levels", List.of(json("rank", 1, "name", "普通"),
                json("rank", 2, "name", "中级", "entry", json("points", 1000), "validity", days(30)))));
        shop.product("tea", "LEVEL_RATE", null, null);
        long alice = shop.sharer("alice", null);
        clock.set("2025-02-10T00:00:00Z");
        shop.post("/api/v1/order-batches", batch(alice, "o-1", "2025-02-05T00:00:00Z", 30_000L)).expect(200);
        shop.post("/api/v1/order-batches", batch(alice, "o-2", "2025-02-03T00:00:00Z", 90_000L)).expect(200);

        JsonNode level = level(shop, alice);
        assertThat(level.get("rank").asInt()).isEqualTo(2);
        assertThat(level.get("periodStart").asString()).isEqualTo("2025-02-03T00:00:00Z");
        assertThat(level.get("figures").get("points").asLong()).isEqualTo(300);
        assertThat(history(shop, alice).get(0).get("figures").get("points").asLong()).isEqualTo(1200);
    }

    /**
     * 中级 (keep 2,000 points) earned on 2025-01-10; in the period ¥2,000.55 and ¥50 are sold (2,070
     * points with 10 per order), then ¥55.55 of the first and all of the second are refunded:
     * 2,070 − 55 − 60 = 1,955 points, below the keep threshold, so the sharer drops at the end.
     */
    @Test
    void refundsTakeBackTheirPointsAtTheRefundTimeAndCanDecideThePeriodsEnd() {
        Api.Shop shop = shopWith(json("pointsPerYuan", 1, "pointsPerOrder", 10, "levels", List.of(json("rank", 1, "name", "普通"),
                json("rank", 2, "name", "中级", "entry", json("points", 1000), "keep", json("points", 2000), "validity", months(3)),
                json("rank", 3, "name", "高级", "entry", json("points", 5000), "validity", months(3)))));
        long alice = shop.sharer("alice", null);
        sale(shop, clock, "o-entry", alice, "2025-01-10T00:00:00Z", 100_000);
        assertThat(level(shop, alice).get("rank").asInt()).isEqualTo(2);
        sale(shop, clock, "o-big", alice, "2025-02-01T00:00:00Z", 200_055);
        sale(shop, clock, "o-small", alice, "2025-02-02T00:00:00Z", 5_000);
        assertThat(level(shop, alice).get("figures").get("points").asLong()).isEqualTo(2_070);

        clock.set("2025-03-01T00:00:00Z");
        shop.refund("o-big", "r-1", "l-1", 5_555).expect(201);
        shop.refund("o-big", "r-1", "l-1", 5_555).expect(200);
        clock.set("2025-03-02T00:00:00Z");
        shop.refund("o-small", "r-2", "l-1", 5_000).expect(201);
        JsonNode figures = level(shop, alice).get("figures");
        assertThat(figures.get("points").asLong()).isEqualTo(1_955);
        assertThat(figures.get("salesFen").asLong()).isEqualTo(194_500);
        assertThat(figures.get("orders").asLong()).isEqualTo(1);

        JsonNode run = run(shop, clock, "2025-04-10T00:00:00Z");
        assertThat(run.get("downgraded").asInt()).isEqualTo(1);
        JsonNode drop = history(shop, alice).get(0);
        assertThat(drop.get("cause").asString()).isEqualTo("DOWNGRADE");
        assertThat(drop.get("figures").get("points").asLong()).isEqualTo(1_955);
        assertThat(level(shop, alice).get("rank").asInt()).isEqualTo(1);

        // A refund in the next period is dated when it happens: it takes the points back from that period.
        clock.set("2025-04-20T00:00:00Z");
        shop.refund("o-big", "r-3", "l-1", 100).expect(201);
        assertThat(level(shop, alice).get("figures").get("points").asLong()).isEqualTo(-1);
    }

    /** 白银: ¥1,000 of sales OR 3 recruits. 黄金: ¥3,000 of sales AND 3 orders. */
    @Test
    void salesOrderAndRecruitConditionsMatchAnyOrAll() {
        Api.Shop shop = shopWith(json("levels", List.of(json("rank", 1, "name", "普通"),
                json("rank", 2, "name", "白银", "entry", json("match", "ANY", "salesFen", 100_000, "recruits", 3), "validity", months(1)),
                json("rank", 3, "name", "黄金", "entry", json("match", "ALL", "salesFen", 300_000, "orders", 3), "validity", months(1)))));
        long recruiter = shop.sharer("recruiter", null);
        recruits(shop, clock, recruiter, "r-", 2, "2025-01-05T00:00:00Z");
        assertThat(level(shop, recruiter).get("rank").asInt()).isEqualTo(1);
        recruits(shop, clock, recruiter, "r-more-", 1, "2025-01-06T00:00:00Z");
        assertThat(level(shop, recruiter).get("rank").asInt()).isEqualTo(2);

        long bigSpender = shop.sharer("big", null);
        sale(shop, clock, "b-1", bigSpender, "2025-01-07T00:00:00Z", 320_000);
        JsonNode big = level(shop, bigSpender);
        assertThat(big.get("rank").asInt()).isEqualTo(2);
        assertThat(big.get("next").get("entry").get("match").asString()).isEqualTo("ALL");

        long steady = shop.sharer("steady", null);
        sale(shop, clock, "s-1", steady, "2025-01-08T00:00:00Z", 10_000);
        sale(shop, clock, "s-2", steady, "2025-01-09T00:00:00Z", 10_000);
        assertThat(level(shop, steady).get("rank").asInt()).isEqualTo(1);
        sale(shop, clock, "s-3", steady, "2025-01-10T00:00:00Z", 300_000);
        assertThat(level(shop, steady).get("rank").asInt()).isEqualTo(3);
    }

    @Test
    void aLevelSetByHandAndLockedSurvivesTheJobUntilUnlocked() {
        Api.Shop shop = shopWith(seedProgramme(months(3)));
        long bob = shop.sharer("bob", null);
        JsonNode set = shop.put("/api/v1/sharers/" + bob + "/level", json("rank", 3, "reason", "top seller of 2024", "locked", true))
                .expect(200).body();
        assertThat(set.get("rank").asInt()).isEqualTo(3);
        assertThat(set.get("locked").asBoolean()).isTrue();
        assertThat(set.get("periodEnd").asString()).isEqualTo("2025-04-01T00:00:00Z");

        JsonNode run = run(shop, clock, "2025-07-01T00:00:00Z");
        assertThat(run.get("evaluated").asInt()).isZero();
        assertThat(level(shop, bob).get("rank").asInt()).isEqualTo(3);
        JsonNode manual = history(shop, bob).get(0);
        assertThat(manual.get("cause").asString()).isEqualTo("MANUAL");
        assertThat(manual.get("reason").asString()).isEqualTo("top seller of 2024");
        assertThat(manual.get("locked").asBoolean()).isTrue();
        assertThat(shop.get("/api/v1/sharers/" + bob + "/notifications").expect(200).body().get(0).get("message").asString())
                .isEqualTo("店长已将你的等级调整为高级分享员");

        // Locked on rank 1, a big sale does not lift the sharer either.
        long carol = shop.sharer("carol", null);
        shop.put("/api/v1/sharers/" + carol + "/level", json("rank", 1, "reason", "under review", "locked", true)).expect(200);
        sale(shop, clock, "c-1", carol, "2025-07-01T00:00:00Z", 1_000_000);
        assertThat(level(shop, carol).get("rank").asInt()).isEqualTo(1);

        // Setting the same again changes nothing; unlocking keeps the period, which the next run judges.
        shop.put("/api/v1/sharers/" + bob + "/level", json("rank", 3, "reason", "again", "locked", true)).expect(200);
        assertThat(history(shop, bob)).hasSize(1);
        JsonNode unlocked = shop.put("/api/v1/sharers/" + bob + "/level", json("rank", 3, "reason", "probation over")).expect(200).body();
        assertThat(unlocked.get("locked").asBoolean()).isFalse();
        assertThat(unlocked.get("periodEnd").asString()).isEqualTo("2025-04-01T00:00:00Z");
        assertThat(history(shop, bob)).hasSize(2);
        JsonNode later = run(shop, clock, "2025-07-01T00:00:00Z");
        assertThat(later.get("evaluated").asInt()).isEqualTo(1);
        assertThat(later.get("downgraded").asInt()).isEqualTo(1);
        assertThat(level(shop, bob).get("rank").asInt()).isEqualTo(1);
    }

    @Test
    void unlockingCountsWhatTheLockHeldBackForTheRightPeriod() {
        Api.Shop shop = shopWith(seedProgramme(months(1)));
        long bob = shop.sharer("bob", null);
        sale(shop, clock, "b-1", bob, "2025-01-02T00:00:00Z", 120_000);
        assertThat(level(shop, bob).get("periodEnd").asString()).isEqualTo("2025-02-02T00:00:00Z");
        clock.set("2025-01-10T00:00:00Z");
        shop.put("/api/v1/sharers/" + bob + "/level", json("rank", 2, "reason", "audit", "locked", true)).expect(200);
        // Paid after the locked period's end: a locked sharer's periods don't roll, so it counts nowhere yet.
        sale(shop, clock, "b-2", bob, "2025-02-05T00:00:00Z", 400_000);
        assertThat(level(shop, bob).get("figures").get("points").asLong()).isZero();

        clock.set("2025-02-06T00:00:00Z");
        JsonNode unlocked = shop.put("/api/v1/sharers/" + bob + "/level", json("rank", 2, "reason", "audit done")).expect(200).body();
        // January is judged as the sale would have had it then (nothing kept 中级), and February holds the sale.
        assertThat(unlocked.get("rank").asInt()).isEqualTo(1);
        assertThat(unlocked.get("periodStart").asString()).isEqualTo("2025-02-02T00:00:00Z");
        assertThat(unlocked.get("figures").get("points").asLong()).isEqualTo(4_000);
        assertThat(history(shop, bob).get(0).get("cause").asString()).isEqualTo("DOWNGRADE");
        assertThat(run(shop, clock, "2025-02-10T00:00:00Z").get("evaluated").asInt()).isZero();
        assertThat(level(shop, bob).get("figures").get("points").asLong()).isEqualTo(4_000);
    }

    @Test
    void refusesABadManualChangeWithNothingWritten() {
        Api.Shop shop = shopWith(seedProgramme(months(3)));
        long bob = shop.sharer("bob", null);
        assertThat(field(shop.put("/api/v1/sharers/" + bob + "/level", json("rank", 4, "reason", "x")).expect(400).body()))
                .isEqualTo("rank");
        assertThat(field(shop.put("/api/v1/sharers/" + bob + "/level", json("rank", 2, "reason", " ")).expect(400).body()))
                .isEqualTo("reason");
        assertThat(field(shop.post("/api/v1/sharers/" + bob + "/level-points", json("points", 100)).expect(400).body()))
                .isEqualTo("reason");
        assertThat(field(shop.post("/api/v1/sharers/" + bob + "/level-points", json("points", 0, "reason", "x")).expect(400).body()))
                .isEqualTo("points");
        shop.put("/api/v1/sharers/999999/level", json("rank", 2, "reason", "x")).expect(404);
        Api.Shop other = shopWith(seedProgramme(months(3)));
        other.put("/api/v1/sharers/" + bob + "/level", json("rank", 2, "reason", "x")).expect(404);
        other.get("/api/v1/sharers/" + bob + "/level-history").expect(404);
        other.post("/api/v1/sharers/" + bob + "/level-points", json("points", 5, "reason", "x")).expect(404);
        assertThat(history(shop, bob)).isEmpty();
        assertThat(level(shop, bob).get("figures").get("points").asLong()).isZero();
    }

    @Test
    void manualGrantsCountWithTheirReasonAndNegativeOnesCorrect() {
        Api.Shop shop = shopWith(seedProgramme(months(3)));
        long alice = shop.sharer("alice", null);
        clock.set("2025-01-05T00:00:00Z");
        JsonNode grant = shop.post("/api/v1/sharers/" + alice + "/level-points", json("points", 600, "reason", "training completed"),
                Map.of("Idempotency-Key", "g-1")).expect(201).body();
        assertThat(grant.get("reason").asString()).isEqualTo("training completed");
        assertThat(grant.get("occurredAt").asString()).isEqualTo("2025-01-05T00:00:00Z");
        shop.post("/api/v1/sharers/" + alice + "/level-points", json("points", 600, "reason", "training completed"),
                Map.of("Idempotency-Key", "g-1")).expect(201);
        shop.post("/api/v1/sharers/" + alice + "/level-points", json("points", 700, "reason", "training completed"),
                Map.of("Idempotency-Key", "g-1")).expect(409);
        assertThat(level(shop, alice).get("figures").get("points").asLong()).isEqualTo(600);
        shop.post("/api/v1/sharers/" + alice + "/level-points", json("points", 400, "reason", "certificate")).expect(201);
        assertThat(level(shop, alice).get("rank").asInt()).isEqualTo(2);
        shop.post("/api/v1/sharers/" + alice + "/level-points", json("points", -150, "reason", "certificate was a duplicate"))
                .expect(201);
        JsonNode level = level(shop, alice);
        assertThat(level.get("rank").asInt()).isEqualTo(2);
        assertThat(level.get("figures").get("points").asLong()).isEqualTo(-150);
    }

    @Test
    void replaysCountOnceAndACustomerCountsOncePerSharerEver() {
        Api.Shop shop = shopWith(seedProgramme(months(3)));
        long alice = shop.sharer("alice", null);
        long bob = shop.sharer("bob", null);
        clock.set("2025-01-03T00:00:00Z");
        shop.order("o-1", "buyer", alice, "2025-01-03T00:00:00Z", line("l-1", "tea", 1, 50_000)).expect(201);
        shop.order("o-1", "buyer", alice, "2025-01-03T00:00:00Z", line("l-1", "tea", 1, 50_000)).expect(200);
        assertThat(level(shop, alice).get("figures").get("orders").asLong()).isEqualTo(1);
        assertThat(level(shop, alice).get("figures").get("points").asLong()).isEqualTo(500);

        String aliceShare = shop.post("/api/v1/shares", json("sharerId", alice, "targetType", "PRODUCT", "targetId", "tea"))
                .expect(201).get("token").asString();
        String bobShare = shop.post("/api/v1/shares", json("sharerId", bob, "targetType", "PRODUCT", "targetId", "tea"))
                .expect(201).get("token").asString();
        // Last touch (the default): the customer goes alice → bob → alice; alice counts them once.
        shop.post("/api/v1/visits", json("token", aliceShare, "customerId", "c-1", "visitedAt", "2025-01-03T01:00:00Z")).expect(200);
        shop.post("/api/v1/visits", json("token", aliceShare, "customerId", "c-1", "visitedAt", "2025-01-03T02:00:00Z")).expect(200);
        shop.post("/api/v1/visits", json("token", bobShare, "customerId", "c-1", "visitedAt", "2025-01-03T03:00:00Z")).expect(200);
        shop.post("/api/v1/visits", json("token", aliceShare, "customerId", "c-1", "visitedAt", "2025-01-03T04:00:00Z")).expect(200);
        assertThat(level(shop, alice).get("figures").get("customers").asLong()).isEqualTo(1);
        assertThat(level(shop, alice).get("figures").get("points").asLong()).isEqualTo(550);
        assertThat(level(shop, bob).get("figures").get("customers").asLong()).isEqualTo(1);
    }

    @Test
    void selfPurchasesCountOnlyWhenTheShopPaysSelfPurchaseCommission() {
        clock.set("2025-01-01T00:00:00Z");
        Api.Shop paying = api.newShop(Map.of("selfPurchaseCommission", true));
        paying.put("/api/v1/level-programme", seedProgramme(months(3))).expect(200);
        Api.Shop notPaying = api.newShop();
        notPaying.put("/api/v1/level-programme", seedProgramme(months(3))).expect(200);
        for (Api.Shop shop : List.of(paying, notPaying)) {
            long alice = shop.sharer("alice", null);
            shop.order("o-self", "alice", alice, "2025-01-01T00:00:00Z", line("l-1", "tea", 1, 20_000)).expect(201);
        }
        assertThat(level(paying, paying.get("/api/v1/sharers/by-external-user-id/alice").expect(200).id())
                .get("figures").get("points").asLong()).isEqualTo(200);
        assertThat(level(notPaying, notPaying.get("/api/v1/sharers/by-external-user-id/alice").expect(200).id())
                .get("figures").get("points").asLong()).isZero();
    }

    @Test
    void aNewTeamMemberEarnsTheLeaderPointsOnce() {
        Api.Shop shop = shopWith(json("pointsPerTeamMember", 200, "levels", List.of(json("rank", 1, "name", "普通"),
                json("rank", 2, "name", "团长", "entry", json("points", 400), "validity", months(3)))));
        long leader = shop.sharer("leader", null);
        long member = shop.sharer("member", null);
        long other = shop.sharer("other", null);
        ShopId shopId = new ShopId(shop.id);
        Instant at = Instant.parse("2025-01-02T00:00:00Z");
        for (long joined : List.of(member, member, other)) {
            transactions.executeWithoutResult(tx -> events.publishEvent(
                    new TeamMemberJoined(shopId, new SharerId(leader), new SharerId(joined), at)));
        }
        JsonNode level = level(shop, leader);
        assertThat(level.get("rank").asInt()).isEqualTo(2);
        JsonNode up = history(shop, leader).get(0);
        assertThat(up.get("figures").get("teamMembers").asLong()).isEqualTo(2);
        assertThat(up.get("figures").get("points").asLong()).isEqualTo(400);
    }

    /**
     * Every level lasts one month (Shanghai time). X reaches 高级 on Feb 10 and sells ¥1,500 more in
     * that period, then nothing. Y joins on Jan 31 and stays on 普通. One run as of Apr 15 judges
     * X's periods ending Mar 10 (1,500 ≥ 中级's 1,000: down to 中级) and Apr 10 (nothing: down to
     * 普通), and Y's ending Feb 28 and Mar 28 (kept; Jan 31 + 1 month clamps to Feb 28).
     */
    @Test
    void oneRunJudgesEveryPeriodThatEndedPeriodByPeriod() {
        Api.Shop shop = shopWith(json("pointsPerYuan", 1, "levels", List.of(
                json("rank", 1, "name", "普通", "validity", months(1)),
                json("rank", 2, "name", "中级", "entry", json("points", 1000), "validity", months(1)),
                json("rank", 3, "name", "高级", "entry", json("points", 3000), "validity", months(1)))));
        long x = shop.sharer("x", null);
        clock.set("2025-01-30T16:00:00Z");
        long y = shop.sharer("y", null);
        sale(shop, clock, "x-1", x, "2025-02-09T16:00:00Z", 300_000);
        sale(shop, clock, "x-2", x, "2025-02-20T00:00:00Z", 150_000);
        // x's rank-1 period (Jan 1 – Feb 1) ended before its first sale: judged (kept) on the way.
        assertThat(history(shop, x).get(0).get("toRank").asInt()).isEqualTo(3);
        assertThat(level(shop, x).get("periodEnd").asString()).isEqualTo("2025-03-09T16:00:00Z");

        JsonNode run = run(shop, clock, "2025-04-15T00:00:00Z");
        assertThat(run.get("sharers").asInt()).isEqualTo(2);
        assertThat(run.get("evaluated").asInt()).isEqualTo(4);
        assertThat(run.get("downgraded").asInt()).isEqualTo(2);
        assertThat(run.get("kept").asInt()).isEqualTo(2);

        JsonNode xLevel = level(shop, x);
        assertThat(xLevel.get("rank").asInt()).isEqualTo(1);
        assertThat(xLevel.get("periodStart").asString()).isEqualTo("2025-04-09T16:00:00Z");
        assertThat(xLevel.get("periodEnd").asString()).isEqualTo("2025-05-09T16:00:00Z");
        JsonNode history = history(shop, x);
        assertThat(history).hasSize(3);
        assertThat(history.get(0).get("fromName").asString()).isEqualTo("中级");
        assertThat(history.get(0).get("toName").asString()).isEqualTo("普通");
        assertThat(history.get(0).get("periodStart").asString()).isEqualTo("2025-03-09T16:00:00Z");
        assertThat(history.get(0).get("figures").get("points").asLong()).isZero();
        assertThat(history.get(1).get("fromName").asString()).isEqualTo("高级");
        assertThat(history.get(1).get("toName").asString()).isEqualTo("中级");
        assertThat(history.get(1).get("figures").get("points").asLong()).isEqualTo(1_500);
        assertThat(history.get(1).get("changedAt").asString()).isEqualTo("2025-03-09T16:00:00Z");

        JsonNode yLevel = level(shop, y);
        assertThat(yLevel.get("rank").asInt()).isEqualTo(1);
        assertThat(yLevel.get("periodStart").asString()).isEqualTo("2025-03-27T16:00:00Z");
        assertThat(yLevel.get("periodEnd").asString()).isEqualTo("2025-04-27T16:00:00Z");
        assertThat(history(shop, y)).isEmpty();
    }
}
