package org.sharerengine.leveling;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.sharerengine.shared.ApiProblem;

/**
 * A shop's level programme (SPEC §5): where level points come from and the ladder of levels,
 * rank 1 first. Points per yuan apply to effective sales (after refunds); the other sources
 * give a fixed number of points per order, newly bound customer, newly recruited direct sharer
 * and new team member.
 */
public record LevelProgramme(
        Integer pointsPerYuan,
        Integer pointsPerOrder,
        Integer pointsPerNewCustomer,
        Integer pointsPerRecruit,
        Integer pointsPerTeamMember,
        List<Level> levels) {

    public static final int MAX_LEVELS = 20;
    static final int MAX_POINTS_PER_SOURCE = 1_000_000;

    public Level level(int rank) {
        return levels.get(rank - 1);
    }

    public int topRank() {
        return levels.size();
    }

    /** The highest rank whose entry condition the figures meet (rank 1 when none). */
    public int highestEntryMet(Figures figures) {
        for (int rank = topRank(); rank > 1; rank--) {
            if (level(rank).entry().metBy(figures)) {
                return rank;
            }
        }
        return 1;
    }

    /** The highest rank not above {@code current} whose keep condition the figures meet (rank 1 always qualifies). */
    public int highestKeptUpTo(int current, Figures figures) {
        for (int rank = current; rank > 1; rank--) {
            if (level(rank).keep().metBy(figures)) {
                return rank;
            }
        }
        return 1;
    }

    /** Sales points for an amount: floor(fen × points per yuan / 100). */
    public static long salesPoints(long fen, int pointsPerYuan) {
        return Math.floorDiv(Math.multiplyExact(fen, (long) pointsPerYuan), 100L);
    }

    /**
     * The programme with its defaults filled in (keep = entry, match ANY, validity permanent), or
     * a 400 naming the first field that breaks a rule.
     */
    public LevelProgramme validated() {
        int perYuan = source("pointsPerYuan", pointsPerYuan);
        int perOrder = source("pointsPerOrder", pointsPerOrder);
        int perCustomer = source("pointsPerNewCustomer", pointsPerNewCustomer);
        int perRecruit = source("pointsPerRecruit", pointsPerRecruit);
        int perTeamMember = source("pointsPerTeamMember", pointsPerTeamMember);
        if (levels == null || levels.isEmpty() || levels.size() > MAX_LEVELS) {
            throw ApiProblem.invalid("levels", "must hold 1 to " + MAX_LEVELS + " levels, rank 1 first");
        }
        List<Level> checked = new ArrayList<>(levels.size());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < levels.size(); i++) {
            Level level = levels.get(i);
            String field = "levels[" + i + "]";
            if (level == null) {
                throw ApiProblem.invalid(field, "must not be null");
            }
            if (level.rank() == null || level.rank() != i + 1) {
                throw ApiProblem.invalid(field + ".rank", "must be " + (i + 1) + ": ranks run 1, 2, 3… without gaps, in order");
            }
            String name = level.name() == null ? "" : level.name().strip();
            if (name.isEmpty() || name.length() > 50) {
                throw ApiProblem.invalid(field + ".name", "must be 1 to 50 characters");
            }
            if (!names.add(name)) {
                throw ApiProblem.invalid(field + ".name", "is already the name of another level");
            }
            Validity validity = level.validity() == null ? Validity.PERMANENT : level.validity().validated(field + ".validity");
            if (i == 0) {
                if (level.entry() != null || level.keep() != null) {
                    throw ApiProblem.invalid(field + ".entry", "must be absent: the first level needs no condition");
                }
                checked.add(new Level(1, name, null, null, validity, Boolean.TRUE.equals(level.campaignPriority())));
                continue;
            }
            if (level.entry() == null) {
                throw ApiProblem.invalid(field + ".entry", "is required above rank 1");
            }
            Condition entry = level.entry().validated(field + ".entry");
            Condition keep = level.keep() == null ? entry : level.keep().validated(field + ".keep");
            checked.add(new Level(i + 1, name, entry, keep, validity, Boolean.TRUE.equals(level.campaignPriority())));
        }
        nonDecreasing(checked, "points", Condition::points);
        nonDecreasing(checked, "salesFen", Condition::salesFen);
        nonDecreasing(checked, "orders", Condition::orders);
        nonDecreasing(checked, "recruits", Condition::recruits);
        return new LevelProgramme(perYuan, perOrder, perCustomer, perRecruit, perTeamMember, List.copyOf(checked));
    }

    /** A higher level never asks for less of a figure than a lower level that asks for it. */
    private static void nonDecreasing(List<Level> levels, String metric, Function<Condition, Long> threshold) {
        Long previous = null;
        int previousRank = 0;
        for (Level level : levels.subList(1, levels.size())) {
            Long value = threshold.apply(level.entry());
            if (value == null) {
                continue;
            }
            if (previous != null && value < previous) {
                throw ApiProblem.invalid("levels[" + (level.rank() - 1) + "].entry." + metric, "is " + value
                        + ", below the " + previous + " of rank " + previousRank + "; entry thresholds may not decrease up the ladder");
            }
            previous = value;
            previousRank = level.rank();
        }
    }

    /** A point source; absent means it earns nothing. */
    private static int source(String field, Integer points) {
        if (points == null) {
            return 0;
        }
        if (points < 0 || points > MAX_POINTS_PER_SOURCE) {
            throw ApiProblem.invalid(field, "must be 0 to " + MAX_POINTS_PER_SOURCE);
        }
        return points;
    }
}
