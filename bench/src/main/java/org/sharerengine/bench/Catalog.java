package org.sharerengine.bench;

/**
 * The bench shop's products and its commission settings: the dataset builder, the order
 * generator and the ceiling all price from here, so their orders and commission agree.
 * Every fifth product pays its own rates (FIXED_RATE); the others pay the shop's default rates (LEVEL_RATE).
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

    private Catalog() {
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
