package org.sharerengine.teambonus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class PeriodUnitTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    static Period period(String start, String end) {
        return new Period(Instant.parse(start), Instant.parse(end));
    }

    @Test
    void aMonthIsTheCalendarMonthOfTheShopsTimeZone() {
        assertThat(PeriodUnit.MONTH.containing(Instant.parse("2026-03-31T16:30:00Z"), SHANGHAI))
                .as("00:30 on 1 April in Shanghai").isEqualTo(period("2026-03-31T16:00:00Z", "2026-04-30T16:00:00Z"));
        assertThat(PeriodUnit.MONTH.containing(Instant.parse("2026-03-31T15:59:59Z"), SHANGHAI))
                .isEqualTo(period("2026-02-28T16:00:00Z", "2026-03-31T16:00:00Z"));
        assertThat(PeriodUnit.MONTH.containing(Instant.parse("2026-02-10T00:00:00Z"), ZoneId.of("UTC")))
                .isEqualTo(period("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"));
    }

    @Test
    void weeksStartOnMondayAndQuartersInJanuaryAprilJulyAndOctober() {
        assertThat(PeriodUnit.WEEK.containing(Instant.parse("2026-11-22T12:00:00Z"), SHANGHAI))
                .as("Sunday 22 November, 20:00 in Shanghai").isEqualTo(period("2026-11-15T16:00:00Z", "2026-11-22T16:00:00Z"));
        assertThat(PeriodUnit.QUARTER.containing(Instant.parse("2026-05-20T00:00:00Z"), SHANGHAI))
                .isEqualTo(period("2026-03-31T16:00:00Z", "2026-06-30T16:00:00Z"));
    }

    @Test
    void aPeriodStartingInsideAUnitRunsToItsEndSoPeriodsNeverOverlapOrLeaveGaps() {
        assertThat(PeriodUnit.MONTH.startingAt(Instant.parse("2026-03-31T16:00:00Z"), SHANGHAI))
                .isEqualTo(period("2026-03-31T16:00:00Z", "2026-04-30T16:00:00Z"));
        assertThat(PeriodUnit.MONTH.startingAt(Instant.parse("2026-04-15T00:00:00Z"), SHANGHAI))
                .isEqualTo(period("2026-04-15T00:00:00Z", "2026-04-30T16:00:00Z"));
    }
}
