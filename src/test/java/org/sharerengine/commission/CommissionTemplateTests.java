package org.sharerengine.commission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommissionTemplateTests {

    static final CommissionTemplate SPEC_LADDER = new CommissionTemplate(1, "Standard",
            List.of(new CommissionTemplate.Rate(1, 500, 100, 0), new CommissionTemplate.Rate(2, 800, 150, 0),
                    new CommissionTemplate.Rate(4, 1000, 200, 50)),
            List.of(new CommissionTemplate.TierStep(TierMetric.ORDERS, 20, 1000), new CommissionTemplate.TierStep(TierMetric.ORDERS, 50, 1200),
                    new CommissionTemplate.TierStep(TierMetric.SALES, 100_000, 1100)),
            null, null);

    @Test
    void takesTheRateOfTheHighestRungAtOrBelowTheRank() {
        assertThat(SPEC_LADDER.rateBp(1, 1)).isEqualTo(500);
        assertThat(SPEC_LADDER.rateBp(2, 2)).isEqualTo(150);
        assertThat(SPEC_LADDER.rateBp(3, 1)).isEqualTo(800);
        assertThat(SPEC_LADDER.rateBp(4, 3)).isEqualTo(50);
        assertThat(SPEC_LADDER.rateBp(9, 1)).isEqualTo(1000);
    }

    @Test
    void aStepAppliesOnceItsThresholdIsAlreadyCounted() {
        assertThat(SPEC_LADDER.stepFor(new PaidOrder.MonthToDate(19, 0))).isEmpty();
        assertThat(SPEC_LADDER.stepFor(new PaidOrder.MonthToDate(20, 0))).get()
                .isEqualTo(new CommissionTemplate.TierStep(TierMetric.ORDERS, 20, 1000));
    }

    @Test
    void ofTheStepsReachedTheOnePayingMostIsInForce() {
        assertThat(SPEC_LADDER.stepFor(new PaidOrder.MonthToDate(20, 100_000)).orElseThrow().rateBp()).isEqualTo(1100);
        assertThat(SPEC_LADDER.stepFor(new PaidOrder.MonthToDate(50, 100_000)).orElseThrow().rateBp()).isEqualTo(1200);
        assertThat(SPEC_LADDER.stepFor(new PaidOrder.MonthToDate(0, 100_000)).orElseThrow().metric()).isEqualTo(TierMetric.SALES);
    }
}
