package org.sharerengine.commission;

import java.time.Instant;
import java.util.List;
import org.sharerengine.shared.SharerId;

/** What commission needs to know of a paid order: its lines and who it is attributed to. */
public record PaidOrder(long orderId, String externalId, SharerId attributedSharerId, String attributionRule,
        boolean selfPurchase, Instant paidAt, List<Line> lines) {

    public record Line(long lineId, String externalLineId, String productId, int quantity, long amountFen) {
    }
}
