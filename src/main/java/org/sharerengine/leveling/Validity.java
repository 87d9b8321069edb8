package org.sharerengine.leveling;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.sharerengine.shared.ApiProblem;

/** How long a level holds before its keep condition is checked: N days or months (in the shop's time zone), or permanent. */
public record Validity(Unit unit, Integer length) {

    public enum Unit { DAYS, MONTHS, PERMANENT }

    public static final Validity PERMANENT = new Validity(Unit.PERMANENT, null);

    public boolean permanent() {
        return unit == Unit.PERMANENT;
    }

    /** The end of a period starting at {@code start}; null when permanent. Month ends clamp (Jan 31 + 1 month = Feb 28) as in SQL. */
    public Instant endOf(Instant start, ZoneId zone) {
        ZonedDateTime local = start.atZone(zone);
        return switch (unit) {
            case DAYS -> local.plusDays(length).toInstant();
            case MONTHS -> local.plusMonths(length).toInstant();
            case PERMANENT -> null;
        };
    }

    Validity validated(String field) {
        if (unit == null) {
            throw ApiProblem.invalid(field + ".unit", "must be DAYS, MONTHS or PERMANENT");
        }
        switch (unit) {
            case PERMANENT -> {
                if (length != null) {
                    throw ApiProblem.invalid(field + ".length", "must be absent for a permanent level");
                }
            }
            case DAYS -> requireLength(field, 3650);
            case MONTHS -> requireLength(field, 120);
        }
        return this;
    }

    private void requireLength(String field, int max) {
        if (length == null || length < 1 || length > max) {
            throw ApiProblem.invalid(field + ".length", "must be 1 to " + max + " " + unit.name().toLowerCase());
        }
    }
}
