package org.sharerengine.commission;

/** 待结算 → 已结算 (withdrawable) or 已失效 (refunded away). */
public enum CommissionStatus {
    PENDING, SETTLED, REVERSED
}
