package org.sharerengine.leveling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.leveling.LevelScenario.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The seed's acceptance example (SPEC §5, issue 3), through the API with the clock moved by hand:
 *
 * <blockquote>Points are 1 per yuan sold, 50 per new bound customer, 80 per new direct sharer. A
 * 中级 sharer who reaches 3000 points moves up to 高级 at once. A 中级 sharer whose points in a
 * 3-month period stay below 3000 drops to 普通 when the period ends (e.g. ¥2,000 of sales + 10
 * customers + 5 recruits = 2,900 points → drops; one more ¥100 sale before the end → 3,000 →
 * 高级). With permanent validity the same sharer never drops.</blockquote>
 */
@ApiTest
@Import(MutableClock.Config.class)
class LevelAcceptanceIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    MutableClock clock;

    /** A sharer who became 中级 on 2025-01-10 (a ¥1,000 sale) and then earned 2,900 points in the period. */
    private long middleSharerWith2900Points(Api.Shop shop, Map<String, Object> middleValidity) {
        clock.set("2025-01-01T00:00:00Z");
        shop.put("/api/v1/level-programme", seedProgramme(middleValidity)).expect(200);
        long alice = shop.sharer("alice", null);
        sale(shop, clock, "o-entry", alice, "2025-01-10T02:00:00Z", 100_000);
        JsonNode entered = level(shop, alice);
        assertThat(entered.get("rank").asInt()).isEqualTo(2);
        assertThat(entered.get("name").asString()).isEqualTo("中级");

        sale(shop, clock, "o-1", alice, "2025-02-03T04:00:00Z", 50_000);
        sale(shop, clock, "o-2", alice, "2025-02-14T04:00:00Z", 50_000);
        sale(shop, clock, "o-3", alice, "2025-03-01T04:00:00Z", 50_000);
        sale(shop, clock, "o-4", alice, "2025-03-20T04:00:00Z", 50_000);
        customers(shop, clock, alice, "customer-", 10, "2025-02-20T09:00:00Z");
        recruits(shop, clock, alice, "recruit-", 5, "2025-03-05T09:00:00Z");
        return alice;
    }

    @Test
    void aMiddleSharerBelow3000PointsDropsToOrdinaryWhenThePeriodEnds() {
        Api.Shop shop = api.newShop();
        long alice = middleSharerWith2900Points(shop, months(3));

        clock.set("2025-03-01T00:00:00Z");
        JsonNode progress = level(shop, alice);
        assertThat(progress.get("periodStart").asString()).isEqualTo("2025-01-10T02:00:00Z");
        assertThat(progress.get("periodEnd").asString()).isEqualTo("2025-04-10T02:00:00Z");
        assertThat(progress.get("daysLeft").asLong()).isEqualTo(41);
        JsonNode figures = progress.get("figures");
        assertThat(figures.get("points").asLong()).isEqualTo(2_900);
        assertThat(figures.get("salesFen").asLong()).isEqualTo(200_000);
        assertThat(figures.get("orders").asLong()).isEqualTo(4);
        assertThat(figures.get("customers").asLong()).isEqualTo(10);
        assertThat(figures.get("recruits").asLong()).isEqualTo(5);
        assertThat(progress.get("keep").get("points").asLong()).isEqualTo(3_000);
        assertThat(progress.get("next").get("name").asString()).isEqualTo("高级");
        assertThat(progress.get("next").get("entry").get("points").asLong()).isEqualTo(3_000);

        JsonNode early = run(shop, clock, "2025-04-10T01:59:59Z");
        assertThat(early.get("evaluated").asInt()).isZero();
        assertThat(level(shop, alice).get("rank").asInt()).isEqualTo(2);

        JsonNode run = run(shop, clock, "2025-04-10T02:00:00Z");
        assertThat(run.get("evaluated").asInt()).isEqualTo(1);
        assertThat(run.get("downgraded").asInt()).isEqualTo(1);
        assertThat(run.get("kept").asInt()).isZero();
        JsonNode dropped = level(shop, alice);
        assertThat(dropped.get("rank").asInt()).isEqualTo(1);
        assertThat(dropped.get("name").asString()).isEqualTo("普通");
        assertThat(dropped.get("periodStart").asString()).isEqualTo("2025-04-10T02:00:00Z");
        assertThat(dropped.get("periodEnd").isNull()).isTrue();
        assertThat(dropped.get("daysLeft").isNull()).isTrue();

        JsonNode history = history(shop, alice);
        assertThat(history).hasSize(2);
        JsonNode drop = history.get(0);
        assertThat(drop.get("cause").asString()).isEqualTo("DOWNGRADE");
        assertThat(drop.get("fromName").asString()).isEqualTo("中级");
        assertThat(drop.get("toName").asString()).isEqualTo("普通");
        assertThat(drop.get("figures").get("points").asLong()).isEqualTo(2_900);
        assertThat(drop.get("figures").get("salesFen").asLong()).isEqualTo(200_000);
        assertThat(drop.get("figures").get("customers").asLong()).isEqualTo(10);
        assertThat(drop.get("figures").get("recruits").asLong()).isEqualTo(5);
        assertThat(drop.get("periodStart").asString()).isEqualTo("2025-01-10T02:00:00Z");
        assertThat(drop.get("periodEnd").asString()).isEqualTo("2025-04-10T02:00:00Z");
        assertThat(drop.get("changedAt").asString()).isEqualTo("2025-04-10T02:00:00Z");
        JsonNode up = history.get(1);
        assertThat(up.get("cause").asString()).isEqualTo("UPGRADE");
        assertThat(up.get("fromRank").asInt()).isEqualTo(1);
        assertThat(up.get("toRank").asInt()).isEqualTo(2);
        assertThat(up.get("figures").get("points").asLong()).isEqualTo(1_000);
        assertThat(up.get("changedAt").asString()).isEqualTo("2025-01-10T02:00:00Z");

        JsonNode notes = shop.get("/api/v1/sharers/" + alice + "/notifications").expect(200).body();
        assertThat(notes).hasSize(2);
        assertThat(notes.get(0).get("message").asString()).isEqualTo("等级有效期结束，等级调整为普通分享员");
        assertThat(notes.get(1).get("message").asString()).isEqualTo("恭喜升级为中级分享员");

        JsonNode again = run(shop, clock, "2025-04-10T02:00:00Z");
        assertThat(again.get("evaluated").asInt()).isZero();
        assertThat(history(shop, alice)).hasSize(2);
    }

    @Test
    void oneMoreHundredYuanSaleBeforeTheEndMakesTheMiddleSharerSeniorAtOnce() {
        Api.Shop shop = api.newShop();
        long alice = middleSharerWith2900Points(shop, months(3));

        sale(shop, clock, "o-5", alice, "2025-04-01T06:00:00Z", 10_000);
        JsonNode senior = level(shop, alice);
        assertThat(senior.get("rank").asInt()).isEqualTo(3);
        assertThat(senior.get("name").asString()).isEqualTo("高级");
        assertThat(senior.get("periodStart").asString()).isEqualTo("2025-04-01T06:00:00Z");
        assertThat(senior.get("periodEnd").asString()).isEqualTo("2025-07-01T06:00:00Z");
        assertThat(senior.get("figures").get("points").asLong()).isZero();
        JsonNode history = history(shop, alice);
        assertThat(history).hasSize(2);
        JsonNode up = history.get(0);
        assertThat(up.get("cause").asString()).isEqualTo("UPGRADE");
        assertThat(up.get("fromName").asString()).isEqualTo("中级");
        assertThat(up.get("toName").asString()).isEqualTo("高级");
        // ¥2,100 of sales + 10 customers × 50 + 5 recruits × 80 = 3,000, reached by the ¥100 sale itself.
        assertThat(up.get("figures").get("points").asLong()).isEqualTo(3_000);
        assertThat(up.get("figures").get("salesFen").asLong()).isEqualTo(210_000);
        assertThat(up.get("figures").get("customers").asLong()).isEqualTo(10);
        assertThat(up.get("figures").get("recruits").asLong()).isEqualTo(5);
        assertThat(up.get("changedAt").asString()).isEqualTo("2025-04-01T06:00:00Z");
        assertThat(shop.get("/api/v1/sharers/" + alice + "/notifications").expect(200).body().get(0).get("message").asString())
                .isEqualTo("恭喜升级为高级分享员");

        JsonNode run = run(shop, clock, "2025-04-10T02:00:00Z");
        assertThat(run.get("evaluated").asInt()).isZero();
        assertThat(level(shop, alice).get("rank").asInt()).isEqualTo(3);
    }

    @Test
    void withPermanentValidityTheSameSharerNeverDrops() {
        Api.Shop shop = api.newShop();
        long alice = middleSharerWith2900Points(shop, Map.of("unit", "PERMANENT"));

        // The instant the 3-month sharer drops, and long after it.
        assertThat(run(shop, clock, "2025-04-10T02:00:00Z").get("evaluated").asInt()).isZero();
        JsonNode run = run(shop, clock, "2027-01-01T00:00:00Z");
        assertThat(run.get("evaluated").asInt()).isZero();
        JsonNode progress = level(shop, alice);
        assertThat(progress.get("rank").asInt()).isEqualTo(2);
        assertThat(progress.get("periodEnd").isNull()).isTrue();
        assertThat(progress.get("keep").isNull()).isTrue();
        assertThat(progress.get("figures").get("points").asLong()).isEqualTo(2_900);
        assertThat(history(shop, alice)).hasSize(1);
        assertThat(shop.get("/api/v1/sharers/" + alice + "/notifications").expect(200).body()).hasSize(1);
    }
}
