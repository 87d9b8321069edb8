package org.sharerengine.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MoneyTests {

    @Test
    void appliesARateWithFloor() {
        assertThat(Money.applyRate(10_000, 600)).isEqualTo(600);
        assertThat(Money.applyRate(6_667, 600)).isEqualTo(400);
        assertThat(Money.applyRate(1, 9_999)).isZero();
    }

    @Test
    void scalesWithoutOverflowingOnLargeAmounts() {
        long hundredBillionYuan = 10_000_000_000_000L;
        assertThat(Money.scale(hundredBillionYuan, hundredBillionYuan - 1, hundredBillionYuan)).isEqualTo(hundredBillionYuan - 1);
        assertThat(Money.scale(5, 1, 0)).isZero();
    }
}
