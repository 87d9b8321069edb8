package org.sharerengine.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.commission.CommissionIntegrationTests.amounts;
import static org.sharerengine.commission.CommissionTemplateIntegrationTests.TEMPLATES;
import static org.sharerengine.commission.LevelRateIntegrationTests.assign;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Tiered commission (阶梯佣金, SPEC §4) driven through months with explicit payment times. */
@ApiTest
class TierScenarioIntegrationTests {

    /** 2026-03-01 00:00 in Asia/Shanghai, the shop's default time zone. */
    static final Instant MARCH = Instant.parse("2026-02-28T16:00:00Z");
    /** 2026-04-01 00:00 in Asia/Shanghai. */
    static final Instant APRIL = Instant.parse("2026-03-31T16:00:00Z");

    @Autowired
    Api api;

    /**
     * Acceptance (seed 001): "5 % until 20 orders this month, 10 % from the 21st"
     * ("再卖出20件后,提成比例由5%翻倍为10%"). The inviter's depth-2 rate is not tiered.
     */
    @Test
    void paysFivePercentUntilTwentyOrdersThisMonthAndTenPercentFromTheTwentyFirstThenStartsAgainNextMonth() {
        Api.Shop shop = api.newShop(json("commissionDepth", 2, "level2RateBp", 100));
        long inviter = shop.sharer("inviter", null);
        long seller = shop.sharer("seller", inviter);
        long template = shop.post(TEMPLATES, json("name", "Seed 001",
                "rates", List.of(json("levelRank", 1, "depth1RateBp", 500)),
                "tiers", List.of(json("metric", "ORDERS", "threshold", 20, "rateBp", 1000)))).expect(201).id();
        assign(shop, seller, template);
        shop.product("tea", "LEVEL_RATE", null, null);

        for (int n = 1; n <= 20; n++) {
            JsonNode order = order(shop, "march-" + n, seller, MARCH.plusSeconds(3_600L * n), 10_000);
            assertThat(amounts(order)).as("order %d of March", n).containsExactly("1:" + seller + ":500", "2:" + inviter + ":100");
        }
        JsonNode twentyFirst = order(shop, "march-21", seller, MARCH.plusSeconds(3_600L * 21), 10_000);
        JsonNode lastOfMarch = order(shop, "march-22", seller, APRIL.minusSeconds(60), 10_000);
        JsonNode firstOfApril = order(shop, "april-1", seller, APRIL, 10_000);

        assertThat(amounts(twentyFirst)).containsExactly("1:" + seller + ":1000", "2:" + inviter + ":100");
        assertThat(amounts(lastOfMarch)).containsExactly("1:" + seller + ":1000", "2:" + inviter + ":100");
        // 00:00 on 1 April in Shanghai is still 31 March in UTC: the shop's month has turned, so 5 % again.
        assertThat(amounts(firstOfApril)).containsExactly("1:" + seller + ":500", "2:" + inviter + ":100");
        JsonNode step = twentyFirst.get("commission").get(0).get("tierStep");
        assertThat(step.get("metric").asString()).isEqualTo("ORDERS");
        assertThat(step.get("threshold").asLong()).isEqualTo(20);
        assertThat(step.get("figure").asLong()).isEqualTo(20);
        assertThat(step.get("rateBp").asInt()).isEqualTo(1000);
        assertThat(lastOfMarch.get("commission").get(0).get("tierStep").get("figure").asLong()).isEqualTo(21);
        assertThat(firstOfApril.get("commission").get(0).get("tierStep").isNull()).isTrue();
        // 20 × 500 + 2 × 1000 + 500, and the earlier lines were never recomputed.
        assertThat(shop.wallet(seller).get("pendingFen").asLong()).isEqualTo(12_500);
        assertThat(amounts(shop.get("/api/v1/orders/march-1").expect(200).body()))
                .containsExactly("1:" + seller + ":500", "2:" + inviter + ":100");
        assertThat(shop.wallet(inviter).get("pendingFen").asLong()).isEqualTo(23 * 100);
        shop.assertBooksBalance();
    }

    @Test
    void anOrderRefundedInFullNoLongerCountsTowardsTheStep() {
        Api.Shop shop = api.newShop(json("commissionDepth", 1));
        long seller = shop.sharer("seller", null);
        assign(shop, seller, shop.post(TEMPLATES, json("name", "Seed 001",
                "rates", List.of(json("levelRank", 1, "depth1RateBp", 500)),
                "tiers", List.of(json("metric", "ORDERS", "threshold", 20, "rateBp", 1000)))).expect(201).id());
        shop.product("tea", "LEVEL_RATE", null, null);
        for (int n = 1; n <= 20; n++) {
            order(shop, "o-" + n, seller, MARCH.plusSeconds(3_600L * n), 10_000);
        }
        shop.refund("o-3", "r-1", "l-1", 9_999).expect(201);
        shop.refund("o-5", "r-2", "l-1", 10_000).expect(201);

        // o-3 kept 1 fen and still counts; o-5 was refunded in full: 19 orders before the 21st.
        JsonNode twentyFirst = order(shop, "o-21", seller, MARCH.plusSeconds(3_600L * 21), 10_000);
        JsonNode twentySecond = order(shop, "o-22", seller, MARCH.plusSeconds(3_600L * 22), 10_000);

        assertThat(amounts(twentyFirst)).containsExactly("1:" + seller + ":500");
        assertThat(amounts(twentySecond)).containsExactly("1:" + seller + ":1000");
    }

    @Test
    void aSalesStepCountsWhatCustomersKeptAndAppliesFromItsThreshold() {
        Api.Shop shop = api.newShop(json("commissionDepth", 1));
        long seller = shop.sharer("seller", null);
        long template = shop.post(TEMPLATES, json("name", "Sales step",
                "rates", List.of(json("levelRank", 1, "depth1RateBp", 500)),
                "tiers", List.of(json("metric", "SALES", "threshold", 100_000, "rateBp", 800)))).expect(201).id();
        assign(shop, seller, template);
        shop.product("tea", "LEVEL_RATE", null, null);
        for (int n = 1; n <= 4; n++) {
            order(shop, "o-" + n, seller, MARCH.plusSeconds(3_600L * n), 30_000);
        }
        shop.refund("o-1", "r-1", "l-1", 20_001).expect(201);

        // 9 999 + 3 × 30 000 = 99 999 fen kept so far: one fen short.
        JsonNode fifth = order(shop, "o-5", seller, MARCH.plusSeconds(3_600L * 5), 30_000);
        JsonNode sixth = order(shop, "o-6", seller, MARCH.plusSeconds(3_600L * 6), 30_000);

        assertThat(amounts(fifth)).containsExactly("1:" + seller + ":1500");
        assertThat(amounts(sixth)).containsExactly("1:" + seller + ":2400");
        JsonNode explained = shop.get("/api/v1/commission-lines/" + sixth.get("commission").get(0).get("id").asLong())
                .expect(200).body();
        assertThat(explained.get("line").get("tierStep").get("figure").asLong()).isEqualTo(129_999);
        assertThat(explained.get("text").asString()).contains("template 'Sales step'")
                .contains("tier step SALES from 100000 (129999 fen of sales earlier this month) pays 800 bp, raising the rate to 800 bp");
    }

    @Test
    void aStepBelowTheLevelRateLeavesTheLevelRate() {
        Api.Shop shop = api.newShop(json("commissionDepth", 1));
        long seller = shop.sharer("seller", null);
        assign(shop, seller, shop.post(TEMPLATES, json("name", "Generous",
                "rates", List.of(json("levelRank", 1, "depth1RateBp", 1200)),
                "tiers", List.of(json("metric", "ORDERS", "threshold", 1, "rateBp", 1000)))).expect(201).id());
        shop.product("tea", "LEVEL_RATE", null, null);
        order(shop, "o-1", seller, MARCH.plusSeconds(3_600), 10_000);

        JsonNode second = order(shop, "o-2", seller, MARCH.plusSeconds(7_200), 10_000);

        assertThat(amounts(second)).containsExactly("1:" + seller + ":1200");
        assertThat(second.get("commission").get(0).get("tierStep").get("rateBp").asInt()).isEqualTo(1000);
    }

    static JsonNode order(Api.Shop shop, String orderId, long seller, Instant paidAt, long amountFen) {
        return shop.order(orderId, "customer-" + orderId, seller, paidAt.toString(), line("l-1", "tea", 1, amountFen))
                .expect(201).body();
    }
}
