package org.sharerengine.commission;

import java.time.Instant;
import org.sharerengine.shared.ShopId;

/**
 * Another kind of commission-like line that settles with commission (the team bonus): the
 * settlement run calls every step after the shop's commission lines, on the same schedule and
 * with the same {@code asOf}. A step settles in its own batches and settles nothing twice.
 */
public interface SettlementStep {

    Settled settle(ShopId shop, Instant asOf);

    record Settled(int lines, long fen) {
    }
}
