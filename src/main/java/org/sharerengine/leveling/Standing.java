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
        boolean opening = at.equals(periodStart) && openingActivityId != null && activityId <= openingActivityId;
        return inside(at) && !opening;
    }

    boolean inside(Instant at) {
        return !at.isBefore(periodStart) && (periodEnd == null || at.isBefore(periodEnd));
    }

    /**
     * Whether activity dated {@code at} can be counted (or not) before it has an id, without
     * rolling the period first: the period has not ended by then, and was not opened at that instant.
     */
    boolean takes(Instant at) {
        return (periodEnd == null || at.isBefore(periodEnd)) && !(at.equals(periodStart) && openingActivityId != null);
    }

    Standing opened(long activityId) {
        return new Standing(sharer, rank, periodStart, periodEnd, locked, activityId, figures);
    }

    Standing with(Figures figures) {
        return new Standing(sharer, rank, periodStart, periodEnd, locked, openingActivityId, figures);
    }
}
