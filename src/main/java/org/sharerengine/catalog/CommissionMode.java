package org.sharerengine.catalog;

/**
 * How a promoted product pays: the rate of the sharer's level (按等级比例), a fixed rate whoever
 * sells it (按固定比例), or a fixed amount per unit sold.
 */
public enum CommissionMode {
    LEVEL_RATE, FIXED_RATE, FIXED_AMOUNT
}
