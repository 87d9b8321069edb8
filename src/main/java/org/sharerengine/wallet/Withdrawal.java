package org.sharerengine.wallet;

import java.time.Instant;
import org.sharerengine.shared.SharerId;

/** A sharer's request to be paid (提现): the amount is frozen until it is rejected (back to available) or paid. */
public record Withdrawal(
        long id,
        SharerId sharerId,
        long amountFen,
        long feeFen,
        long netFen,
        PayoutChannel channel,
        String accountNo,
        String accountName,
        Status status,
        String rejectReason,
        String payoutReference,
        Instant requestedAt,
        Instant decidedAt,
        Instant paidAt) {

    public enum Status { REQUESTED, APPROVED, REJECTED, PAID }

    /** Where the owner transfers the money by hand (手动结算). */
    public enum PayoutChannel { WECHAT, ALIPAY, BANK }
}
