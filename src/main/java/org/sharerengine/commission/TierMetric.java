package org.sharerengine.commission;

/** What a tier step (阶梯佣金) counts in the sharer's month so far: orders, or sales in fen. */
public enum TierMetric {
    ORDERS, SALES
}
