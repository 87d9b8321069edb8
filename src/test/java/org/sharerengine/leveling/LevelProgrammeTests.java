package org.sharerengine.leveling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharerengine.leveling.Condition.Match;
import org.sharerengine.shared.ApiProblem;

class LevelProgrammeTests {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static Condition points(long points) {
        return new Condition(null, points, null, null, null);
    }

    private static Level level(int rank, String name, Condition entry, Condition keep, Validity validity) {
        return new Level(rank, name, entry, keep, validity, null);
    }

    /** The seed's ladder: 普通 permanent, 中级 entry 1000 / keep 3000 for 3 months, 高级 entry 3000 for 3 months. */
    private static LevelProgramme seed() {
        return new LevelProgramme(1, null, 50, 80, null, List.of(
                level(1, "普通", null, null, null),
                level(2, "中级", points(1000), points(3000), new Validity(Validity.Unit.MONTHS, 3)),
                level(3, "高级", points(3000), null, new Validity(Validity.Unit.MONTHS, 3)))).validated();
    }

    private static Figures pointsOnly(long points) {
        return new Figures(points, 0, 0, 0, 0, 0);
    }

    @Test
    void fillsInDefaultsKeepEqualsEntryMatchAnyPermanentValidityAndZeroSources() {
        LevelProgramme programme = seed();
        assertThat(programme.pointsPerOrder()).isZero();
        assertThat(programme.pointsPerTeamMember()).isZero();
        assertThat(programme.level(1).validity().permanent()).isTrue();
        assertThat(programme.level(2).entry().match()).isEqualTo(Match.ANY);
        assertThat(programme.level(3).keep()).isEqualTo(programme.level(3).entry());
        assertThat(programme.level(2).campaignPriority()).isFalse();
    }

    @Test
    void upgradesToTheHighestLevelWhoseEntryIsMetSeveralAtOnce() {
        LevelProgramme programme = seed();
        assertThat(programme.highestEntryMet(pointsOnly(999))).isEqualTo(1);
        assertThat(programme.highestEntryMet(pointsOnly(1000))).isEqualTo(2);
        assertThat(programme.highestEntryMet(pointsOnly(2999))).isEqualTo(2);
        assertThat(programme.highestEntryMet(pointsOnly(3000))).isEqualTo(3);
    }

    /** 2,900 points in a 中级 period: 中级's keep (3000) is missed, so the sharer lands on 普通. */
    @Test
    void landsOnTheHighestLevelAtOrBelowWhoseKeepConditionIsMet() {
        LevelProgramme programme = seed();
        assertThat(programme.highestKeptUpTo(2, pointsOnly(2900))).isEqualTo(1);
        assertThat(programme.highestKeptUpTo(2, pointsOnly(3000))).isEqualTo(2);
        assertThat(programme.highestKeptUpTo(3, pointsOnly(2999))).isEqualTo(1);
        assertThat(programme.highestKeptUpTo(3, pointsOnly(3000))).isEqualTo(3);
    }

    @Test
    void anyNeedsOneThresholdAndAllNeedsEvery() {
        Figures figures = new Figures(0, 300_000, 2, 3, 0, 0);
        assertThat(new Condition(Match.ANY, null, 500_000L, null, 3L).metBy(figures)).isTrue();
        assertThat(new Condition(Match.ANY, null, 500_000L, 3L, null).metBy(figures)).isFalse();
        assertThat(new Condition(Match.ALL, null, 300_000L, null, 3L).metBy(figures)).isTrue();
        assertThat(new Condition(Match.ALL, null, 300_000L, 3L, 3L).metBy(figures)).isFalse();
    }

    @Test
    void salesPointsAreFlooredPerYuan() {
        assertThat(LevelProgramme.salesPoints(200_055, 1)).isEqualTo(2000);
        assertThat(LevelProgramme.salesPoints(199, 1)).isEqualTo(1);
        assertThat(LevelProgramme.salesPoints(150, 3)).isEqualTo(4);
        assertThat(LevelProgramme.salesPoints(0, 5)).isZero();
    }

    @Test
    void monthsAreCountedInTheShopsTimeZoneAndClampAtMonthEnds() {
        // 2025-01-31 00:00 in Shanghai + 1 month = 2025-02-28 00:00 in Shanghai.
        Validity month = new Validity(Validity.Unit.MONTHS, 1);
        assertThat(month.endOf(Instant.parse("2025-01-30T16:00:00Z"), SHANGHAI)).isEqualTo(Instant.parse("2025-02-27T16:00:00Z"));
        assertThat(new Validity(Validity.Unit.DAYS, 10).endOf(Instant.parse("2025-01-30T16:00:00Z"), SHANGHAI))
                .isEqualTo(Instant.parse("2025-02-09T16:00:00Z"));
        assertThat(Validity.PERMANENT.endOf(Instant.parse("2025-01-30T16:00:00Z"), SHANGHAI)).isNull();
    }

    @Test
    void refusesRanksWithGapsConditionsOnRankOneAndDecreasingEntries() {
        assertRefused(new LevelProgramme(1, 0, 0, 0, 0, List.of(level(1, "a", null, null, null), level(3, "b", points(1), null, null))),
                "levels[1].rank");
        assertRefused(new LevelProgramme(1, 0, 0, 0, 0, List.of(level(1, "a", points(1), null, null))), "levels[0].entry");
        assertRefused(new LevelProgramme(1, 0, 0, 0, 0, List.of(level(1, "a", null, null, null), level(2, "b", points(500), null, null),
                level(3, "c", points(400), null, null))), "levels[2].entry.points");
        assertRefused(new LevelProgramme(1, 0, 0, 0, 0, List.of(level(1, "a", null, null, null), level(2, "b", null, null, null))),
                "levels[1].entry");
        assertRefused(new LevelProgramme(1, 0, 0, 0, 0, List.of(level(1, "a", null, null, null),
                level(2, "b", new Condition(Match.ALL, null, null, null, null), null, null))), "levels[1].entry");
        assertRefused(new LevelProgramme(1, 0, 0, 0, 0, List.of(level(1, "a", null, null, null), level(2, "b", points(-1), null, null))),
                "levels[1].entry.points");
        assertRefused(new LevelProgramme(1, 0, 0, 0, 0, List.of(level(1, "a", null, null, null), level(2, "a", points(1), null, null))),
                "levels[1].name");
        assertRefused(new LevelProgramme(1, 0, 0, 0, 0, List.of(level(1, "a", null, null, new Validity(Validity.Unit.MONTHS, 0)))),
                "levels[0].validity.length");
        assertRefused(new LevelProgramme(-1, 0, 0, 0, 0, List.of(level(1, "a", null, null, null))), "pointsPerYuan");
        assertRefused(new LevelProgramme(1, 0, 0, 0, 0, List.of()), "levels");
    }

    /** A lower sales threshold above a points-only level is fine: the rule compares a figure only with levels that ask for it. */
    @Test
    void comparesEachFigureOnlyWithTheLevelsThatAskForIt() {
        LevelProgramme programme = new LevelProgramme(1, 0, 0, 0, 0, List.of(level(1, "a", null, null, null),
                level(2, "b", new Condition(Match.ANY, 5000L, null, null, null), null, null),
                level(3, "c", new Condition(Match.ANY, null, 100L, null, null), null, null))).validated();
        assertThat(programme.topRank()).isEqualTo(3);
    }

    private static void assertRefused(LevelProgramme programme, String field) {
        assertThatThrownBy(programme::validated).isInstanceOfSatisfying(ApiProblem.class,
                problem -> assertThat(problem.fields()).containsKey(field));
    }
}
