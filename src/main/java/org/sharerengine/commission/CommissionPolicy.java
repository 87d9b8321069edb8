package org.sharerengine.commission;

import java.util.Optional;
import org.sharerengine.catalog.CommissionMode;
import org.sharerengine.catalog.Product;
import org.sharerengine.shop.ProgrammeSettings;

/**
 * Prices one beneficiary's line (SPEC §4). A LEVEL_RATE product pays the rate of the
 * beneficiary's own template at its own level rank for the depth (the shop's default rate
 * without a template); at depth 1 a tier step reached this month raises that rate to the
 * step's rate when higher. FIXED_RATE and FIXED_AMOUNT products pay their own values. At depth
 * 1 a boost adds its rate to any rate (capped at 100 %), and to a fixed amount as a rate on
 * the amount kept. Exclusivity is decided before: a sharer below the product's level earns nothing.
 */
final class CommissionPolicy {

    private CommissionPolicy() {
    }

    /** What a beneficiary brings: its level rank now and its template (null: the shop's default rates). */
    record Standing(int levelRank, CommissionTemplate template) {
    }

    /** The terms of a line and how they were reached. */
    record Priced(CommissionTerms terms, int levelRank, CommissionLine.TemplateUsed template, Integer baseRateBp,
            CommissionLine.TierUsed tierStep, CommissionLine.BoostUsed boost) {
    }

    static Optional<Priced> price(Product product, int depth, PaidOrder.Line line, Standing standing, ProgrammeSettings settings,
            PaidOrder.MonthToDate monthToDate, Boost boost) {
        CommissionLine.BoostUsed boostUsed = depth == 1 && boost != null ? new CommissionLine.BoostUsed(boost.id(), boost.extraRateBp()) : null;
        int extra = boostUsed == null ? 0 : boostUsed.extraRateBp();
        return switch (product.commissionMode()) {
            case LEVEL_RATE -> {
                CommissionTemplate template = standing.template();
                int base = template == null ? settings.defaultRateBp(depth) : template.rateBp(standing.levelRank(), depth);
                CommissionLine.TierUsed tier = depth == 1 && template != null
                        ? template.stepFor(monthToDate).map(step -> new CommissionLine.TierUsed(step.metric(), step.threshold(),
                                monthToDate.figure(step.metric()), step.rateBp())).orElse(null)
                        : null;
                int rate = tier == null ? base : Math.max(base, tier.rateBp());
                CommissionLine.TemplateUsed used = template == null ? null : new CommissionLine.TemplateUsed(template.id(), template.name());
                yield Optional.of(new Priced(CommissionTerms.rate(CommissionMode.LEVEL_RATE, capped(rate + extra)),
                        standing.levelRank(), used, base, tier, boostUsed));
            }
            case FIXED_RATE -> Optional.ofNullable(product.valueFor(depth)).map(bp -> new Priced(
                    CommissionTerms.rate(CommissionMode.FIXED_RATE, capped(bp.intValue() + extra)), standing.levelRank(), null,
                    bp.intValue(), null, boostUsed));
            case FIXED_AMOUNT -> Optional.ofNullable(product.valueFor(depth)).map(fen -> {
                CommissionTerms fixed = CommissionTerms.fixedPerUnit(fen, line.quantity(), line.amountFen());
                return new Priced(boostUsed == null ? fixed : fixed.withBoost(extra), standing.levelRank(), null, null, null, boostUsed);
            });
        };
    }

    /** No rate pays more than the amount itself. */
    private static int capped(int rateBp) {
        return Math.min(rateBp, 10_000);
    }
}
