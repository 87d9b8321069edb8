package org.sharerengine.commission;

import java.time.Instant;
import java.util.List;
import org.sharerengine.catalog.CommissionMode;
import org.sharerengine.shared.SharerId;

/**
 * One beneficiary's commission on one order line at one depth, with every input it was
 * computed from, so it explains itself and can be recomputed. {@code rateBp} is the final rate
 * (for a FIXED_AMOUNT line: the boost rate on top of the fixed amount, if any); {@code levelRank},
 * {@code template}, {@code baseRateBp}, {@code tierStep} and {@code boost} say how it was reached
 * (null on lines made before templates existed, and where they played no part).
 */
public record CommissionLine(
        long id,
        String orderId,
        String orderLineId,
        String productId,
        int quantity,
        int depth,
        SharerId beneficiarySharerId,
        SharerId attributedSharerId,
        String attributionRule,
        CommissionMode rule,
        Integer rateBp,
        Long fixedFen,
        Integer levelRank,
        TemplateUsed template,
        Integer baseRateBp,
        TierUsed tierStep,
        BoostUsed boost,
        long lineAmountFen,
        long keptAmountFen,
        long originalFen,
        long amountFen,
        CommissionStatus status,
        Instant settleAfter,
        Instant settledAt,
        Instant createdAt) {

    public CommissionTerms terms() {
        return new CommissionTerms(rule, rateBp, fixedFen);
    }

    /** The beneficiary's commission template at the time, as it was named then. */
    public record TemplateUsed(long id, String name) {
    }

    /**
     * The tier step in force at payment: {@code figure} is the sharer's month-to-date orders or
     * sales (fen) then, at least {@code threshold}; it raised depth 1 to {@code rateBp} unless the
     * level rate was already higher.
     */
    public record TierUsed(TierMetric metric, long threshold, long figure, int rateBp) {
    }

    public record BoostUsed(long id, int extraRateBp) {
    }

    /** The line with the story of how it came to be: inputs, rule, formula, every refund. */
    public record Explanation(CommissionLine line, String formula, String text, List<Adjustment> adjustments) {
    }

    public record Adjustment(long refundId, String kind, long amountFen, long keptAmountFen, Instant at) {
    }
}
