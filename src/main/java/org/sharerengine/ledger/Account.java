package org.sharerengine.ledger;

/**
 * The accounts of the double-entry ledger. A sharer's wallet is four accounts; the shop side
 * holds the counter-entries (its commission cost and the withdrawal fees it keeps).
 */
public enum Account {
    SHARER_PENDING(true),
    SHARER_AVAILABLE(true),
    SHARER_FROZEN(true),
    SHARER_PAID_OUT(true),
    SHOP_COMMISSION(false),
    SHOP_WITHDRAWAL_FEES(false);

    private final boolean sharers;

    Account(boolean sharers) {
        this.sharers = sharers;
    }

    public boolean belongsToSharer() {
        return sharers;
    }
}
