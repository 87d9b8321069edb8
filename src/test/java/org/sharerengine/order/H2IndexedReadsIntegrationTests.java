package org.sharerengine.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.RoundTrips;
import org.sharerengine.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * On H2, no read of an intake, a refund or a visit reads the shop's history: each looks what it
 * needs up in an index. H2 finds {@code col = any(?)} in no index and reads the whole shop for it,
 * so single intake slowed as orders accumulated (README, Figures). Every query the work sends is
 * explained again here with its own parameters, and H2's {@code scanCount} of each table it reads
 * must stay below the history's size: 67 sharers, 65 of them with the month's sales, 61 products, 660
 * orders, 120 level activities per seller, 60 shares, 80 bindings.
 */
@ApiTest
@Import(RoundTrips.Counting.class)
class H2IndexedReadsIntegrationTests {

    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");
    /** More than a lookup of a few dozen ids reads, and less than any part of the history. */
    private static final int MOST_ROWS_READ = 50;

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void intakeRefundsAndVisitsReadOnlyTheRowsTheyNeedHoweverLongTheShopsHistory() {
        assumeThat(TestDatabase.postgres()).as("PostgreSQL plans `= any(?)` as an index lookup").isFalse();
        Api.Shop shop = api.newShop(json("commissionDepth", 3, "level2RateBp", 200, "level3RateBp", 100));
        shop.put("/api/v1/level-programme", json("pointsPerYuan", 1, "levels", List.of(json("rank", 1, "name", "L1"),
                json("rank", 2, "name", "L2", "entry", json("points", 1_000_000_000))))).expect(200);
        long root = shop.sharer("root", null);
        long mid = shop.sharer("mid", root);
        long tiered = shop.post("/api/v1/commission-templates", json("name", "tiered",
                "rates", List.of(json("levelRank", 1, "depth1RateBp", 500, "depth2RateBp", 200, "depth3RateBp", 100)),
                "tiers", List.of(json("metric", "ORDERS", "threshold", 3, "rateBp", 1_100)))).expect(201).id();
        List<Long> sellers = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            long seller = shop.sharer("seller-" + s, mid);
            shop.put("/api/v1/sharers/" + seller + "/template", json("templateId", tiered)).expect(200);
            sellers.add(seller);
        }
        for (int s = 0; s < 60; s++) {
            long idle = shop.sharer("idle-" + s, s % 2 == 0 ? mid : null);
            shop.put("/api/v1/sharers/" + idle + "/level", json("rank", 2, "reason", "a level row", "locked", false)).expect(200);
        }
        shop.product("tea", "LEVEL_RATE", null, null);
        for (int n = 0; n < 60; n++) {
            shop.product("p-" + n, "FIXED_RATE", 100L, 50L);
        }
        List<String> shares = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            shares.add(shop.post("/api/v1/shares", json("sharerId", sellers.get(n % 5), "targetType", "PRODUCT", "targetId", "tea"))
                    .expect(201).get("token").asString());
        }
        for (int n = 0; n < 80; n++) {
            shop.post("/api/v1/visits", json("token", shares.get(n % 60), "customerId", "v-" + n, "visitedAt", "2026-02-27T00:00:00Z"))
                    .expect(200);
        }
        List<Map<String, Object>> idleOnes = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            idleOnes.add(json("orderId", "i-" + s, "customerId", "ic-" + s, "sharerExternalUserId", "idle-" + s,
                    "paidAt", "2026-03-01T09:00:00Z", "lines", List.of(line("l-1", "tea", 1, 1_000))));
        }
        shop.post("/api/v1/order-batches", json("orders", idleOnes)).expect(200);
        for (int batch = 0; batch < 3; batch++) {
            List<Map<String, Object>> orders = new ArrayList<>();
            for (int n = batch * 200; n < batch * 200 + 200; n++) {
                orders.add(order("o-" + n, "c-" + n, sellers.get(n % 5), shares.get(n % 60), "2026-03-01T10:00:00Z"));
            }
            shop.post("/api/v1/order-batches", json("orders", orders)).expect(200);
        }

        List<RoundTrips.Query> sent = RoundTrips.queriesOf(() -> {
            shop.post("/api/v1/orders", order("s-id", "c-7", sellers.get(0), null, "2026-03-02T10:00:00Z")).expect(201);
            shop.post("/api/v1/orders", json("orderId", "s-external", "customerId", "c-8", "sharerExternalUserId", "seller-1",
                    "paidAt", "2026-03-02T10:00:00Z", "lines", List.of(line("l-1", "tea", 1, 1_000), line("l-2", "p-42", 1, 500))))
                    .expect(201);
            shop.post("/api/v1/orders", order("s-token", "c-new", null, shares.get(33), "2026-03-02T10:00:00Z")).expect(201);
            shop.post("/api/v1/orders", order("s-binding", "v-9", null, null, "2026-03-02T10:00:00Z")).expect(201);
            shop.post("/api/v1/orders", order("o-5", "c-5", sellers.get(0), shares.get(5), "2026-03-01T10:00:00Z")).expect(200);
            shop.post("/api/v1/order-batches", json("orders", List.of(
                    order("b-1", "c-10", sellers.get(2), null, "2026-03-02T11:00:00Z"),
                    order("b-2", "c-11", null, shares.get(40), "2026-03-02T11:00:00Z"),
                    order("b-3", "v-12", null, null, "2026-03-02T11:00:00Z"),
                    order("o-6", "c-6", sellers.get(1), shares.get(6), "2026-03-01T10:00:00Z")))).expect(200);
            shop.refund("o-12", "r-12", "l-1", 400).expect(201);
            shop.refund("s-id", "r-s", "l-1", 1_000).expect(201);
            shop.post("/api/v1/visits", json("token", shares.get(21), "customerId", "c-30", "visitedAt", "2026-03-03T00:00:00Z"))
                    .expect(200);
        });

        List<String> scans = new ArrayList<>();
        for (RoundTrips.Query query : sent) {
            String sql = query.sql().strip().toLowerCase(Locale.ROOT);
            if (!sql.startsWith("select") && !sql.startsWith("with")) {
                continue;
            }
            String plan = jdbc.sql("explain analyze " + query.sql()).params(Arrays.asList(query.args())).query(String.class).single();
            Matcher counts = SCAN_COUNT.matcher(plan);
            int most = 0;
            while (counts.find()) {
                most = Math.max(most, Integer.parseInt(counts.group(1)));
            }
            if (most > MOST_ROWS_READ) {
                scans.add(most + " rows: " + query.sql().replaceAll("\\s+", " ") + "\n" + plan);
            }
        }
        assertThat(sent).as("the work's queries").hasSizeGreaterThan(20);
        assertThat(scans).as("queries that read more than %d rows of a table", MOST_ROWS_READ).isEmpty();
        shop.assertBooksBalance();
    }

    private static Map<String, Object> order(String id, String customer, Long sharer, String token, String paidAt) {
        return json("orderId", id, "customerId", customer, "sharerId", sharer, "shareToken", token, "paidAt", paidAt,
                "lines", List.of(line("l-1", "tea", 1, 1_000)));
    }
}
