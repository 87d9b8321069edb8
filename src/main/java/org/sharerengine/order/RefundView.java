package org.sharerengine.order;

import java.time.Instant;
import java.util.List;

/** A refund and what it reversed: each commission line's reversal (pending) or clawback (settled). */
public record RefundView(String refundId, String orderId, long totalFen, Instant refundedAt, List<Line> lines,
        List<Reversal> reversals) {

    public record Line(String lineId, long amountFen) {
    }

    public record Reversal(long commissionLineId, String kind, long amountFen) {
    }
}
