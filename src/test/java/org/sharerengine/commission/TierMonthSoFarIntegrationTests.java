package org.sharerengine.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.commission.CommissionTemplateIntegrationTests.TEMPLATES;
import static org.sharerengine.commission.LevelRateIntegrationTests.assign;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The month so far that a tier step (阶梯佣金, SPEC §4) reads, against a model of SPEC's words: the
 * seller's orders paid from the start of the calendar month in the shop's time zone up to the
 * order's payment, not refunded in full, and what their customers kept. The engine reads it from
 * the monthly rollup where the rollup proves exact, and counts the orders otherwise; the scenario
 * makes both happen: payments arrive out of order, near the months' edges, single and in batches,
 * with partial and full refunds, orders of 0 fen, and the shop changing its time zone on the way.
 */
@ApiTest
class TierMonthSoFarIntegrationTests {

    private static final List<String> ZONES = List.of("Asia/Shanghai", "America/New_York", "UTC", "Pacific/Kiritimati");
    /** The months' edges the payments crowd around: 1 March and 1 April 2026 at midnight in each zone. */
    private static final List<Instant> EDGES = ZONES.stream().flatMap(zone -> List.of(3, 4).stream()
            .map(month -> LocalDate.of(2026, month, 1).atStartOfDay(ZoneId.of(zone)).toInstant())).toList();
    private static final Instant FROM = Instant.parse("2026-02-20T00:00:00Z");

    @Autowired
    Api api;

    /** An order as the model keeps it. */
    private static final class Placed {
        final String id;
        final String seller;
        final Instant paidAt;
        final long total;
        long kept;

        Placed(String id, String seller, Instant paidAt, long total) {
            this.id = id;
            this.seller = seller;
            this.paidAt = paidAt;
            this.total = total;
            this.kept = total;
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void everyOrderReadsTheMonthSoFarThatSpecDefines(long seed) {
        Random random = new Random(seed);
        Api.Shop shop = api.newShop(json("commissionDepth", 1));
        // Threshold 1 shows the figure on every order that has one: 0 leaves the step out.
        Map<String, Long> sellers = Map.of(
                "ORDERS", seller(shop, "by-orders", "ORDERS"),
                "SALES", seller(shop, "by-sales", "SALES"));
        shop.product("tea", "LEVEL_RATE", null, null);
        List<Placed> placed = new ArrayList<>();
        String zone = "Asia/Shanghai";
        int checked = 0;
        for (int step = 0; step < 70; step++) {
            int roll = random.nextInt(100);
            if (roll < 8) {
                zone = ZONES.get((ZONES.indexOf(zone) + 1 + random.nextInt(ZONES.size() - 1)) % ZONES.size());
                shop.patch("/api/v1/shop/settings", json("timeZone", zone)).expect(200);
            } else if (roll < 22) {
                List<Placed> refundable = placed.stream().filter(p -> p.kept > 0).toList();
                if (!refundable.isEmpty()) {
                    Placed order = refundable.get(random.nextInt(refundable.size()));
                    long amount = random.nextBoolean() ? order.kept : 1 + random.nextInt((int) order.kept);
                    shop.refund(order.id, "r-" + step, "l-1", amount).expect(201);
                    order.kept -= amount;
                }
            } else {
                int count = roll < 40 ? 2 + random.nextInt(3) : 1;
                List<Placed> sent = new ArrayList<>();
                List<Map<String, Object>> bodies = new ArrayList<>();
                for (int k = 0; k < count; k++) {
                    String metric = random.nextBoolean() ? "ORDERS" : "SALES";
                    Placed order = new Placed("o-" + step + "-" + k, metric, paidAt(random),
                            random.nextInt(10) == 0 ? 0 : 100 + random.nextInt(50_000));
                    sent.add(order);
                    bodies.add(json("orderId", order.id, "customerId", "c-" + order.id, "sharerId", sellers.get(metric),
                            "paidAt", order.paidAt.toString(), "lines", List.of(line("l-1", "tea", 1, order.total))));
                }
                if (count == 1) {
                    shop.post("/api/v1/orders", bodies.get(0)).expect(201);
                } else {
                    shop.post("/api/v1/order-batches", json("orders", bodies)).expect(200);
                }
                for (Placed order : sent) {
                    JsonNode commission = shop.get("/api/v1/orders/" + order.id).expect(200).body().get("commission");
                    long expected = expectedFigure(placed, order, ZoneId.of(zone));
                    if (order.total > 0) {
                        JsonNode tierStep = commission.get(0).get("tierStep");
                        assertThat(tierStep.isNull() ? 0 : tierStep.get("figure").asLong())
                                .as("order %s paid %s, zone %s, metric %s", order.id, order.paidAt, zone, order.seller)
                                .isEqualTo(expected);
                        checked++;
                    }
                    placed.add(order);
                }
            }
        }
        assertThat(checked).as("orders whose figure was checked").isGreaterThan(40);
        shop.assertBooksBalance();
    }

    private static long seller(Api.Shop shop, String name, String metric) {
        long seller = shop.sharer(name, null);
        assign(shop, seller, shop.post(TEMPLATES, json("name", metric + " from 1",
                "rates", List.of(json("levelRank", 1, "depth1RateBp", 500)),
                "tiers", List.of(json("metric", metric, "threshold", 1, "rateBp", 600)))).expect(201).id());
        return seller;
    }

    /** Mostly within six hours of a month's edge in some zone, else anywhere from late February to early April. */
    private static Instant paidAt(Random random) {
        if (random.nextInt(10) < 6) {
            return EDGES.get(random.nextInt(EDGES.size())).plusSeconds(random.nextInt(12 * 3_600) - 6 * 3_600);
        }
        return FROM.plusSeconds(random.nextLong(Duration.ofDays(44).toSeconds()));
    }

    /** SPEC's month so far, from the model: the seller's stored orders paid earlier this month and kept. */
    private static long expectedFigure(List<Placed> stored, Placed order, ZoneId zone) {
        Instant monthStart = order.paidAt.atZone(zone).toLocalDate().withDayOfMonth(1).atStartOfDay(zone).toInstant();
        List<Placed> earlier = stored.stream().filter(p -> p.seller.equals(order.seller) && p.kept > 0
                && !p.paidAt.isBefore(monthStart) && p.paidAt.isBefore(order.paidAt)).toList();
        return order.seller.equals("ORDERS") ? earlier.size() : earlier.stream().mapToLong(p -> p.kept).sum();
    }
}
