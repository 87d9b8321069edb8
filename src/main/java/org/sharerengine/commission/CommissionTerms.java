package org.sharerengine.commission;

import org.sharerengine.catalog.CommissionMode;
import org.sharerengine.shared.Money;

/**
 * What one commission line is computed from. Whatever the refunds, a line's commission is
 * always exactly its value on the amount the customer kept (SPEC §4): a rate is applied to
 * the kept amount, a fixed amount is scaled by kept / paid. Both floor, so a full refund
 * reverses everything and no refund over- or under-reverses.
 *
 * <p>A FIXED_AMOUNT line earning a boost carries the boost as {@code rateBp}: the fixed part
 * scaled plus the boost rate on the kept amount, never more than the amount kept. Each part
 * only falls as the kept amount falls, so the sum (and its cap) does too.
 *
 * @param rateBp   the final rate for LEVEL_RATE and FIXED_RATE lines; the boost rate (or null) for FIXED_AMOUNT lines
 * @param fixedFen the fixed amount for the whole line (per unit × quantity) for FIXED_AMOUNT lines
 */
public record CommissionTerms(CommissionMode rule, Integer rateBp, Long fixedFen) {

    public static CommissionTerms rate(CommissionMode rule, int rateBp) {
        return new CommissionTerms(rule, rateBp, null);
    }

    /** A fixed amount per unit, never more than the line itself is worth. */
    public static CommissionTerms fixedPerUnit(long perUnitFen, int quantity, long lineAmountFen) {
        return new CommissionTerms(CommissionMode.FIXED_AMOUNT, null, Math.min(Math.multiplyExact(perUnitFen, quantity), lineAmountFen));
    }

    /** A fixed-amount line with a boost rate on top. */
    public CommissionTerms withBoost(int boostBp) {
        return new CommissionTerms(rule, boostBp, fixedFen);
    }

    public long commissionOn(long lineAmountFen, long keptAmountFen) {
        if (rule != CommissionMode.FIXED_AMOUNT) {
            return Money.applyRate(keptAmountFen, rateBp);
        }
        long fixedPart = Money.scale(fixedFen, keptAmountFen, lineAmountFen);
        return rateBp == null ? fixedPart : Math.min(keptAmountFen, fixedPart + Money.applyRate(keptAmountFen, rateBp));
    }

    /** The computation in words, e.g. {@code floor(6667 × 600 / 10000) = 400}. */
    public String formula(long lineAmountFen, long keptAmountFen) {
        long result = commissionOn(lineAmountFen, keptAmountFen);
        if (rule != CommissionMode.FIXED_AMOUNT) {
            return "floor(" + keptAmountFen + " × " + rateBp + " / 10000) = " + result;
        }
        String fixedPart = "floor(" + fixedFen + " × " + keptAmountFen + " / " + lineAmountFen + ")";
        if (rateBp == null) {
            return fixedPart + " = " + result;
        }
        long sum = Money.scale(fixedFen, keptAmountFen, lineAmountFen) + Money.applyRate(keptAmountFen, rateBp);
        return fixedPart + " + floor(" + keptAmountFen + " × " + rateBp + " / 10000) = " + sum
                + (sum > result ? ", capped at the " + keptAmountFen + " fen kept = " + result : "");
    }
}
