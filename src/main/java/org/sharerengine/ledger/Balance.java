package org.sharerengine.ledger;

/** A sharer's wallet: pending (待结算), available (可提现), frozen in withdrawals, paid out. */
public record Balance(long pendingFen, long availableFen, long frozenFen, long paidOutFen) {

    public static final Balance ZERO = new Balance(0, 0, 0, 0);

    /** A negative available balance (after a clawback) can never be withdrawn. */
    public long withdrawableFen() {
        return Math.max(0, availableFen);
    }
}
