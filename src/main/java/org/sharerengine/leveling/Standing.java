package org.sharerengine.leveling;

import java.time.Instant;
import org.sharerengine.shared.SharerId;

/**
 * A sharer's place on the ladder: rank, current period (end null = permanent), whether the owner
 * locked it, the activity whose upgrade opened the period (null otherwise), the figures the
 * period holds so far, and the business time of the sharer's latest recorded activity (null: none
 * yet), kept on the row so that whoever holds the row knows it without reading the activity.
 */
record Standing(SharerId sharer, int rank, Instant periodStart, Instant periodEnd, boolean locked, Long openingActivityId,
        Figures figures, Instant latestActivityAt) {

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

    /** Nothing recorded is dated after {@code at}. */
    boolean latestBy(Instant at) {
        return latestActivityAt == null || !latestActivityAt.isAfter(at);
    }

    Standing opened(long activityId) {
        return new Standing(sharer, rank, periodStart, periodEnd, locked, activityId, figures, latestActivityAt);
    }

    Standing with(Figures figures) {
        return new Standing(sharer, rank, periodStart, periodEnd, locked, openingActivityId, figures, latestActivityAt);
    }

    /** The standing once activity dated {@code at} is recorded: its latest activity moves up to {@code at} if earlier. */
    Standing active(Instant at) {
        return latestBy(at) ? new Standing(sharer, rank, periodStart, periodEnd, locked, openingActivityId, figures, at) : this;
    }
}
