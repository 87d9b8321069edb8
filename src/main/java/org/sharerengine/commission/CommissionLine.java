package org.sharerengine.commission;

import java.time.Instant;
import java.util.List;
import org.sharerengine.catalog.CommissionMode;
import org.sharerengine.shared.SharerId;

/**
 * One beneficiary's commission on one order line at one depth, with every input it was
 * computed from, so it explains itself and can be recomputed.
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

    /** The line with the story of how it came to be: inputs, rule, formula, every refund. */
    public record Explanation(CommissionLine line, String formula, String text, List<Adjustment> adjustments) {
    }

    public record Adjustment(long refundId, String kind, long amountFen, long keptAmountFen, Instant at) {
    }
}
