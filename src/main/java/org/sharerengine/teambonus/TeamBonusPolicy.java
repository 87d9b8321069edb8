package org.sharerengine.teambonus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.Money;

/**
 * A shop's team bonus (团队业绩奖励金, SPEC §8): a tiered rate on a team's effective sales per
 * period; the highest tier the sales reach applies to all of them. No tiers: no bonus.
 *
 * @param version grows with every change; a period keeps the version it was first computed with
 */
public record TeamBonusPolicy(int version, PeriodUnit period, List<Tier> tiers, Instant updatedAt) {

    public static final int MAX_TIERS = 20;

    /** Reached when a period's sales are at least {@code minSalesFen}. */
    public record Tier(long minSalesFen, int rateBp) {
    }

    public TeamBonusPolicy {
        tiers = List.copyOf(tiers);
    }

    /** Before the owner sets one: monthly periods and no tiers, so nothing is paid. */
    public static TeamBonusPolicy none() {
        return new TeamBonusPolicy(0, PeriodUnit.MONTH, List.of(), null);
    }

    /** The highest tier reached by {@code salesFen}, if any. */
    public Optional<Tier> tierFor(long salesFen) {
        Tier reached = null;
        for (Tier tier : tiers) {
            if (salesFen >= tier.minSalesFen()) {
                reached = tier;
            }
        }
        return Optional.ofNullable(reached);
    }

    /** {@code floor(sales × rate / 10000)} at the highest tier reached; zero below the first tier. */
    public long bonusOn(long salesFen) {
        return tierFor(salesFen).map(t -> Money.applyRate(salesFen, t.rateBp())).orElse(0L);
    }

    /**
     * Tiers ascend by sales; a higher tier may not pay a lower rate (more sales never earn less).
     * Names the first tier field out of range.
     */
    public static List<Tier> validTiers(List<Tier> tiers) {
        if (tiers == null) {
            throw ApiProblem.invalid("tiers", "is required (an empty list switches the bonus off)");
        }
        if (tiers.size() > MAX_TIERS) {
            throw ApiProblem.invalid("tiers", "may have at most " + MAX_TIERS + " tiers");
        }
        for (int i = 0; i < tiers.size(); i++) {
            Tier tier = tiers.get(i);
            if (tier == null) {
                throw ApiProblem.invalid("tiers[" + i + "]", "must be a tier");
            }
            if (tier.minSalesFen() < 1 || tier.minSalesFen() > 100_000_000_000_00L) {
                throw ApiProblem.invalid("tiers[" + i + "].minSalesFen", "must be 1 fen to ¥100,000,000,000");
            }
            if (tier.rateBp() < 1 || tier.rateBp() > 10_000) {
                throw ApiProblem.invalid("tiers[" + i + "].rateBp", "must be 1 to 10000 basis points");
            }
            if (i > 0 && tier.minSalesFen() <= tiers.get(i - 1).minSalesFen()) {
                throw ApiProblem.invalid("tiers[" + i + "].minSalesFen", "must be above the previous tier's minSalesFen");
            }
            if (i > 0 && tier.rateBp() < tiers.get(i - 1).rateBp()) {
                throw ApiProblem.invalid("tiers[" + i + "].rateBp", "must not be below the previous tier's rate");
            }
        }
        return List.copyOf(tiers);
    }
}
