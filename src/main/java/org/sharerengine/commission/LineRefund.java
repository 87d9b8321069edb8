package org.sharerengine.commission;

/** An order line after a refund: what was paid and how much of it has been refunded in all. */
public record LineRefund(long orderLineId, long amountFen, long refundedFen) {

    public long keptFen() {
        return amountFen - refundedFen;
    }
}
