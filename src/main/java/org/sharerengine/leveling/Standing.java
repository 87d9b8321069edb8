package org.sharerengine.leveling;

import java.time.Instant;
import org.sharerengine.shared.SharerId;

/**
 * A sharer's place on the ladder: rank, current period (end null = permanent), whether the owner
 * locked it, the activity whose upgrade opened the period (null otherwise), and the figures the
 * period holds so far.
 */
record Standing(SharerId sharer, int rank, Instant periodStart, Instant periodEnd, boolean locked, Long openingActivityId,
        Figures figures) {

    /**
     * Whether activity dated {@code at} belongs to the current period: dated inside it, and not
     * the activity that opened it or one recorded before that at the same instant (those counted
     * for the period before).
     */
    boolean holds(Instant at, long activityId) {
        boolean inside = !at.isBefore(periodStart) && (periodEnd == null || at.isBefore(periodEnd));
        boolean opening = at.equals(periodStart) && openingActivityId != null && activityId <= openingActivityId;
        return inside && !opening;
    }

    Standing with(Figures figures) {
        return new Standing(sharer, rank, periodStart, periodEnd, locked, openingActivityId, figures);
    }
}
