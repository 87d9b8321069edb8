package org.sharerengine.shared;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Instants are stored as UTC {@code timestamp with time zone}, the same way on H2 and PostgreSQL. */
public final class Timestamps {

    private Timestamps() {
    }

    /** How far ahead of our clock a caller's clock may run before its times count as "in the future". */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /**
     * Refuses a business time that lies in the future (beyond the clock skew allowed), and
     * returns it at the database's precision (microseconds), so that a time compared with one
     * read back from the database compares as stored.
     */
    public static Instant notInFuture(String field, Instant instant, Clock clock) {
        if (instant.isAfter(clock.instant().plus(CLOCK_SKEW))) {
            throw ApiProblem.invalid(field, "lies in the future (" + instant + "); it must not be later than now");
        }
        return stored(instant);
    }

    /** The instant as the database keeps it: timestamps hold microseconds. */
    public static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** Refuses an event time earlier than the time it follows (e.g. a refund before the payment). */
    public static Instant notBefore(String field, Instant instant, String earlierName, Instant earlier) {
        if (instant.isBefore(earlier)) {
            throw ApiProblem.invalid(field, "is " + instant + ", before the " + earlierName + " " + earlier);
        }
        return instant;
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
