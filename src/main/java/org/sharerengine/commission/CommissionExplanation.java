package org.sharerengine.commission;

import org.sharerengine.catalog.CommissionMode;

/** A commission line told in words: who earns, from what rule, template, level, tier step and boost, and the sum. */
final class CommissionExplanation {

    private CommissionExplanation() {
    }

    static String text(CommissionLine line, String formula) {
        String who = line.depth() == 1 ? "the attributed sharer" : "inviter at depth " + line.depth() + " of sharer "
                + line.attributedSharerId();
        return "Order " + line.orderId() + " line " + line.orderLineId() + " (product " + line.productId() + ", "
                + line.lineAmountFen() + " fen, attributed by " + line.attributionRule() + ") pays " + who + " (sharer "
                + line.beneficiarySharerId() + (line.levelRank() == null ? "" : ", level rank " + line.levelRank() + " at the time")
                + ") " + basis(line) + ": originally " + line.originalFen() + " fen; on the " + line.keptAmountFen()
                + " fen kept after refunds " + formula + " fen; status " + line.status() + ".";
    }

    private static String basis(CommissionLine line) {
        String base = switch (line.rule()) {
            case LEVEL_RATE -> levelRate(line);
            case FIXED_RATE -> "the product's fixed rate " + baseRate(line) + " bp for depth " + line.depth();
            case FIXED_AMOUNT -> "the product's fixed amount, " + line.fixedFen() + " fen for " + line.quantity() + " unit(s)";
        };
        CommissionLine.TierUsed tier = line.tierStep();
        if (tier != null) {
            String step = "; tier step " + tier.metric() + " from " + tier.threshold() + " (" + tier.figure()
                    + (tier.metric() == TierMetric.ORDERS ? " order(s)" : " fen of sales") + " earlier this month) pays "
                    + tier.rateBp() + " bp";
            base += tier.rateBp() > baseRate(line) ? step + ", raising the rate to " + tier.rateBp() + " bp"
                    : step + ", not above the level rate, which stands";
        }
        CommissionLine.BoostUsed boost = line.boost();
        if (boost != null) {
            base += line.rule() == CommissionMode.FIXED_AMOUNT
                    ? "; boost " + boost.id() + " adds " + boost.extraRateBp() + " bp of the amount kept to the fixed amount"
                    : "; boost " + boost.id() + " adds " + boost.extraRateBp() + " bp";
        }
        if (line.rateBp() != null && line.rule() != CommissionMode.FIXED_AMOUNT
                && (tier != null || boost != null)) {
            int uncapped = Math.max(baseRate(line), tier == null ? 0 : tier.rateBp()) + (boost == null ? 0 : boost.extraRateBp());
            base += "; final rate " + line.rateBp() + " bp" + (uncapped > line.rateBp() ? " (capped at 10000 bp)" : "");
        }
        return base;
    }

    private static String levelRate(CommissionLine line) {
        if (line.levelRank() == null) {
            return "the level rate " + line.rateBp() + " bp (shop default for depth " + line.depth() + ")";
        }
        CommissionLine.TemplateUsed template = line.template();
        return template == null
                ? "the shop's default rate " + baseRate(line) + " bp for depth " + line.depth() + " (no commission template)"
                : "template '" + template.name() + "' (" + template.id() + ") at level rank " + line.levelRank() + ": "
                        + baseRate(line) + " bp for depth " + line.depth();
    }

    /** The rate before tier and boost; lines made before templates existed only know their final rate. */
    private static int baseRate(CommissionLine line) {
        return line.baseRateBp() != null ? line.baseRateBp() : line.rateBp();
    }
}
