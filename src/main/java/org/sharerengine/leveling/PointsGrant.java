package org.sharerengine.leveling;

import java.time.Instant;

/** Points the owner granted (or took back, when negative) by hand, with the reason (training completed, certificate…). */
public record PointsGrant(long id, long sharerId, long points, String reason, Instant occurredAt) {
}
