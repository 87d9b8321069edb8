package org.sharerengine.teambonus;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/** How long a team bonus period is, counted in calendar units of the shop's time zone. */
public enum PeriodUnit {
    WEEK, MONTH, QUARTER;

    /** The calendar period (Monday-based week, month, quarter) that contains {@code at}. */
    public Period containing(Instant at, ZoneId zone) {
        ZonedDateTime start = startOf(at.atZone(zone));
        return new Period(start.toInstant(), next(start).toInstant());
    }

    /**
     * The period that starts at {@code start} and ends at the next calendar boundary. A start on a
     * boundary gives a whole period; a start inside one (after the unit or zone was changed)
     * gives the rest of it, so periods never overlap or leave gaps.
     */
    public Period startingAt(Instant start, ZoneId zone) {
        return new Period(start, next(startOf(start.atZone(zone))).toInstant());
    }

    private ZonedDateTime startOf(ZonedDateTime at) {
        var day = at.toLocalDate();
        var first = switch (this) {
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
            case QUARTER -> day.withDayOfMonth(1).withMonth((day.getMonthValue() - 1) / 3 * 3 + 1);
        };
        return first.atStartOfDay(at.getZone());
    }

    private ZonedDateTime next(ZonedDateTime start) {
        return switch (this) {
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
            case QUARTER -> start.plusMonths(3);
        };
    }
}
