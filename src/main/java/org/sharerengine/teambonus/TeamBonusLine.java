package org.sharerengine.teambonus;

import java.time.Instant;
import org.sharerengine.network.TeamId;
import org.sharerengine.shared.SharerId;

/**
 * One posting of a team bonus to the leader. The first for a team's period is a BONUS; when a
 * later run recomputes the period (refunds, late orders) to another due, an ADJUSTMENT posts the
 * difference. Positive lines go PENDING and then SETTLED (or REVERSED when a later reduction takes
 * all of it back); a negative line is APPLIED at once: it took {@code reversedFen} back from the
 * period's pending lines and {@code clawedBackFen} from the leader's available balance.
 *
 * @param tierMinSalesFen the tier reached, or null when the sales reach none
 * @param amountFen       what the line still carries (a positive line less what was reversed from it)
 */
public record TeamBonusLine(
        long id,
        TeamId teamId,
        SharerId leaderId,
        Instant periodStart,
        Instant periodEnd,
        int policyVersion,
        Kind kind,
        long salesFen,
        Long tierMinSalesFen,
        int rateBp,
        long dueFen,
        long previouslyPostedFen,
        long differenceFen,
        long amountFen,
        long reversedFen,
        long clawedBackFen,
        Status status,
        Instant settleAfter,
        Instant settledAt,
        Instant runAsOf,
        Instant createdAt) {

    public enum Kind { BONUS, ADJUSTMENT }

    public enum Status { PENDING, SETTLED, REVERSED, APPLIED }

    /** The line in words: the figures it was computed from and what it moved. */
    public String explanation() {
        String tier = tierMinSalesFen == null
                ? "no tier reached, so nothing is due"
                : "tier ≥ " + tierMinSalesFen + " fen at " + rateBp + " bp: due floor(" + salesFen + " × " + rateBp + " / 10000) = "
                        + dueFen + " fen";
        String moved = differenceFen > 0
                ? "posts " + differenceFen + " fen to the leader's pending balance"
                : "takes back " + -differenceFen + " fen (" + reversedFen + " from pending, " + clawedBackFen + " clawed back from available)";
        return "Team " + teamId + " (leader " + leaderId + ") kept " + salesFen + " fen of sales in [" + periodStart + ", " + periodEnd
                + ") by policy version " + policyVersion + "; " + tier + "; previously posted " + previouslyPostedFen + " fen, so this "
                + kind.name().toLowerCase() + " " + moved + ".";
    }
}
