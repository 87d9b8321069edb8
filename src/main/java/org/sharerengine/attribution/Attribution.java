package org.sharerengine.attribution;

import org.sharerengine.shared.SharerId;

/**
 * Who an order belongs to and which rule decided (SPEC §3). {@code selfPurchase} marks an order
 * the attributed sharer bought for themselves.
 */
public record Attribution(SharerId sharerId, Rule rule, String shareToken, boolean selfPurchase) {

    public enum Rule {
        /** The order itself named the sharer (WeChat Channels sharer_info, or the shop's own field). */
        ORDER_SHARER,
        /** The order carried a share token. */
        SHARE_TOKEN,
        /** The customer's binding was valid at payment. */
        BINDING,
        NONE
    }

    public static Attribution none() {
        return new Attribution(null, Rule.NONE, null, false);
    }
}
