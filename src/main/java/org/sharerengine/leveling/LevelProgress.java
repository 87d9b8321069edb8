package org.sharerengine.leveling;

import java.time.Instant;

/**
 * What a sharer sees of their level: where they stand, this period's figures, what the next
 * level asks for and what keeping the current one takes (null for rank 1 and for a permanent
 * level, which are never judged). {@code daysLeft} counts the calendar days of the period left,
 * today included, in the shop's time zone; null when the level is permanent.
 */
public record LevelProgress(long sharerId, boolean programme, int rank, String name, boolean locked, boolean campaignPriority,
        Validity validity, Instant periodStart, Instant periodEnd, Long daysLeft, Figures figures, NextLevel next, Condition keep) {

    public record NextLevel(int rank, String name, Condition entry) {
    }
}
