package org.sharerengine.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.sharerengine.support.Api;
import tools.jackson.databind.JsonNode;

/**
 * A deterministic programme for one shop — a three-deep inviter tree, paid orders, partial
 * refunds, completions and a settlement as of a fixed instant — and the figures it must
 * produce, worked out here by hand from the shop's flat rates.
 */
final class Workload {

    static final int SHARERS = 13;
    static final int ORDERS = 240;
    static final Instant SETTLED_AS_OF = Instant.parse("2026-10-25T00:00:00Z");
    /** Level 1, 2 and 3 rates in basis points. */
    private static final int[] RATES_BP = {1_000, 300, 100};
    private static final Instant FIRST_PAID = Instant.parse("2026-10-01T00:00:00Z");

    private Workload() {
    }

    record Shop(long id, String apiKey, long[] sharerIds) {
    }

    /** A shop with the workload's settings, tree and product, set up through one instance. */
    static Shop newShop(Endpoint instance) {
        Map<String, Object> settings = new HashMap<>(shopSettings());
        settings.put("maxShopsPerPerson", Api.TEST_SHOPS_PER_PERSON);
        JsonNode created = instance.call("POST", "/api/v1/platform/shops", null, json("name", "Workload", "settings", settings))
                .expect(201).body();
        String key = created.get("apiKey").get("key").asString();
        long[] sharers = new long[SHARERS];
        for (int sharer = 0; sharer < SHARERS; sharer++) {
            Long parent = parent(sharer) < 0 ? null : sharers[parent(sharer)];
            sharers[sharer] = instance.call("POST", "/api/v1/sharers", key,
                    json("externalUserId", externalUserId(sharer), "parentId", parent)).expect(201).body().get("id").asLong();
        }
        instance.call("PUT", "/api/v1/products/tea", key, json("name", "Tea", "commissionMode", "LEVEL_RATE")).expect(200);
        return new Shop(created.get("shop").get("id").asLong(), key, sharers);
    }

    static void assertBooksBalance(Endpoint instance, Shop shop) {
        JsonNode audit = instance.call("GET", "/api/v1/ledger/audit", shop.apiKey(), null).expect(200).body();
        assertThat(audit.get("totalFen").asLong()).as("ledger total of shop %s", shop.id()).isZero();
        assertThat(audit.get("mismatches")).as("wallets that disagree with their entries").isEmpty();
    }

    static Map<String, Object> shopSettings() {
        return json("commissionDepth", 3, "level1RateBp", RATES_BP[0], "level2RateBp", RATES_BP[1], "level3RateBp", RATES_BP[2]);
    }

    /**
     * Sharers 0–2 are roots, 3–5 their invitees, 6–12 invitees of those: three trees, so that
     * orders in parallel don't all wait for one root's wallet.
     */
    static int parent(int sharer) {
        return sharer < 3 ? -1 : sharer < 6 ? sharer - 3 : 3 + (sharer - 6) % 3;
    }

    static String externalUserId(int sharer) {
        return "sharer-" + sharer;
    }

    record Line(String id, long amountFen) {
    }

    static int sellerOf(int order) {
        return order % SHARERS;
    }

    static List<Line> lines(int order) {
        List<Line> lines = new ArrayList<>(List.of(new Line("a", 10_000 + 37L * order)));
        if (order % 3 == 0) {
            lines.add(new Line("b", 5_003 + order));
        }
        return lines;
    }

    static boolean refunded(int order) {
        return order % 5 == 0;
    }

    /** A refund takes part of line "a" back. */
    static long refundFen(int order) {
        return 1_000 + order;
    }

    static boolean completed(int order) {
        return order % 3 != 2;
    }

    static String orderId(int order) {
        return "order-" + order;
    }

    static Map<String, Object> order(int order, long[] sharerIds) {
        Instant paidAt = FIRST_PAID.plus(Duration.ofMinutes(order));
        return json("orderId", orderId(order), "customerId", "customer-" + order, "sharerId", sharerIds[sellerOf(order)],
                "paidAt", paidAt.toString(), "lines", lines(order).stream()
                        .map(l -> line(l.id(), "tea", 1, l.amountFen())).toList());
    }

    static Map<String, Object> refund(int order) {
        return json("refundId", "refund-" + order, "lines", List.of(json("lineId", "a", "amountFen", refundFen(order))));
    }

    static Map<String, Object> completion(int order) {
        return json("at", FIRST_PAID.plus(Duration.ofMinutes(order)).plus(Duration.ofDays(1)).toString());
    }

    /** The sharers paid on an order, level 1 first: its seller and up to two inviters above. */
    static List<Integer> beneficiaries(int order) {
        List<Integer> chain = new ArrayList<>();
        for (int sharer = sellerOf(order); sharer >= 0 && chain.size() < RATES_BP.length; sharer = parent(sharer)) {
            chain.add(sharer);
        }
        return chain;
    }

    private static IntStream orders(int count) {
        return IntStream.range(0, count);
    }

    static int commissionLines() {
        return orders(ORDERS).map(order -> lines(order).size() * beneficiaries(order).size()).sum();
    }

    /** The commission lines of the first {@code orders} orders that settle: those of completed orders. */
    static int settledLines(int orders) {
        return orders(orders).filter(Workload::completed).map(order -> lines(order).size() * beneficiaries(order).size()).sum();
    }

    static int refunds() {
        return (int) orders(ORDERS).filter(Workload::refunded).count();
    }

    static long refundedFen() {
        return orders(ORDERS).filter(Workload::refunded).mapToLong(Workload::refundFen).sum();
    }

    static int completions() {
        return (int) orders(ORDERS).filter(Workload::completed).count();
    }

    /** Each refund reduces one line's commission at every level. */
    static int reversals() {
        return orders(ORDERS).filter(Workload::refunded).map(order -> beneficiaries(order).size()).sum();
    }

    /** Every sharer's pending and available fen after the whole programme: commission on the amount kept, floored. */
    static long[][] wallets() {
        long[][] wallets = new long[SHARERS][2];
        for (int order = 0; order < ORDERS; order++) {
            List<Integer> chain = beneficiaries(order);
            for (Line line : lines(order)) {
                long kept = line.amountFen() - (refunded(order) && line.id().equals("a") ? refundFen(order) : 0);
                for (int level = 0; level < chain.size(); level++) {
                    wallets[chain.get(level)][completed(order) ? 1 : 0] += kept * RATES_BP[level] / 10_000;
                }
            }
        }
        return wallets;
    }
}
