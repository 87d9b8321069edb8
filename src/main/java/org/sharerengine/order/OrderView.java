package org.sharerengine.order;

import java.time.Instant;
import java.util.List;
import org.sharerengine.attribution.Attribution;
import org.sharerengine.commission.CommissionLine;

public record OrderView(
        String orderId,
        String customerId,
        Instant paidAt,
        long totalFen,
        long refundedFen,
        Attribution attribution,
        List<Line> lines,
        List<CommissionLine> commission,
        Instant completedAt,
        Instant settleEventAt,
        Instant receivedAt) {

    public record Line(String lineId, String productId, int quantity, long amountFen, long refundedFen) {
    }
}
