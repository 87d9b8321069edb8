package org.sharerengine.commission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharerengine.catalog.CommissionMode;
import org.sharerengine.catalog.Product;
import org.sharerengine.shop.ProgrammeSettings;

class CommissionPolicyTests {

    static final ProgrammeSettings SHOP = ProgrammeSettings.defaults();
    static final Product TEA = new Product("tea", "Tea", CommissionMode.LEVEL_RATE, null, null, null, null, null, null);
    static final PaidOrder.Line LINE = new PaidOrder.Line(1, "l-1", "tea", 1, 10_000);
    static final CommissionTemplate SEED_001 = new CommissionTemplate(7, "Seed 001",
            List.of(new CommissionTemplate.Rate(1, 500, 100, 0)),
            List.of(new CommissionTemplate.TierStep(TierMetric.ORDERS, 20, 1000)), null, null);
    static final PaidOrder.MonthToDate TWENTY_ORDERS = new PaidOrder.MonthToDate(20, 200_000);
    static final Boost BOOST = new Boost(3, "tea", null, 300, Instant.EPOCH, Instant.MAX, Instant.EPOCH);

    @Test
    void withoutATemplateALevelRateProductPaysTheShopDefaultAndNoTier() {
        CommissionPolicy.Priced priced = price(TEA, 1, new CommissionPolicy.Standing(3, null), null);

        assertThat(priced.terms()).isEqualTo(CommissionTerms.rate(CommissionMode.LEVEL_RATE, SHOP.level1RateBp()));
        assertThat(priced.template()).isNull();
        assertThat(priced.tierStep()).isNull();
        assertThat(priced.levelRank()).isEqualTo(3);
    }

    @Test
    void aTierStepRaisesDepthOneOnlyAndABoostStacksOnTheRaisedRate() {
        CommissionPolicy.Standing standing = new CommissionPolicy.Standing(1, SEED_001);

        CommissionPolicy.Priced seller = price(TEA, 1, standing, BOOST);
        CommissionPolicy.Priced inviter = price(TEA, 2, standing, BOOST);

        assertThat(seller.terms().rateBp()).isEqualTo(1000 + 300);
        assertThat(seller.baseRateBp()).isEqualTo(500);
        assertThat(seller.tierStep()).isEqualTo(new CommissionLine.TierUsed(TierMetric.ORDERS, 20, 20, 1000));
        assertThat(seller.boost()).isEqualTo(new CommissionLine.BoostUsed(3, 300));
        assertThat(seller.template()).isEqualTo(new CommissionLine.TemplateUsed(7, "Seed 001"));
        assertThat(inviter.terms().rateBp()).isEqualTo(100);
        assertThat(inviter.tierStep()).isNull();
        assertThat(inviter.boost()).isNull();
    }

    @Test
    void aBoostNeverTakesARateAboveTheWholeAmount() {
        Product nearlyAll = new Product("tea", "Tea", CommissionMode.FIXED_RATE, 9_900L, null, null, null, null, null);

        CommissionPolicy.Priced priced = price(nearlyAll, 1, new CommissionPolicy.Standing(1, null), BOOST);

        assertThat(priced.terms().rateBp()).isEqualTo(10_000);
        assertThat(priced.terms().commissionOn(10_000, 10_000)).isEqualTo(10_000);
    }

    @Test
    void aFixedProductPaysNothingAtADepthWithoutAValue() {
        Product fixed = new Product("tea", "Tea", CommissionMode.FIXED_AMOUNT, 500L, null, null, null, null, null);

        assertThat(CommissionPolicy.price(fixed, 2, LINE, new CommissionPolicy.Standing(1, SEED_001), SHOP, TWENTY_ORDERS, null))
                .isEmpty();
    }

    private static CommissionPolicy.Priced price(Product product, int depth, CommissionPolicy.Standing standing, Boost boost) {
        return CommissionPolicy.price(product, depth, LINE, standing, SHOP, TWENTY_ORDERS, boost).orElseThrow();
    }
}
