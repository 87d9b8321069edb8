package org.sharerengine.teambonus;

import java.time.Clock;
import java.time.Instant;
import org.sharerengine.network.Team;
import org.sharerengine.order.SalesFigures;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shop.Shops;
import org.springframework.stereotype.Service;

/** A team's results in the period running now, as the leader and the owner see them (SPEC §8). */
@Service
public class TeamResults {

    private final SalesFigures salesFigures;
    private final TeamBonusPolicies policies;
    private final Shops shops;
    private final Clock clock;

    TeamResults(SalesFigures salesFigures, TeamBonusPolicies policies, Shops shops, Clock clock) {
        this.salesFigures = salesFigures;
        this.policies = policies;
        this.shops = shops;
        this.clock = clock;
    }

    /**
     * @param tier        the tier the sales reach so far, or null
     * @param bonusSoFarFen what the period would pay if it ended now (the run decides after it ends)
     * @param nextTier    the next tier up, or null at the top
     * @param toNextTierFen the sales still missing for the next tier (0 at the top)
     */
    public record PeriodResults(Instant periodStart, Instant periodEnd, long salesFen, TeamBonusPolicy.Tier tier,
            long bonusSoFarFen, TeamBonusPolicy.Tier nextTier, long toNextTierFen) {
    }

    public PeriodResults currentPeriod(ShopId shop, Team team) {
        TeamBonusPolicy policy = policies.current(shop);
        Period period = policy.period().containing(clock.instant(), shops.settings(shop).zone());
        long sales = salesFigures.teamSales(shop, team.id(), period.start(), period.end());
        TeamBonusPolicy.Tier next = policy.tiers().stream().filter(t -> t.minSalesFen() > sales).findFirst().orElse(null);
        return new PeriodResults(period.start(), period.end(), sales, policy.tierFor(sales).orElse(null), policy.bonusOn(sales), next,
                next == null ? 0 : next.minSalesFen() - sales);
    }
}
