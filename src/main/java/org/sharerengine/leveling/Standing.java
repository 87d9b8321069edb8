package org.sharerengine.leveling;

import java.time.Instant;
import org.sharerengine.shared.SharerId;

/**
 * A sharer's place on the ladder: rank, current period (end null = permanent), whether the owner
 * locked it, and the activity whose upgrade opened the period (null otherwise).
 */
record Standing(SharerId sharer, int rank, Instant periodStart, Instant periodEnd, boolean locked, Long openingActivityId) {
}
