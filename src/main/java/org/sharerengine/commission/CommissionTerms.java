package org.sharerengine.commission;

import org.sharerengine.catalog.CommissionMode;
import org.sharerengine.shared.Money;

/**
 * What one commission line is computed from. Whatever the refunds, a line's commission is
 * always exactly its value on the amount the customer kept (SPEC §4): a rate is applied to
 * the kept amount, a fixed amount is scaled by kept / paid. Both floor, so a full refund
 * reverses everything and no refund over- or under-reverses.
 *
 * @param rateBp   the rate for LEVEL_RATE and FIXED_RATE lines
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

    public long commissionOn(long lineAmountFen, long keptAmountFen) {
        return rule == CommissionMode.FIXED_AMOUNT
                ? Money.scale(fixedFen, keptAmountFen, lineAmountFen)
                : Money.applyRate(keptAmountFen, rateBp);
    }

    /** The computation in words, e.g. {@code floor(6667 × 600 / 10000) = 400}. */
    public String formula(long lineAmountFen, long keptAmountFen) {
        long result = commissionOn(lineAmountFen, keptAmountFen);
        return rule == CommissionMode.FIXED_AMOUNT
                ? "floor(" + fixedFen + " × " + keptAmountFen + " / " + lineAmountFen + ") = " + result
                : "floor(" + keptAmountFen + " × " + rateBp + " / 10000) = " + result;
    }
}
