package org.sharerengine.commission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sharerengine.catalog.CommissionMode;

class CommissionTermsTests {

    @Test
    void computesTheSpecExampleOnTheKeptAmount() {
        CommissionTerms sixPercent = CommissionTerms.rate(CommissionMode.LEVEL_RATE, 600);

        assertThat(sixPercent.commissionOn(10_000, 10_000)).isEqualTo(600);
        assertThat(sixPercent.commissionOn(10_000, 6_667)).isEqualTo(400);
        assertThat(sixPercent.commissionOn(10_000, 0)).isZero();
    }

    @Test
    void floorsEveryResult() {
        assertThat(CommissionTerms.rate(CommissionMode.FIXED_RATE, 333).commissionOn(999, 999)).isEqualTo(33);
        assertThat(CommissionTerms.fixedPerUnit(100, 3, 9_000).commissionOn(9_000, 8_999)).isEqualTo(299);
    }

    @Test
    void scalesAFixedAmountByTheShareOfTheLineKept() {
        CommissionTerms fixed = CommissionTerms.fixedPerUnit(500, 3, 9_000);

        assertThat(fixed.fixedFen()).isEqualTo(1_500);
        assertThat(fixed.commissionOn(9_000, 4_500)).isEqualTo(750);
        assertThat(fixed.formula(9_000, 4_500)).isEqualTo("floor(1500 × 4500 / 9000) = 750");
    }

    @Test
    void neverPaysMoreThanTheLineOnAFixedAmountAndNothingOnAFreeLine() {
        assertThat(CommissionTerms.fixedPerUnit(5_000, 2, 3_000).commissionOn(3_000, 3_000)).isEqualTo(3_000);
        assertThat(CommissionTerms.fixedPerUnit(5_000, 1, 0).commissionOn(0, 0)).isZero();
    }

    @Test
    void neverRisesAsMoreIsRefunded() {
        CommissionTerms rate = CommissionTerms.rate(CommissionMode.LEVEL_RATE, 777);
        CommissionTerms fixed = CommissionTerms.fixedPerUnit(123, 7, 10_001);
        long previousRate = Long.MAX_VALUE;
        long previousFixed = Long.MAX_VALUE;
        for (long kept = 10_001; kept >= 0; kept -= 37) {
            assertThat(rate.commissionOn(10_001, kept)).isLessThanOrEqualTo(previousRate);
            assertThat(fixed.commissionOn(10_001, kept)).isLessThanOrEqualTo(previousFixed);
            previousRate = rate.commissionOn(10_001, kept);
            previousFixed = fixed.commissionOn(10_001, kept);
        }
    }

    @Test
    void addsABoostRateOnTheKeptAmountToAFixedAmountAndNeverPaysMoreThanWasKept() {
        CommissionTerms boosted = CommissionTerms.fixedPerUnit(500, 3, 9_000).withBoost(300);

        assertThat(boosted.commissionOn(9_000, 9_000)).isEqualTo(1_500 + 270);
        assertThat(boosted.commissionOn(9_000, 5_999)).isEqualTo(999 + 179);
        assertThat(boosted.commissionOn(9_000, 0)).isZero();
        CommissionTerms whole = CommissionTerms.fixedPerUnit(5_000, 1, 3_000).withBoost(1_000);
        assertThat(whole.commissionOn(3_000, 3_000)).isEqualTo(3_000);
        assertThat(whole.formula(3_000, 1_000)).isEqualTo("floor(3000 × 1000 / 3000) + floor(1000 × 1000 / 10000) = 1100, "
                + "capped at the 1000 fen kept = 1000");
    }

    @Test
    void aBoostedFixedAmountNeverRisesAsMoreIsRefunded() {
        CommissionTerms boosted = CommissionTerms.fixedPerUnit(123, 7, 10_001).withBoost(777);
        long previous = Long.MAX_VALUE;
        for (long kept = 10_001; kept >= 0; kept -= 37) {
            assertThat(boosted.commissionOn(10_001, kept)).isLessThanOrEqualTo(previous).isLessThanOrEqualTo(kept);
            previous = boosted.commissionOn(10_001, kept);
        }
    }
}
