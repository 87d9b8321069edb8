package org.sharerengine.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@ApiTest
class CommissionIntegrationTests {

    static final String PAID = "2026-03-01T10:00:00Z";

    @Autowired
    Api api;

    @Test
    void paysTheSharerLevelOneAndTheInviterLevelTwo() {
        Api.Shop shop = api.newShop(json("commissionDepth", 2, "level1RateBp", 600, "level2RateBp", 100));
        long grandparent = shop.sharer("gp", null);
        long inviter = shop.sharer("inviter", grandparent);
        long seller = shop.sharer("seller", inviter);
        shop.product("tea", "LEVEL_RATE", null, null);

        JsonNode order = shop.order("o-1", "customer", seller, PAID, line("l-1", "tea", 2, 25_000)).expect(201).body();

        assertThat(amounts(order)).containsExactly("1:" + seller + ":1500", "2:" + inviter + ":250");
        assertThat(shop.wallet(seller).get("pendingFen").asLong()).isEqualTo(1500);
        assertThat(shop.wallet(inviter).get("pendingFen").asLong()).isEqualTo(250);
        assertThat(shop.wallet(grandparent).get("pendingFen").asLong()).isZero();
        shop.assertBooksBalance();
    }

    /**
     * The chains are read with the sharers the orders lead to, in the same statement, for a whole
     * batch at once, and as deep as any shop may pay (three), since the statement goes before the
     * shop's own depth is read: each way of naming the sharer pays its inviters as deep as the shop
     * pays, no deeper, and no deeper than the tree goes.
     */
    @ParameterizedTest(name = "commission depth {0}")
    @ValueSource(ints = {1, 2, 3})
    void paysAlongTheSharersChainHoweverTheOrderNamesTheSharer(int depth) {
        Api.Shop shop = api.newShop(json("commissionDepth", depth, "level1RateBp", 1000, "level2RateBp", 300, "level3RateBp", 100,
                "bindingValidityDays", 7));
        long root = shop.sharer("root", null);
        long mid = shop.sharer("mid", root);
        long seller = shop.sharer("seller", mid);
        long deep = shop.sharer("deep", seller);
        long near = shop.sharer("near", root);
        shop.product("tea", "LEVEL_RATE", null, null);
        String share = shop.post("/api/v1/shares", json("sharerId", seller, "targetType", "PRODUCT", "targetId", "tea")).expect(201)
                .get("token").asString();
        shop.post("/api/v1/visits", json("token", share, "customerId", "carol", "visitedAt", "2026-02-27T00:00:00Z")).expect(200);

        JsonNode batch = shop.post("/api/v1/order-batches", json("orders", List.of(
                named("o-id", "x", "sharerId", seller), named("o-ext", "y", "sharerExternalUserId", "seller"),
                named("o-token", "z", "shareToken", share), named("o-binding", "carol", null, null),
                // Four deep; two deep; the root alone.
                named("o-deep", "x", "sharerExternalUserId", "deep"), named("o-near", "x", "sharerId", near),
                named("o-root", "x", "sharerId", root)))).expect(200).body();

        assertThat(batch.get("created").asInt()).isEqualTo(7);
        // ¥100.00 each: 10 % = 1,000 fen, 3 % = 300, 1 % = 100.
        List<String> alongSeller = List.of("1:" + seller + ":1000", "2:" + mid + ":300", "3:" + root + ":100").subList(0, depth);
        for (String orderId : List.of("o-id", "o-ext", "o-token", "o-binding")) {
            assertThat(amounts(shop.get("/api/v1/orders/" + orderId).expect(200).body())).as(orderId).isEqualTo(alongSeller);
        }
        assertThat(amounts(shop.get("/api/v1/orders/o-deep").expect(200).body()))
                .isEqualTo(List.of("1:" + deep + ":1000", "2:" + seller + ":300", "3:" + mid + ":100").subList(0, depth));
        assertThat(amounts(shop.get("/api/v1/orders/o-near").expect(200).body()))
                .isEqualTo(List.of("1:" + near + ":1000", "2:" + root + ":300").subList(0, Math.min(depth, 2)));
        assertThat(amounts(shop.get("/api/v1/orders/o-root").expect(200).body())).containsExactly("1:" + root + ":1000");
        shop.assertBooksBalance();
    }

    /** An order of ¥100.00 paid at {@link #PAID}, naming its sharer by one field (or by none, with a null field). */
    private static Map<String, Object> named(String orderId, String customer, String field, Object value) {
        Map<String, Object> order = json("orderId", orderId, "customerId", customer, "paidAt", PAID,
                "lines", List.of(line("l-1", "tea", 1, 10_000)));
        if (field != null) {
            order.put(field, value);
        }
        return order;
    }

    @Test
    void paysAThirdLevelOnlyWhenTheShopAllowsDepthThree() {
        Api.Shop shop = api.newShop(json("commissionDepth", 3, "level1RateBp", 1000, "level2RateBp", 300, "level3RateBp", 100));
        long a = shop.sharer("a", null);
        long b = shop.sharer("b", a);
        long c = shop.sharer("c", b);
        shop.product("tea", "LEVEL_RATE", null, null);

        JsonNode order = shop.order("o-1", "customer", c, PAID, line("l-1", "tea", 1, 9_999)).expect(201).body();

        // floor(9999 × 1000 / 10000) = 999, floor(9999 × 300 / 10000) = 299, floor(9999 × 100 / 10000) = 99
        assertThat(amounts(order)).containsExactly("1:" + c + ":999", "2:" + b + ":299", "3:" + a + ":99");
    }

    @Test
    void postsEveryLineOfAManyLineOrderUnderItsOwnIdAndReversesOnlyTheRefundedLine() {
        Api.Shop shop = api.newShop(json("commissionDepth", 2, "level1RateBp", 600, "level2RateBp", 100));
        long inviter = shop.sharer("inviter", null);
        long seller = shop.sharer("seller", inviter);
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.product("pot", "FIXED_AMOUNT", 700L, 50L);

        JsonNode order = shop.order("o-1", "customer", seller, PAID, line("l-1", "tea", 1, 10_000), line("l-2", "pot", 2, 30_000),
                line("l-3", "unpromoted", 1, 5_000), line("l-4", "tea", 1, 20_000)).expect(201).body();

        assertThat(amounts(order)).containsExactly("1:" + seller + ":600", "2:" + inviter + ":100", "1:" + seller + ":1400",
                "2:" + inviter + ":100", "1:" + seller + ":1200", "2:" + inviter + ":200");
        List<String> posted = new ArrayList<>();
        for (long sharer : List.of(seller, inviter)) {
            shop.get("/api/v1/sharers/" + sharer + "/ledger-entries").expect(200).body().forEach(entry -> posted.add(
                    entry.get("reference").asString() + ":" + entry.get("account").asString() + ":" + entry.get("amountFen").asLong()));
        }
        List<String> expected = new ArrayList<>();
        order.get("commission").forEach(line -> expected.add(
                "commission-line:" + line.get("id").asLong() + ":SHARER_PENDING:" + line.get("amountFen").asLong()));
        assertThat(posted).containsExactlyInAnyOrderElementsOf(expected);

        JsonNode refund = shop.refund("o-1", "r-1", "l-2", 15_000).expect(201).body();

        // Only l-2's lines are reversed, to half: floor(1400 × 15000 / 30000) = 700 and floor(100 × 15000 / 30000) = 50.
        List<String> reversed = new ArrayList<>();
        refund.get("reversals").forEach(r -> reversed.add(r.get("commissionLineId").asLong() + ":" + r.get("amountFen").asLong()));
        JsonNode lines = order.get("commission");
        assertThat(lines.get(2).get("orderLineId").asString()).isEqualTo("l-2");
        assertThat(reversed).containsExactly(lines.get(2).get("id").asLong() + ":-700", lines.get(3).get("id").asLong() + ":-50");
        shop.assertBooksBalance();
    }

    @Test
    void paysNoLevelOneOnASelfPurchaseWhenTheShopSwitchedItOff() {
        Api.Shop shop = api.newShop(json("selfPurchaseCommission", false));
        long inviter = shop.sharer("inviter", null);
        long buyer = shop.sharer("buyer", inviter);
        shop.product("tea", "LEVEL_RATE", null, null);

        JsonNode order = shop.order("o-1", "buyer", buyer, PAID, line("l-1", "tea", 1, 10_000)).expect(201).body();

        assertThat(order.get("attribution").get("selfPurchase").asBoolean()).isTrue();
        assertThat(amounts(order)).containsExactly("2:" + inviter + ":100");
    }

    @Test
    void paysLevelOneOnASelfPurchaseWhenTheShopSwitchedItOn() {
        Api.Shop shop = api.newShop(json("selfPurchaseCommission", true));
        long inviter = shop.sharer("inviter", null);
        long buyer = shop.sharer("buyer", inviter);
        shop.product("tea", "LEVEL_RATE", null, null);

        JsonNode order = shop.order("o-1", "buyer", buyer, PAID, line("l-1", "tea", 1, 10_000)).expect(201).body();

        assertThat(amounts(order)).containsExactly("1:" + buyer + ":600", "2:" + inviter + ":100");
    }

    @Test
    void scalesAFixedAmountProductByTheKeptAmountOnAPartialRefund() {
        Api.Shop shop = api.newShop();
        long inviter = shop.sharer("inviter", null);
        long seller = shop.sharer("seller", inviter);
        shop.product("pot", "FIXED_AMOUNT", 500L, 120L);

        JsonNode order = shop.order("o-1", "customer", seller, PAID, line("l-1", "pot", 3, 9_000)).expect(201).body();
        assertThat(amounts(order)).containsExactly("1:" + seller + ":1500", "2:" + inviter + ":360");

        JsonNode refund = shop.refund("o-1", "r-1", "l-1", 3_001).expect(201).body();

        // kept 5999 of 9000: floor(1500 × 5999 / 9000) = 999, floor(360 × 5999 / 9000) = 239
        assertThat(refund.get("reversals").findValues("amountFen").stream().map(JsonNode::asLong)).containsExactly(-501L, -121L);
        assertThat(shop.wallet(seller).get("pendingFen").asLong()).isEqualTo(999);
        assertThat(shop.wallet(inviter).get("pendingFen").asLong()).isEqualTo(239);
        shop.refund("o-1", "r-2", "l-1", 5_999).expect(201);
        assertThat(shop.wallet(seller).get("pendingFen").asLong()).isZero();
        assertThat(shop.wallet(inviter).get("pendingFen").asLong()).isZero();
        shop.assertBooksBalance();
    }

    @Test
    void capsAFixedAmountAtTheLineAmount() {
        Api.Shop shop = api.newShop();
        long seller = shop.sharer("seller", null);
        shop.product("sample", "FIXED_AMOUNT", 5_000L, null);

        JsonNode order = shop.order("o-1", "customer", seller, PAID, line("l-1", "sample", 1, 1_200)).expect(201).body();

        assertThat(amounts(order)).containsExactly("1:" + seller + ":1200");
    }

    @Test
    void paysAFixedRateWhateverTheShopDefault() {
        Api.Shop shop = api.newShop(json("level1RateBp", 600));
        long inviter = shop.sharer("inviter", null);
        long seller = shop.sharer("seller", inviter);
        shop.product("gift-box", "FIXED_RATE", 1_500L, null);

        JsonNode order = shop.order("o-1", "customer", seller, PAID, line("l-1", "gift-box", 1, 20_000)).expect(201).body();

        // No level-2 value on the product: the inviter earns nothing on it.
        assertThat(amounts(order)).containsExactly("1:" + seller + ":3000");
    }

    @Test
    void paysNothingForProductsOutsideThePromotedLibrary() {
        Api.Shop shop = api.newShop();
        long seller = shop.sharer("seller", null);
        shop.product("tea", "LEVEL_RATE", null, null);

        JsonNode order = shop.order("o-1", "customer", seller, PAID, line("l-1", "tea", 1, 10_000),
                line("l-2", "not-promoted", 1, 50_000)).expect(201).body();

        assertThat(amounts(order)).containsExactly("1:" + seller + ":600");
    }

    @Test
    void anOrderThroughAFrozenSharerOrAnApplicantPaysNoOneAboveThemEither() {
        Api.Shop shop = api.newShop(json("approvalRequired", true));
        long inviter = shop.sharer("inviter", null);
        long frozen = shop.sharer("frozen", inviter);
        long applicant = shop.post("/api/v1/sharers/applications", json("externalUserId", "applicant", "parentId", inviter))
                .expect(201).id();
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.post("/api/v1/sharers/" + frozen + "/freeze", null).expect(200);

        JsonNode viaFrozen = shop.order("o-1", "customer", frozen, PAID, line("l-1", "tea", 1, 10_000)).expect(201).body();
        JsonNode viaApplicant = shop.order("o-2", "customer", applicant, PAID, line("l-1", "tea", 1, 10_000)).expect(201).body();

        assertThat(viaFrozen.get("attribution").get("sharerId").asLong()).isEqualTo(frozen);
        assertThat(amounts(viaFrozen)).isEmpty();
        assertThat(amounts(viaApplicant)).isEmpty();
        assertThat(shop.wallet(inviter).get("pendingFen").asLong()).isZero();
    }

    @Test
    void anInactiveInviterIsSkippedWithoutPromotingTheOneAbove() {
        Api.Shop shop = api.newShop(json("commissionDepth", 3));
        long top = shop.sharer("top", null);
        long middle = shop.sharer("middle", top);
        long seller = shop.sharer("seller", middle);
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.post("/api/v1/sharers/" + middle + "/remove", null).expect(200);

        JsonNode order = shop.order("o-1", "customer", seller, PAID, line("l-1", "tea", 1, 10_000)).expect(201).body();

        assertThat(amounts(order)).containsExactly("1:" + seller + ":600", "3:" + top + ":50");
    }

    @Test
    void explainsALineWithItsInputsRuleAndFormula() {
        Api.Shop shop = api.newShop();
        long seller = shop.sharer("seller", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        long id = shop.order("o-1", "customer", seller, PAID, line("l-1", "tea", 1, 10_000)).expect(201)
                .body().get("commission").get(0).get("id").asLong();

        JsonNode explanation = shop.get("/api/v1/commission-lines/" + id).expect(200).body();

        assertThat(explanation.get("line").get("rule").asString()).isEqualTo("LEVEL_RATE");
        assertThat(explanation.get("line").get("rateBp").asInt()).isEqualTo(600);
        assertThat(explanation.get("line").get("attributionRule").asString()).isEqualTo("ORDER_SHARER");
        assertThat(explanation.get("formula").asString()).isEqualTo("floor(10000 × 600 / 10000) = 600");
        assertThat(explanation.get("text").asString()).contains("o-1", "l-1", "600 bp", "depth 1");
    }

    /** "depth:beneficiary:amountFen" per commission line, in order. */
    static List<String> amounts(JsonNode order) {
        List<String> result = new ArrayList<>();
        order.get("commission").forEach(line -> result.add(line.get("depth").asInt() + ":"
                + line.get("beneficiarySharerId").asLong() + ":" + line.get("amountFen").asLong()));
        return result;
    }
}
