package org.sharerengine.order;

import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sharerengine.support.Api;
import org.sharerengine.support.RoundTrips;
import org.springframework.http.HttpMethod;

/**
 * The shop of the indexed-reads tests and the work whose reads they explain: single orders named
 * each way (sharer id, external user id, share token, binding), a replay, a batch with a replay in
 * it, two refunds and a visit, in March 2026, then what a seller's phone shows (wallet, level,
 * commission, ledger entries), an order and the month's leaderboard. The shop has tiered sellers with sales in the month,
 * idle sharers on a level row, products, shares and bindings; {@link #addHistory} gives it more of
 * the same, so that a read that walks the shop's history reads more than one that looks its rows up.
 */
final class IndexedReadsShop {

    final Api.Shop shop;
    private final List<Long> sellers = new ArrayList<>();
    private final List<String> shares = new ArrayList<>();

    private IndexedReadsShop(Api.Shop shop) {
        this.shop = shop;
    }

    /** 67 sharers, 65 of them with the month's sales, 61 products, 660 orders, 120 level activities per seller, 60 shares, 80 bindings. */
    static IndexedReadsShop build(Api api) {
        IndexedReadsShop built = new IndexedReadsShop(api.newShop(json("commissionDepth", 3, "level2RateBp", 200, "level3RateBp", 100)));
        Api.Shop shop = built.shop;
        shop.put("/api/v1/level-programme", json("pointsPerYuan", 1, "levels", List.of(json("rank", 1, "name", "L1"),
                json("rank", 2, "name", "L2", "entry", json("points", 1_000_000_000))))).expect(200);
        long root = shop.sharer("root", null);
        long mid = shop.sharer("mid", root);
        long tiered = shop.post("/api/v1/commission-templates", json("name", "tiered",
                "rates", List.of(json("levelRank", 1, "depth1RateBp", 500, "depth2RateBp", 200, "depth3RateBp", 100)),
                "tiers", List.of(json("metric", "ORDERS", "threshold", 3, "rateBp", 1_100)))).expect(201).id();
        for (int s = 0; s < 5; s++) {
            long seller = shop.sharer("seller-" + s, mid);
            shop.put("/api/v1/sharers/" + seller + "/template", json("templateId", tiered)).expect(200);
            built.sellers.add(seller);
        }
        for (int s = 0; s < 60; s++) {
            long idle = shop.sharer("idle-" + s, s % 2 == 0 ? mid : null);
            shop.put("/api/v1/sharers/" + idle + "/level", json("rank", 2, "reason", "a level row", "locked", false)).expect(200);
        }
        shop.product("tea", "LEVEL_RATE", null, null);
        for (int n = 0; n < 60; n++) {
            shop.product("p-" + n, "FIXED_RATE", 100L, 50L);
        }
        for (int n = 0; n < 60; n++) {
            built.shares.add(built.share(built.sellers.get(n % 5)));
        }
        for (int n = 0; n < 80; n++) {
            built.visit(built.shares.get(n % 60), "v-" + n, "2026-02-27T00:00:00Z");
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
                orders.add(order("o-" + n, "c-" + n, built.sellers.get(n % 5), built.shares.get(n % 60), "2026-03-01T10:00:00Z"));
            }
            shop.post("/api/v1/order-batches", json("orders", orders)).expect(200);
        }
        return built;
    }

    /**
     * Adds {@code sharers} sharers (imported, every other one under the shop's "mid"), each with a
     * share, a customer bound by a visit and {@code orders} orders paid in the month before the work:
     * their level rows, activity, monthly sales, commission and wallets come with the orders.
     * {@code analyze} gathers the planner's statistics, as autovacuum does while tables grow: it is
     * run as each part is added, since a plan made for the tables as they were before can make
     * the loading itself very slow.
     */
    void addHistory(Api api, int sharers, int orders, Runnable analyze) {
        StringBuilder csv = new StringBuilder("externalUserId,parentExternalUserId\n");
        for (int s = 0; s < sharers; s++) {
            csv.append("h-").append(s).append(',').append(s % 2 == 0 ? "mid" : "").append('\n');
        }
        var imported = api.callCsv(HttpMethod.POST, "/api/v1/sharers/import", csv.toString(), shop.apiKey).expect(200).get("results");
        analyze.run();
        for (int s = 0; s < sharers; s++) {
            visit(share(imported.get(s).get("sharerId").asLong()), "hv-" + s, "2026-02-27T00:00:00Z");
        }
        analyze.run();
        List<Map<String, Object>> batch = new ArrayList<>();
        int sent = 0;
        for (int s = 0; s < sharers; s++) {
            for (int n = 0; n < orders; n++) {
                batch.add(json("orderId", "h-" + s + "-" + n, "customerId", n == 0 ? "hv-" + s : "hc-" + s + "-" + n,
                        "sharerExternalUserId", "h-" + s, "paidAt", "2026-03-01T0" + (n % 9) + ":30:00Z",
                        "lines", List.of(line("l-1", "tea", 1, 1_000 + n), line("l-2", "p-" + (s % 60), 1, 500))));
                if (batch.size() == 200) {
                    shop.post("/api/v1/order-batches", json("orders", batch)).expect(200);
                    batch.clear();
                    if (++sent % 5 == 0) {
                        analyze.run();
                    }
                }
            }
        }
        if (!batch.isEmpty()) {
            shop.post("/api/v1/order-batches", json("orders", batch)).expect(200);
        }
        analyze.run();
    }

    /**
     * Runs the work and answers the reads it sent, one statement each with its own parameters: the
     * statements PostgreSQL got together in one round trip ({@code shared.Reads}) are split apart.
     */
    List<RoundTrips.Query> readsOfTheWork() {
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
            visit(shares.get(21), "c-30", "2026-03-03T00:00:00Z");
            // What a seller's phone shows, and the month's leaderboard.
            long seller = sellers.get(0);
            for (String view : List.of("/wallet", "/level", "/commission-lines?limit=20", "/ledger-entries?limit=20")) {
                shop.get("/api/v1/sharers/" + seller + view).expect(200);
            }
            shop.get("/api/v1/orders/s-id").expect(200);
            shop.get("/api/v1/leaderboards/sales?month=2026-03&limit=10").expect(200);
        });
        List<RoundTrips.Query> reads = new ArrayList<>();
        for (RoundTrips.Query query : sent) {
            String[] statements = query.sql().split(";\n");
            int used = 0;
            for (String statement : statements) {
                int params = (int) statement.chars().filter(c -> c == '?').count();
                String sql = statement.strip().toLowerCase(Locale.ROOT);
                if (sql.startsWith("select") || sql.startsWith("with")) {
                    reads.add(new RoundTrips.Query(statement, Arrays.copyOfRange(query.args(), used, used + params)));
                }
                used += params;
            }
        }
        return reads;
    }

    private String share(long sharer) {
        return shop.post("/api/v1/shares", json("sharerId", sharer, "targetType", "PRODUCT", "targetId", "tea"))
                .expect(201).get("token").asString();
    }

    private void visit(String token, String customer, String at) {
        shop.post("/api/v1/visits", json("token", token, "customerId", customer, "visitedAt", at)).expect(200);
    }

    private static Map<String, Object> order(String id, String customer, Long sharer, String token, String paidAt) {
        return json("orderId", id, "customerId", customer, "sharerId", sharer, "shareToken", token, "paidAt", paidAt,
                "lines", List.of(line("l-1", "tea", 1, 1_000)));
    }
}
