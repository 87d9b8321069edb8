package org.sharerengine.leveling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.leveling.LevelScenario.assertFiguresAreTheSumOfTheirPeriods;
import static org.sharerengine.leveling.LevelScenario.days;
import static org.sharerengine.leveling.LevelScenario.months;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The figures a level row keeps for its current period are, after anything the engine does, the
 * sum of the activity dated inside that period less what opened it — the definition the job and
 * the upgrade check used to compute each time. A seeded walk through a year of late and
 * on-time orders, refunds, grants, recruits, owners' changes with and without a lock, and level
 * runs checks every row after every step.
 */
@ApiTest
@Import(MutableClock.Config.class)
class LevelFiguresIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    private record Sold(String orderId, long sharer, long amountFen, long[] refunded) {
    }

    @Test
    void theKeptFiguresAreAlwaysTheSumOfTheActivityInThePeriod() {
        clock.set("2025-01-01T00:00:00Z");
        Api.Shop shop = api.newShop();
        shop.put("/api/v1/level-programme", json("pointsPerYuan", 1, "pointsPerOrder", 5, "pointsPerRecruit", 80, "levels", List.of(
                json("rank", 1, "name", "普通", "validity", days(20)),
                json("rank", 2, "name", "中级", "entry", json("points", 1000), "keep", json("points", 1500), "validity", days(15)),
                json("rank", 3, "name", "高级", "entry", json("points", 3000, "orders", 6, "match", "ALL"), "validity", months(1)))))
                .expect(200);
        shop.product("tea", "LEVEL_RATE", null, null);
        List<Long> sharers = new ArrayList<>(List.of(shop.sharer("root", null)));
        List<Sold> sold = new ArrayList<>();
        Random random = new Random(20251129);
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        int changes = 0;
        int runs = 0;
        for (int step = 0; step < 160; step++) {
            now = now.plus(Duration.ofMinutes(random.nextInt(4 * 24 * 60)));
            clock.set(now.toString());
            long sharer = sharers.get(random.nextInt(sharers.size()));
            int action = random.nextInt(100);
            if (action < 45) {
                // Paid up to three days ago: late orders land in periods already judged or still open.
                String paidAt = now.minus(Duration.ofMinutes(random.nextInt(3 * 24 * 60))).toString();
                long amount = 100 + random.nextInt(150_000);
                String orderId = "o-" + step;
                shop.order(orderId, "buyer-" + step, sharer, paidAt, line("l-1", "tea", 1, amount)).expect(201);
                sold.add(new Sold(orderId, sharer, amount, new long[1]));
            } else if (action < 60 && !sold.isEmpty()) {
                Sold order = sold.get(random.nextInt(sold.size()));
                long left = order.amountFen() - order.refunded()[0];
                if (left > 0) {
                    long amount = random.nextBoolean() ? left : 1 + random.nextInt((int) left);
                    shop.refund(order.orderId(), "r-" + step, "l-1", amount).expect(201);
                    order.refunded()[0] += amount;
                }
            } else if (action < 70) {
                shop.post("/api/v1/sharers/" + sharer + "/level-points",
                        json("points", random.nextInt(2_000) - 600L, "reason", "step " + step)).expect(201);
            } else if (action < 78) {
                sharers.add(shop.sharer("s-" + step, sharer));
            } else if (action < 88) {
                shop.put("/api/v1/sharers/" + sharer + "/level", json("rank", 1 + random.nextInt(3), "reason", "step " + step,
                        "locked", random.nextInt(3) == 0)).expect(200);
                changes++;
            } else {
                shop.post("/api/v1/level-runs", json("asOf", now.toString())).expect(200);
                runs++;
            }
            assertFiguresAreTheSumOfTheirPeriods(jdbc, shop, "step " + step);
        }
        // The walk did reach every kind of change it is meant to check.
        assertThat(changes).isGreaterThan(10);
        assertThat(runs).isGreaterThan(10);
        assertThat(jdbc.sql("select count(distinct cause) from level_history where shop_id = :shop").param("shop", shop.id)
                .query(Integer.class).single()).isEqualTo(3);
    }
}
