package org.sharerengine.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.commission.CommissionIntegrationTests.amounts;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Boosts (短期激励, SPEC §4): a time-boxed extra depth-1 rate on a product or a category. */
@ApiTest
class BoostIntegrationTests {

    static final String BOOSTS = "/api/v1/boosts";

    @Autowired
    Api api;

    @Test
    void paysTheLargestBoostInForceAtPaymentOnlyInsideItsWindowAndOnlyAtDepthOne() {
        Api.Shop shop = api.newShop(json("commissionDepth", 2, "level1RateBp", 600, "level2RateBp", 100));
        long inviter = shop.sharer("inviter", null);
        long seller = shop.sharer("seller", inviter);
        product(shop, "tea", "LEVEL_RATE", null, "tea-leaves");
        long teaBoost = boost(shop, json("productId", "tea", "extraRateBp", 300,
                "startsAt", "2026-03-10T00:00:00Z", "endsAt", "2026-03-20T00:00:00Z"));
        long categoryBoost = boost(shop, json("category", "tea-leaves", "extraRateBp", 200,
                "startsAt", "2026-03-01T00:00:00Z", "endsAt", "2026-04-01T00:00:00Z"));

        JsonNode before = order(shop, "before", seller, "2026-02-28T23:59:59Z", "tea");
        JsonNode categoryOnly = order(shop, "category-only", seller, "2026-03-05T00:00:00Z", "tea");
        JsonNode both = order(shop, "both", seller, "2026-03-10T00:00:00Z", "tea");
        JsonNode atProductEnd = order(shop, "product-ended", seller, "2026-03-20T00:00:00Z", "tea");
        JsonNode after = order(shop, "after", seller, "2026-04-01T00:00:00Z", "tea");

        assertThat(amounts(before)).containsExactly("1:" + seller + ":600", "2:" + inviter + ":100");
        assertThat(amounts(categoryOnly)).containsExactly("1:" + seller + ":800", "2:" + inviter + ":100");
        // Both apply from the tea boost's start: the larger (300) alone, not 300 + 200.
        assertThat(amounts(both)).containsExactly("1:" + seller + ":900", "2:" + inviter + ":100");
        assertThat(amounts(atProductEnd)).containsExactly("1:" + seller + ":800", "2:" + inviter + ":100");
        assertThat(amounts(after)).containsExactly("1:" + seller + ":600", "2:" + inviter + ":100");
        assertThat(both.get("commission").get(0).get("boost").get("id").asLong()).isEqualTo(teaBoost);
        assertThat(both.get("commission").get(0).get("boost").get("extraRateBp").asInt()).isEqualTo(300);
        assertThat(both.get("commission").get(0).get("baseRateBp").asInt()).isEqualTo(600);
        assertThat(categoryOnly.get("commission").get(0).get("boost").get("id").asLong()).isEqualTo(categoryBoost);
        assertThat(both.get("commission").get(1).get("boost").isNull()).isTrue();
        shop.assertBooksBalance();
    }

    @Test
    void addsTheBoostToAFixedRate() {
        Api.Shop shop = api.newShop(json("commissionDepth", 1));
        long seller = shop.sharer("seller", null);
        product(shop, "gift-box", "FIXED_RATE", 1_500L, null);
        boost(shop, json("productId", "gift-box", "extraRateBp", 300, "startsAt", "2026-03-01T00:00:00Z",
                "endsAt", "2026-04-01T00:00:00Z"));

        JsonNode order = order(shop, "o-1", seller, "2026-03-02T00:00:00Z", "gift-box");

        // floor(10000 × (1500 + 300) / 10000)
        assertThat(amounts(order)).containsExactly("1:" + seller + ":1800");
        assertThat(order.get("commission").get(0).get("rateBp").asInt()).isEqualTo(1_800);
    }

    /**
     * A boost on a FIXED_AMOUNT product pays its rate on the amount kept on top of the fixed
     * amount scaled by kept / paid, so each refund reverses exactly the difference.
     */
    @Test
    void aBoostedFixedAmountLineStaysExactThroughPartialAndFullRefunds() {
        Api.Shop shop = api.newShop(json("commissionDepth", 2));
        long inviter = shop.sharer("inviter", null);
        long seller = shop.sharer("seller", inviter);
        shop.product("pot", "FIXED_AMOUNT", 500L, 120L);
        boost(shop, json("productId", "pot", "extraRateBp", 300, "startsAt", "2026-03-01T00:00:00Z",
                "endsAt", "2026-04-01T00:00:00Z"));

        JsonNode order = shop.order("o-1", "customer", seller, "2026-03-02T00:00:00Z", line("l-1", "pot", 3, 9_000))
                .expect(201).body();
        // 3 × 500 = 1500 fixed + floor(9000 × 300 / 10000) = 270 boost; the inviter's 3 × 120 has no boost.
        assertThat(amounts(order)).containsExactly("1:" + seller + ":1770", "2:" + inviter + ":360");
        long line = order.get("commission").get(0).get("id").asLong();

        JsonNode partial = shop.refund("o-1", "r-1", "l-1", 3_001).expect(201).body();

        // kept 5999: floor(1500 × 5999 / 9000) = 999 + floor(5999 × 300 / 10000) = 179 → 1178; 239 for the inviter
        assertThat(partial.get("reversals").findValues("amountFen").stream().map(JsonNode::asLong)).containsExactly(-592L, -121L);
        JsonNode explained = shop.get("/api/v1/commission-lines/" + line).expect(200).body();
        assertThat(explained.get("formula").asString()).isEqualTo("floor(1500 × 5999 / 9000) + floor(5999 × 300 / 10000) = 1178");
        assertThat(explained.get("text").asString()).contains("boost " + explained.get("line").get("boost").get("id").asLong()
                + " adds 300 bp of the amount kept to the fixed amount");
        assertThat(shop.wallet(seller).get("pendingFen").asLong()).isEqualTo(1_178);

        JsonNode rest = shop.refund("o-1", "r-2", "l-1", 5_999).expect(201).body();

        assertThat(rest.get("reversals").findValues("amountFen").stream().map(JsonNode::asLong)).containsExactly(-1178L, -239L);
        assertThat(shop.wallet(seller).get("pendingFen").asLong()).isZero();
        assertThat(shop.wallet(inviter).get("pendingFen").asLong()).isZero();
        shop.assertBooksBalance();
    }

    @Test
    void aDeletedBoostPaysNoMoreButLinesPaidWithItKeepIt() {
        Api.Shop shop = api.newShop(json("commissionDepth", 1, "level1RateBp", 600));
        long seller = shop.sharer("seller", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        long boost = boost(shop, json("productId", "tea", "extraRateBp", 400, "startsAt", "2026-03-01T00:00:00Z",
                "endsAt", "2026-04-01T00:00:00Z"));
        JsonNode boosted = order(shop, "o-1", seller, "2026-03-02T00:00:00Z", "tea");

        shop.delete(BOOSTS + "/" + boost).expect(204);
        JsonNode plain = order(shop, "o-2", seller, "2026-03-03T00:00:00Z", "tea");

        assertThat(amounts(boosted)).containsExactly("1:" + seller + ":1000");
        assertThat(amounts(plain)).containsExactly("1:" + seller + ":600");
        shop.get(BOOSTS + "/" + boost).expect(404);
        shop.delete(BOOSTS + "/" + boost).expect(404);
        JsonNode explained = shop.get("/api/v1/commission-lines/" + boosted.get("commission").get(0).get("id").asLong())
                .expect(200).body();
        assertThat(explained.get("line").get("boost").get("extraRateBp").asInt()).isEqualTo(400);
        assertThat(explained.get("text").asString()).contains("boost " + boost + " adds 400 bp; final rate 1000 bp");
    }

    @Test
    void listsAndReadsTheShopsBoostsOnly() {
        Api.Shop shop = api.newShop();
        Api.Shop other = api.newShop();
        shop.product("tea", "LEVEL_RATE", null, null);
        long mine = boost(shop, json("productId", "tea", "extraRateBp", 300, "startsAt", "2026-03-01T00:00:00Z",
                "endsAt", "2026-04-01T00:00:00Z"));

        JsonNode read = shop.get(BOOSTS + "/" + mine).expect(200).body();

        assertThat(read.get("productId").asString()).isEqualTo("tea");
        assertThat(read.get("category").isNull()).isTrue();
        assertThat(read.get("startsAt").asString()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(read.get("endsAt").asString()).isEqualTo("2026-04-01T00:00:00Z");
        assertThat(shop.get(BOOSTS).expect(200).body().findValues("id").stream().map(JsonNode::asLong)).containsExactly(mine);
        assertThat(other.get(BOOSTS).expect(200).body().isEmpty()).isTrue();
        other.get(BOOSTS + "/" + mine).expect(404);
        other.delete(BOOSTS + "/" + mine).expect(404);
        shop.get(BOOSTS + "/" + mine).expect(200);
    }

    @Test
    void refusesInvalidBoostsAndWritesNothing() {
        Api.Shop shop = api.newShop();
        shop.product("tea", "LEVEL_RATE", null, null);
        String from = "2026-03-01T00:00:00Z";
        String to = "2026-04-01T00:00:00Z";

        assertThat(code(shop.post(BOOSTS, json("productId", "tea", "category", "tea-leaves", "extraRateBp", 300,
                "startsAt", from, "endsAt", to)))).isEqualTo("invalid_category");
        assertThat(code(shop.post(BOOSTS, json("extraRateBp", 300, "startsAt", from, "endsAt", to)))).isEqualTo("invalid_product_id");
        assertThat(code(shop.post(BOOSTS, json("productId", "not-promoted", "extraRateBp", 300, "startsAt", from, "endsAt", to))))
                .isEqualTo("invalid_product_id");
        assertThat(code(shop.post(BOOSTS, json("productId", "tea", "extraRateBp", 0, "startsAt", from, "endsAt", to))))
                .isEqualTo("invalid_extra_rate_bp");
        assertThat(code(shop.post(BOOSTS, json("productId", "tea", "extraRateBp", 10_001, "startsAt", from, "endsAt", to))))
                .isEqualTo("invalid_extra_rate_bp");
        assertThat(code(shop.post(BOOSTS, json("productId", "tea", "extraRateBp", 300, "endsAt", to)))).isEqualTo("invalid_starts_at");
        assertThat(code(shop.post(BOOSTS, json("productId", "tea", "extraRateBp", 300, "startsAt", to, "endsAt", to))))
                .isEqualTo("invalid_ends_at");
        shop.post(BOOSTS, json("productId", "tea", "extraRateBp", 300, "startsAt", from, "endsAt", to, "stack", true)).expect(400);

        assertThat(shop.get(BOOSTS).expect(200).body().isEmpty()).isTrue();
    }

    static long boost(Api.Shop shop, Map<String, Object> body) {
        return shop.post(BOOSTS, body).expect(201).id();
    }

    static void product(Api.Shop shop, String productId, String mode, Long level1, String category) {
        shop.put("/api/v1/products/" + productId, json("name", "Product " + productId, "commissionMode", mode,
                "level1Value", level1, "category", category)).expect(200);
    }

    static JsonNode order(Api.Shop shop, String orderId, long seller, String paidAt, String productId) {
        return shop.order(orderId, "customer-" + orderId, seller, paidAt, line("l-1", productId, 1, 10_000)).expect(201).body();
    }

    private static String code(Api.Response response) {
        return response.expect(400).get("code").asString();
    }
}
