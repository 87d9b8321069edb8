package org.sharerengine.bench;

import java.util.List;
import java.util.Map;

/**
 * The bench shop's products and its commission settings: the dataset builder, the order
 * generator and the ceiling all price from here, so their orders and commission agree.
 * Every fifth product pays its own rates (FIXED_RATE); the others pay the shop's default rates (LEVEL_RATE),
 * or the rates of the sharer's template: the live-stream template (直播专场), with a tier step, is given to
 * the top sellers and to a tenth of the others.
 */
final class Catalog {

    static final int PRODUCTS = 200;
    static final int DEPTH = 2;
    static final int SHOP_RATE_1_BP = 600;
    static final int SHOP_RATE_2_BP = 100;
    static final int FIXED_RATE_1_BP = 1_000;
    static final int FIXED_RATE_2_BP = 200;

    /** Level points: per yuan, per order, per newly bound customer, per recruit. */
    static final int POINTS_PER_YUAN = 1;
    static final int POINTS_PER_ORDER = 10;
    static final int POINTS_PER_CUSTOMER = 5;
    static final int POINTS_PER_RECRUIT = 20;

    /** The top sellers on the live-stream template: the first {@code sharers / HOSTS_ONE_IN} (a few sharers sell most). */
    static final int HOSTS_ONE_IN = 100;
    /** Of the other sharers, one in this many is on the live-stream template too. */
    static final int TEMPLATE_ONE_IN = 10;

    private Catalog() {
    }

    /** SPEC's tier example: the rate of the sharer's level, 10 % from the 21st order of the month (阶梯佣金). */
    static Map<String, Object> liveStreamTemplate() {
        return Map.of("name", "直播专场", "rates", List.of(
                        Map.of("levelRank", 1, "depth1RateBp", 500, "depth2RateBp", 100),
                        Map.of("levelRank", 2, "depth1RateBp", 600, "depth2RateBp", 100),
                        Map.of("levelRank", 3, "depth1RateBp", 800, "depth2RateBp", 150)),
                "tiers", List.of(Map.of("metric", "ORDERS", "threshold", 20, "rateBp", 1_000)));
    }

    /** Product {@code p}, 1-based. */
    static String productId(int p) {
        return "bp" + p;
    }

    static boolean fixedRate(int p) {
        return p % 5 == 0;
    }

    /** ¥9.90 to ¥108.90. */
    static long priceFen(int p) {
        return 990 + (p * 7_919L % 100) * 100;
    }

    static int rateBp(int p, int depth) {
        if (fixedRate(p)) {
            return depth == 1 ? FIXED_RATE_1_BP : FIXED_RATE_2_BP;
        }
        return depth == 1 ? SHOP_RATE_1_BP : SHOP_RATE_2_BP;
    }

    static String mode(int p) {
        return fixedRate(p) ? "FIXED_RATE" : "LEVEL_RATE";
    }
}
