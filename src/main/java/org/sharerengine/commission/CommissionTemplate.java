package org.sharerengine.commission;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A commission template (提成模版): a ladder of rates per level rank and depth, and tier steps
 * (阶梯佣金) that raise the depth-1 rate on the sharer's month so far. {@code rates} are sorted
 * by rank and always hold rank 1, so every sharer finds a rate.
 */
public record CommissionTemplate(long id, String name, List<Rate> rates, List<TierStep> tiers, Instant createdAt,
        Instant updatedAt) {

    /** The rates of one level rank, in basis points per depth (depth 1 = the attributed sharer). */
    public record Rate(int levelRank, int depth1RateBp, int depth2RateBp, int depth3RateBp) {

        int rateBp(int depth) {
            return switch (depth) {
                case 1 -> depth1RateBp;
                case 2 -> depth2RateBp;
                case 3 -> depth3RateBp;
                default -> throw new IllegalArgumentException("depth " + depth);
            };
        }
    }

    /** From {@code threshold} orders (or fen of sales) already counted this month, depth 1 earns at least {@code rateBp}. */
    public record TierStep(TierMetric metric, long threshold, int rateBp) {
    }

    /** Whether a seller on this template (null: on none) is priced by tier steps, and so by the month so far. */
    static boolean pricesByTierSteps(CommissionTemplate template) {
        return template != null && !template.tiers().isEmpty();
    }

    /** The rate of the highest rung at or below {@code levelRank}: a short ladder covers every level. */
    public int rateBp(int levelRank, int depth) {
        Rate rung = rates.getFirst();
        for (Rate rate : rates) {
            if (rate.levelRank() <= levelRank) {
                rung = rate;
            }
        }
        return rung.rateBp(depth);
    }

    /** The step in force for these figures: of the steps reached, the one paying most. */
    public Optional<TierStep> stepFor(PaidOrder.MonthToDate monthToDate) {
        return tiers.stream()
                .filter(step -> monthToDate.figure(step.metric()) >= step.threshold())
                .max(Comparator.comparingInt(TierStep::rateBp));
    }
}
