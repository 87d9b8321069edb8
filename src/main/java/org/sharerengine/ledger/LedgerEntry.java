package org.sharerengine.ledger;

import java.time.Instant;
import org.sharerengine.shared.SharerId;

public record LedgerEntry(long id, String journalId, Account account, SharerId sharerId, long amountFen, String kind,
        String reference, Instant createdAt) {
}
