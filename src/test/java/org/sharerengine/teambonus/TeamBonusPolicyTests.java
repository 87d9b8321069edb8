package org.sharerengine.teambonus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.teambonus.TeamBonusPolicy.Tier;

class TeamBonusPolicyTests {

    /** SPEC §8: "≥ ¥10,000 → 1 %, ≥ ¥50,000 → 2 %". */
    static final TeamBonusPolicy SPEC = new TeamBonusPolicy(1, PeriodUnit.MONTH,
            List.of(new Tier(1_000_000, 100), new Tier(5_000_000, 200)), null);

    @Test
    void theHighestTierReachedAppliesToAllOfTheSalesFloored() {
        assertThat(SPEC.bonusOn(999_999)).isZero();
        assertThat(SPEC.bonusOn(1_000_000)).isEqualTo(10_000);
        assertThat(SPEC.bonusOn(4_999_999)).as("floor(49,999.99 fen)").isEqualTo(49_999);
        assertThat(SPEC.bonusOn(5_000_000)).isEqualTo(100_000);
        assertThat(SPEC.tierFor(6_000_000)).contains(new Tier(5_000_000, 200));
        assertThat(SPEC.tierFor(0)).isEmpty();
        assertThat(TeamBonusPolicy.none().bonusOn(100_000_000)).isZero();
    }

    @Test
    void tiersAscendBySalesAndNeverLowerTheRate() {
        assertThat(TeamBonusPolicy.validTiers(SPEC.tiers())).isEqualTo(SPEC.tiers());
        assertThat(TeamBonusPolicy.validTiers(List.of())).isEmpty();
        assertThatThrownBy(() -> TeamBonusPolicy.validTiers(List.of(new Tier(5_000_000, 200), new Tier(5_000_000, 300))))
                .isInstanceOf(ApiProblem.class).hasMessageStartingWith("tiers[1].minSalesFen");
        assertThatThrownBy(() -> TeamBonusPolicy.validTiers(List.of(new Tier(1_000_000, 200), new Tier(5_000_000, 199))))
                .isInstanceOf(ApiProblem.class).hasMessageStartingWith("tiers[1].rateBp");
        assertThatThrownBy(() -> TeamBonusPolicy.validTiers(List.of(new Tier(1_000_000, 0))))
                .isInstanceOf(ApiProblem.class).hasMessageStartingWith("tiers[0].rateBp");
        assertThatThrownBy(() -> TeamBonusPolicy.validTiers(null)).isInstanceOf(ApiProblem.class).hasMessageStartingWith("tiers");
    }
}
