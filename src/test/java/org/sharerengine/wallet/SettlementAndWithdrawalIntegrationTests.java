package org.sharerengine.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

@ApiTest
class SettlementAndWithdrawalIntegrationTests {

    @Autowired
    Api api;

    static Map<String, Object> withdrawal(long sharer, long amountFen) {
        return json("sharerId", sharer, "amountFen", amountFen, "channel", "WECHAT", "accountNo", "wxid_123", "accountName", "Alice");
    }

    static JsonNode settle(Api.Shop shop, String asOf) {
        return shop.post("/api/v1/settlement-runs", json("asOf", asOf)).expect(200).body();
    }

    /** A paid, completed and settled order of the LEVEL_RATE product "tea" (shops here settle with no delay). */
    static void earnSettled(Api.Shop shop, long seller, String orderId, long amountFen) {
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.order(orderId, "c", seller, "2026-03-01T00:00:00Z", line("l", "tea", 1, amountFen)).expect(201);
        shop.post("/api/v1/orders/" + orderId + "/completion", json("at", "2026-03-01T00:00:00Z")).expect(200);
        settle(shop, "2026-03-01T00:00:00Z");
    }

    @Test
    void settlesOnlyOrdersCompletedAtLeastTheDelayAgo() {
        Api.Shop shop = api.newShop(json("settlementDelayDays", 8));
        long seller = shop.sharer("seller", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.order("o-1", "c", seller, "2026-03-01T00:00:00Z", line("l", "tea", 1, 10_000)).expect(201);
        shop.order("o-2", "c", seller, "2026-03-01T00:00:00Z", line("l", "tea", 1, 5_000)).expect(201);
        shop.post("/api/v1/orders/o-1/completion", json("at", "2026-03-05T00:00:00Z")).expect(200);

        assertThat(settle(shop, "2026-03-12T23:59:59Z").get("settledLines").asInt()).isZero();
        JsonNode run = settle(shop, "2026-03-13T00:00:00Z");

        assertThat(run.get("settledLines").asInt()).isEqualTo(1);
        assertThat(run.get("settledFen").asLong()).isEqualTo(600);
        JsonNode wallet = shop.wallet(seller);
        assertThat(wallet.get("availableFen").asLong()).isEqualTo(600);
        assertThat(wallet.get("pendingFen").asLong()).isEqualTo(300);
        assertThat(settle(shop, "2026-04-01T00:00:00Z").get("settledLines").asInt()).as("a rerun settles nothing twice").isZero();
        shop.assertBooksBalance();
    }

    @Test
    void thePlatformRunSettlesEveryShopAndNeedsTheAdministrator() {
        Api.Shop one = api.newShop(json("settlementDelayDays", 0));
        Api.Shop two = api.newShop(json("settlementDelayDays", 0));
        long first = one.sharer("first", null);
        long second = two.sharer("second", null);
        for (Api.Shop shop : new Api.Shop[] {one, two}) {
            shop.product("tea", "LEVEL_RATE", null, null);
        }
        one.order("o-1", "c", first, "2026-03-01T00:00:00Z", line("l", "tea", 1, 10_000)).expect(201);
        two.order("o-1", "c", second, "2026-03-01T00:00:00Z", line("l", "tea", 1, 20_000)).expect(201);
        one.post("/api/v1/orders/o-1/completion", json("at", "2026-03-01T00:00:00Z")).expect(200);
        two.post("/api/v1/orders/o-1/completion", json("at", "2026-03-01T00:00:00Z")).expect(200);

        assertThat(api.call(HttpMethod.POST, "/api/v1/platform/settlement-runs", json("asOf", "2026-03-02T00:00:00Z"),
                Map.of("X-Api-Key", one.apiKey)).status()).isEqualTo(401);
        api.call(HttpMethod.POST, "/api/v1/platform/settlement-runs", json("asOf", "2026-03-02T00:00:00Z"),
                Map.of("Authorization", "Basic YWRtaW46YWRtaW4=")).expect(200);

        assertThat(one.wallet(first).get("availableFen").asLong()).isEqualTo(600);
        assertThat(two.wallet(second).get("availableFen").asLong()).isEqualTo(1_200);
    }

    @Test
    void settlesOnTheShopsSettlementEventWhenTheShopSettlesOnEvents() {
        Api.Shop shop = api.newShop(json("settlementTrigger", "SETTLE_EVENT"));
        long seller = shop.sharer("seller", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.order("o-1", "c", seller, "2026-03-01T00:00:00Z", line("l", "tea", 1, 10_000)).expect(201);
        shop.post("/api/v1/orders/o-1/completion", json("at", "2026-03-02T00:00:00Z")).expect(200);

        assertThat(settle(shop, "2026-04-01T00:00:00Z").get("settledLines").asInt()).as("completion alone does not settle").isZero();
        shop.post("/api/v1/orders/o-1/settle-event", json("at", "2026-03-10T00:00:00Z")).expect(200);

        assertThat(settle(shop, "2026-04-01T00:00:00Z").get("settledLines").asInt()).isEqualTo(1);
        assertThat(shop.wallet(seller).get("availableFen").asLong()).isEqualTo(600);
    }

    @Test
    void aRefundAfterSettlementClawsBackAndANegativeBalanceBlocksWithdrawalUntilOffset() {
        Api.Shop shop = api.newShop(json("settlementDelayDays", 0, "withdrawalThresholdFen", 100));
        long seller = shop.sharer("seller", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.order("o-1", "c", seller, "2026-03-01T00:00:00Z", line("l", "tea", 1, 10_000)).expect(201);
        shop.post("/api/v1/orders/o-1/completion", json("at", "2026-03-02T00:00:00Z")).expect(200);
        settle(shop, "2026-03-02T00:00:00Z");
        long paid = shop.post("/api/v1/withdrawals", withdrawal(seller, 600), Map.of("Idempotency-Key", "w-1")).expect(201).id();
        shop.post("/api/v1/withdrawals/" + paid + "/approve", null).expect(200);
        shop.post("/api/v1/withdrawals/" + paid + "/mark-paid", json("reference", "bank-789")).expect(200);

        JsonNode refund = shop.refund("o-1", "r-1", "l", 10_000).expect(201).body();

        assertThat(refund.get("reversals").get(0).get("kind").asString()).isEqualTo("CLAWBACK");
        JsonNode wallet = shop.wallet(seller);
        assertThat(wallet.get("availableFen").asLong()).isEqualTo(-600);
        assertThat(wallet.get("withdrawableFen").asLong()).isZero();
        assertThat(wallet.get("paidOutFen").asLong()).isEqualTo(600);
        shop.post("/api/v1/withdrawals", withdrawal(seller, 100), Map.of("Idempotency-Key", "w-2")).expect(409);

        // Later earnings offset the debt first.
        shop.order("o-2", "c", seller, "2026-03-05T00:00:00Z", line("l", "tea", 1, 20_000)).expect(201);
        shop.post("/api/v1/orders/o-2/completion", json("at", "2026-03-06T00:00:00Z")).expect(200);
        settle(shop, "2026-03-06T00:00:00Z");
        assertThat(shop.wallet(seller).get("availableFen").asLong()).isEqualTo(600);
        shop.assertBooksBalance();
    }

    @Test
    void appliesTheWithdrawalThresholdAndFee() {
        Api.Shop shop = api.newShop(json("settlementDelayDays", 0, "withdrawalThresholdFen", 1_000, "withdrawalFeeBp", 100));
        long seller = shop.sharer("seller", null);
        earnSettled(shop, seller, "o-1", 25_000);
        assertThat(shop.wallet(seller).get("availableFen").asLong()).isEqualTo(1_500);

        JsonNode belowThreshold = shop.post("/api/v1/withdrawals", withdrawal(seller, 999), Map.of("Idempotency-Key", "w-0"))
                .expect(400).body();
        assertThat(belowThreshold.get("errors").get(0).get("field").asString()).isEqualTo("amountFen");

        JsonNode requested = shop.post("/api/v1/withdrawals", withdrawal(seller, 1_250), Map.of("Idempotency-Key", "w-1"))
                .expect(201).body();
        assertThat(requested.get("feeFen").asLong()).isEqualTo(12);
        assertThat(requested.get("netFen").asLong()).isEqualTo(1_238);
        assertThat(shop.wallet(seller).get("frozenFen").asLong()).isEqualTo(1_250);
        long id = requested.get("id").asLong();
        shop.post("/api/v1/withdrawals/" + id + "/mark-paid", null).expect(409);
        shop.post("/api/v1/withdrawals/" + id + "/approve", null).expect(200);
        shop.post("/api/v1/withdrawals/" + id + "/mark-paid", json("reference", "wx-transfer-1")).expect(200);

        JsonNode wallet = shop.wallet(seller);
        assertThat(wallet.get("availableFen").asLong()).isEqualTo(250);
        assertThat(wallet.get("frozenFen").asLong()).isZero();
        assertThat(wallet.get("paidOutFen").asLong()).isEqualTo(1_238);
        JsonNode audit = shop.assertBooksBalance();
        assertThat(audit.get("byAccount").get("SHOP_WITHDRAWAL_FEES").asLong()).isEqualTo(12);
    }

    @Test
    void aRejectedWithdrawalReturnsTheMoneyAndKeepsTheReason() {
        Api.Shop shop = api.newShop(json("settlementDelayDays", 0));
        long seller = shop.sharer("seller", null);
        earnSettled(shop, seller, "o-1", 10_000);
        long id = shop.post("/api/v1/withdrawals", withdrawal(seller, 600), Map.of("Idempotency-Key", "w-1")).expect(201).id();

        shop.post("/api/v1/withdrawals/" + id + "/reject", json("reason", "")).expect(400);
        JsonNode rejected = shop.post("/api/v1/withdrawals/" + id + "/reject", json("reason", "account name does not match"))
                .expect(200).body();

        assertThat(rejected.get("status").asString()).isEqualTo("REJECTED");
        assertThat(rejected.get("rejectReason").asString()).isEqualTo("account name does not match");
        assertThat(shop.wallet(seller).get("availableFen").asLong()).isEqualTo(600);
        assertThat(shop.wallet(seller).get("frozenFen").asLong()).isZero();
        shop.post("/api/v1/withdrawals/" + id + "/approve", null).expect(409);
        shop.assertBooksBalance();
    }

    @Test
    void aRetriedWithdrawalIsTheSameRequestAndAReusedKeyWithOtherTermsIsAConflict() {
        Api.Shop shop = api.newShop(json("settlementDelayDays", 0));
        long seller = shop.sharer("seller", null);
        earnSettled(shop, seller, "o-1", 10_000);

        Api.Response first = shop.post("/api/v1/withdrawals", withdrawal(seller, 300), Map.of("Idempotency-Key", "k-1")).expect(201);
        Api.Response again = shop.post("/api/v1/withdrawals", withdrawal(seller, 300), Map.of("Idempotency-Key", "k-1")).expect(200);
        shop.post("/api/v1/withdrawals", withdrawal(seller, 301), Map.of("Idempotency-Key", "k-1")).expect(409);
        shop.post("/api/v1/withdrawals", withdrawal(seller, 300)).expect(400);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(shop.wallet(seller).get("frozenFen").asLong()).isEqualTo(300);
    }
}
