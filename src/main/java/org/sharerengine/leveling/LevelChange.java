package org.sharerengine.leveling;

import java.time.Instant;

/**
 * One entry of a sharer's level history: from which level to which, why, and the figures of
 * the period behind the decision (for a downgrade the whole period that ended, for an upgrade
 * the period up to the change, for a manual change the current period so far).
 */
public record LevelChange(long id, long sharerId, int fromRank, String fromName, int toRank, String toName, Cause cause,
        String reason, boolean locked, Figures figures, Instant periodStart, Instant periodEnd, Instant changedAt) {

    public enum Cause { UPGRADE, DOWNGRADE, MANUAL }
}
