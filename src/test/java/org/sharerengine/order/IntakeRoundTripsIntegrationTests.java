package org.sharerengine.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharerengine.shared.Database;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.RoundTrips;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * Statements sent to the database per order, single and bulk intake, in a shop with three depths,
 * a level programme and a tiered template: the figure that decides throughput on a busy database.
 */
@ApiTest
@Import(RoundTrips.Counting.class)
class IntakeRoundTripsIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    Database database;

    @Test
    void bulkIntakeSendsAFewStatementsPerOrderAndSingleIntakeFewerThanBefore() {
        Api.Shop shop = api.newShop(json("commissionDepth", 3, "level2RateBp", 200, "level3RateBp", 100));
        shop.put("/api/v1/level-programme", json("pointsPerYuan", 1, "levels", List.of(json("rank", 1, "name", "L1"),
                json("rank", 2, "name", "L2", "entry", json("points", 1_000_000_000))))).expect(200);
        long root = shop.sharer("root", null);
        long mid = shop.sharer("mid", root);
        List<Long> sellers = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            sellers.add(shop.sharer("seller-" + s, mid));
        }
        long tiered = shop.post("/api/v1/commission-templates", json("name", "tiered",
                "rates", List.of(json("levelRank", 1, "depth1RateBp", 500, "depth2RateBp", 200, "depth3RateBp", 100)),
                "tiers", List.of(json("metric", "ORDERS", "threshold", 3, "rateBp", 1_100)))).expect(201).id();
        sellers.forEach(s -> shop.put("/api/v1/sharers/" + s + "/template", json("templateId", tiered)).expect(200));
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.product("cup", "FIXED_RATE", 800L, 300L);

        int single = RoundTrips.of(() -> {
            for (int n = 0; n < 40; n++) {
                shop.post("/api/v1/orders", order("s-" + n, sellers.get(n % 20))).expect(201);
            }
        });
        System.out.printf("Round trips per order: single intake %.1f%n", single / 40.0);
        List<Map<String, Object>> orders = new ArrayList<>();
        for (int n = 0; n < 200; n++) {
            orders.add(order("b-" + n, sellers.get(n % 20)));
        }
        int bulk = RoundTrips.of(() -> shop.post("/api/v1/order-batches", json("orders", orders)).expect(200));

        System.out.printf("Round trips per order: bulk intake (200 per batch) %.2f (%d)%n", bulk / 200.0, bulk);
        // PostgreSQL: 0.18 (36 round trips) since the writes of an intake go through one pipeline, sent at once (orders,
        // lines, level activity and rows, commission lines, wallets, ledger entries and monthly sales: one round trip where
        // they took eleven); 0.22-0.23 before; 0.31 before the ranks of all the batch's uplines were read at once instead
        // of once per new seller, 6.2 before attribution, the months so far and the uplines were read once per batch (4.2),
        // and before sales were counted on the locked level rows in memory and written once per batch, with the rank read
        // again only after a level moved. H2, which executes each write at once: 0.21 (41). The first batch of a JVM
        // into a table also looks up its identity sequence, once, hence the margin. Single intake, one order after
        // another (so no group commit here: see SingleIntakeGroupsIntegrationTests): 17.0 on PostgreSQL, 22.0 before the
        // pipeline; 23.0 on H2; 27.0 before it answered from what it wrote and remembered API keys.
        // Since the orders' and lines' ids are drawn in one statement: 16.0 single and 0.175 (35) bulk on PostgreSQL.
        // Since the product library, boosts and level programme are kept in memory for the shop's programme version
        // (read once here, by the first order) and the commission lines' ids are drawn with the orders': 12.1 single
        // and 0.155 (31) bulk on PostgreSQL; 20.1 and 0.19 (38) on H2. Since the sharers come with their chains in one
        // statement: 11.1 and 0.15 (30) on PostgreSQL; 19.1 and 0.185 (37) on H2. Since the uplines' ranks are read in the
        // statement that locks the sellers' level rows (PostgreSQL only): 10.1 and 0.145 (29). Since the ids are drawn in the
        // round trip of that lock (shared.Reads, PostgreSQL only): 9.1 and 0.14 (28). Since the orders known before are
        // read in the intake's transaction, with the shop row and the tokens and bindings (PostgreSQL only): 8.1 and 0.135
        // (27). (The commit goes with the last writes since then, but a commit is not a statement and is not counted here.)
        // Since the sharers and their chains are read in that round trip too, starting from the tokens' and bindings'
        // sharers in the statement itself: 7.1 and 0.13 (26). H2 reads the sellers' latest activity in a statement of its
        // own after their lock, since the locking read's may miss what was recorded while it waited: 20.1 and 0.19 (38).
        // Since the months so far of the sellers on tier steps are read ahead, all in one statement, sent with the lock
        // (MonthToDateSales.readAhead) instead of one statement per seller as pricing asked: 6.1 and 0.03 (6) on
        // PostgreSQL, 20.1 and 0.095 (19) on H2. Since the templates are kept for the programme version as the library is
        // (three statements for every intake with a seller on a template before): 3.2 and 0.015 (3) on PostgreSQL, 17.2
        // and 0.08 (16) on H2.
        assertThat(bulk / 200.0).isLessThanOrEqualTo(database.postgres() ? 0.02 : 0.085);
        assertThat(single / 40.0).isLessThanOrEqualTo(database.postgres() ? 3.3 : 17.3);
    }

    /**
     * Upgrades earned inside an intake are made in memory and written with its other writes: a batch
     * in which each of 20 sellers climbs a level (on its fourth order of ¥280) sends on PostgreSQL one
     * statement more than the same batch with nobody climbing: the draw of the ids of the level
     * activity and history (7 against 6). Before, each upgrade sent the pipeline and then read and
     * wrote the sharer's level on its own, and the seller's later orders at the same instant went the
     * same way: 475 statements against 13.
     */
    @Test
    void upgradesInsideABatchCostNoRoundTripsOfTheirOwn() {
        // The first upgrades of the JVM look up the identity sequences of the activity and the history once.
        sellersOf(upgradingAt(1_000)).batch().run();
        int plain = RoundTrips.of(sellersOf(upgradingAt(1_000_000_000)).batch());
        Sellers climbing = sellersOf(upgradingAt(1_000));
        int upgrading = RoundTrips.of(climbing.batch());

        System.out.printf("Round trips of a 200-order batch: %d with 20 upgrades, %d without%n", upgrading, plain);
        assertThat(climbing.ids()).allSatisfy(seller -> assertThat(climbing.shop().get("/api/v1/sharers/" + seller + "/level")
                .expect(200).body().get("rank").asInt()).isEqualTo(2));
        assertThat(upgrading - plain).isLessThanOrEqualTo(database.postgres() ? 1 : 3);
    }

    private static Map<String, Object> upgradingAt(long points) {
        return json("pointsPerYuan", 1, "levels", List.of(json("rank", 1, "name", "L1"),
                json("rank", 2, "name", "L2", "entry", json("points", points))));
    }

    /** A shop's 20 sellers. */
    private record Sellers(Api.Shop shop, List<Long> ids) {

        /** 200 orders of ¥280, ten per seller, in one batch. */
        Runnable batch() {
            List<Map<String, Object>> orders = new ArrayList<>();
            for (int n = 0; n < 200; n++) {
                orders.add(order("u-" + n, ids.get(n % 20)));
            }
            return () -> shop.post("/api/v1/order-batches", json("orders", orders)).expect(200);
        }
    }

    /** A new shop with the programme, a tea and a cup, and 20 sellers under one inviter. */
    private Sellers sellersOf(Map<String, Object> programme) {
        Api.Shop shop = api.newShop(json("commissionDepth", 2, "level2RateBp", 200));
        shop.put("/api/v1/level-programme", programme).expect(200);
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.product("cup", "FIXED_RATE", 800L, 300L);
        long mid = shop.sharer("mid", null);
        List<Long> sellers = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            sellers.add(shop.sharer("seller-" + s, mid));
        }
        return new Sellers(shop, sellers);
    }

    private static Map<String, Object> order(String orderId, long seller) {
        return json("orderId", orderId, "customerId", "c-" + orderId, "sharerId", seller,
                "lines", List.of(line("a", "tea", 1, 12_000), line("b", "cup", 2, 8_000)));
    }
}
