package org.sharerengine.shared;

import java.math.BigInteger;

/**
 * The only rounding rule of the product lives here: money is integer fen and every
 * derived amount is floored, so the engine never pays a fen it cannot explain.
 */
public final class Money {

    private Money() {
    }

    /** {@code floor(amountFen * rateBp / 10000)}. */
    public static long applyRate(long amountFen, int rateBp) {
        return Math.floorDiv(Math.multiplyExact(amountFen, (long) rateBp), 10_000L);
    }

    /** {@code floor(valueFen * part / whole)} without overflow; a zero whole yields zero. */
    public static long scale(long valueFen, long part, long whole) {
        if (whole == 0) {
            return 0;
        }
        return BigInteger.valueOf(valueFen).multiply(BigInteger.valueOf(part))
                .divide(BigInteger.valueOf(whole)).longValueExact();
    }
}
