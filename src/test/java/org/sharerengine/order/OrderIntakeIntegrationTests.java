package org.sharerengine.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@ApiTest
class OrderIntakeIntegrationTests {

    static final String PAID = "2026-03-01T10:00:00Z";

    @Autowired
    Api api;

    @Test
    void theSameOrderSentTwiceChangesNothingAndReturnsTheSameResult() {
        Api.Shop shop = api.newShop();
        long seller = shop.sharer("seller", null);
        shop.product("tea", "LEVEL_RATE", null, null);

        Api.Response first = shop.order("o-1", "c", seller, PAID, line("l", "tea", 1, 10_000)).expect(201);
        Api.Response again = shop.order("o-1", "c", seller, PAID, line("l", "tea", 1, 10_000)).expect(200);

        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.get("commission")).isEqualTo(first.get("commission"));
        assertThat(shop.wallet(seller).get("pendingFen").asLong()).isEqualTo(600);
    }

    @Test
    void theSameOrderIdWithAnotherPayloadIsAConflictThatChangesNothing() {
        Api.Shop shop = api.newShop();
        long seller = shop.sharer("seller", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.order("o-1", "c", seller, PAID, line("l", "tea", 1, 10_000)).expect(201);

        JsonNode problem = shop.order("o-1", "c", seller, PAID, line("l", "tea", 1, 99_999)).expect(409).body();

        assertThat(problem.get("code").asString()).isEqualTo("idempotency_conflict");
        assertThat(problem.get("detail").asString()).contains("o-1");
        assertThat(shop.get("/api/v1/orders/o-1").expect(200).get("totalFen").asLong()).isEqualTo(10_000);
    }

    @Test
    void theSameRefundSentTwiceReversesOnce() {
        Api.Shop shop = api.newShop();
        long seller = shop.sharer("seller", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.order("o-1", "c", seller, PAID, line("l", "tea", 1, 10_000)).expect(201);

        shop.refund("o-1", "r-1", "l", 5_000).expect(201);
        Api.Response again = shop.refund("o-1", "r-1", "l", 5_000).expect(200);
        shop.refund("o-1", "r-1", "l", 4_000).expect(409);

        assertThat(again.get("reversals").get(0).get("amountFen").asLong()).isEqualTo(-300);
        assertThat(shop.wallet(seller).get("pendingFen").asLong()).isEqualTo(300);
        assertThat(shop.get("/api/v1/orders/o-1").expect(200).get("refundedFen").asLong()).isEqualTo(5_000);
        assertThat(shop.get("/api/v1/orders/o-1/refunds/r-1").expect(200).get("totalFen").asLong()).isEqualTo(5_000);
        shop.order("o-2", "c", seller, PAID, line("l", "tea", 1, 100)).expect(201);
        shop.get("/api/v1/orders/o-2/refunds/r-1").expect(404);
    }

    @Test
    void refusesARefundBeyondWhatIsLeftAndChangesNothing() {
        Api.Shop shop = api.newShop();
        long seller = shop.sharer("seller", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.order("o-1", "c", seller, PAID, line("a", "tea", 1, 10_000), line("b", "tea", 1, 2_000)).expect(201);
        shop.refund("o-1", "r-1", "a", 6_000).expect(201);

        JsonNode tooMuch = shop.post("/api/v1/orders/o-1/refunds", json("refundId", "r-2", "lines", List.of(
                json("lineId", "b", "amountFen", 1_000), json("lineId", "a", "amountFen", 4_001)))).expect(400).body();

        assertThat(tooMuch.get("errors").get(0).get("field").asString()).isEqualTo("lines[1].amountFen");
        assertThat(tooMuch.get("detail").asString()).contains("4000");
        JsonNode order = shop.get("/api/v1/orders/o-1").expect(200).body();
        assertThat(order.get("refundedFen").asLong()).as("line b was not refunded either").isEqualTo(6_000);
        assertThat(shop.wallet(seller).get("pendingFen").asLong()).isEqualTo(240 + 120);
        shop.get("/api/v1/orders/o-1/refunds/r-2").expect(404);
    }

    @Test
    void rejectsBadOrdersWithTheFieldToBlame() {
        Api.Shop shop = api.newShop();
        shop.product("tea", "LEVEL_RATE", null, null);

        assertThat(field(shop.order("o-1", "c", null, PAID, line("l", "tea", 0, 100)).expect(400).body()))
                .isEqualTo("lines[0].quantity");
        assertThat(field(shop.order("o-1", "c", null, PAID, line("l", "tea", 1, -1)).expect(400).body()))
                .isEqualTo("lines[0].amountFen");
        assertThat(field(shop.order("o-1", "c", null, PAID, line("l", "tea", 1, 1), line("l", "tea", 1, 1)).expect(400).body()))
                .isEqualTo("lines.lineId");
        assertThat(field(shop.order("o-1", "", null, PAID, line("l", "tea", 1, 1)).expect(400).body())).isEqualTo("customerId");
        assertThat(field(shop.order("o-1", "c", null, "yesterday", line("l", "tea", 1, 1)).expect(400).body())).isNull();
        shop.post("/api/v1/orders", "{\"orderId\": ").expect(400);
        shop.get("/api/v1/orders/o-1").expect(404);
        shop.refund("missing", "r-1", "l", 1).expect(404);
        shop.refund("o-1", "r-1", "l", 0).expect(400);
    }

    @Test
    void completionIsRecordedOnceAndAnUnknownOrderIsNotFound() {
        Api.Shop shop = api.newShop();
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.order("o-1", "c", null, PAID, line("l", "tea", 1, 100)).expect(201);

        shop.post("/api/v1/orders/o-1/completion", json("at", "2026-03-02T00:00:00Z")).expect(200);
        JsonNode again = shop.post("/api/v1/orders/o-1/completion", json("at", "2026-03-09T00:00:00Z")).expect(200).body();

        assertThat(again.get("completedAt").asString()).isEqualTo("2026-03-02T00:00:00Z");
        shop.post("/api/v1/orders/nope/completion", json("at", "2026-03-02T00:00:00Z")).expect(404);
    }

    @Test
    void refusesTimesInTheFutureOrBeforeThePayment() {
        Api.Shop shop = api.newShop();
        shop.product("tea", "LEVEL_RATE", null, null);
        String future = java.time.Instant.now().plus(java.time.Duration.ofDays(2)).toString();

        assertThat(field(shop.order("o-1", "c", null, future, line("l", "tea", 1, 100)).expect(400).body())).isEqualTo("paidAt");
        shop.order("o-1", "c", null, PAID, line("l", "tea", 1, 100)).expect(201);
        assertThat(field(shop.post("/api/v1/orders/o-1/completion", json("at", "2026-02-28T00:00:00Z")).expect(400).body()))
                .isEqualTo("at");
        assertThat(field(shop.post("/api/v1/orders/o-1/settle-event", json("at", future)).expect(400).body())).isEqualTo("at");
        assertThat(field(shop.post("/api/v1/orders/o-1/refunds", json("refundId", "r-1", "refundedAt", "2026-01-01T00:00:00Z",
                "lines", List.of(json("lineId", "l", "amountFen", 1)))).expect(400).body())).isEqualTo("refundedAt");
        assertThat(field(shop.post("/api/v1/settlement-runs", json("asOf", future)).expect(400).body())).isEqualTo("asOf");

        JsonNode order = shop.get("/api/v1/orders/o-1").expect(200).body();
        assertThat(order.get("completedAt").isNull()).isTrue();
        assertThat(order.get("refundedFen").asLong()).isZero();
    }

    @Test
    void refusesUnknownFieldsInsteadOfFallingBackToDefaults() {
        Api.Shop shop = api.newShop();
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.order("o-1", "c", null, PAID, line("l", "tea", 1, 100)).expect(201);

        JsonNode problem = shop.post("/api/v1/orders/o-1/completion", json("completedAt", "2026-03-02T00:00:00Z")).expect(400).body();

        assertThat(problem.get("detail").asString()).contains("completedAt");
        assertThat(shop.get("/api/v1/orders/o-1").expect(200).get("completedAt").isNull()).isTrue();
    }

    static String field(JsonNode problem) {
        JsonNode errors = problem.get("errors");
        return errors == null ? null : errors.get(0).get("field").asString();
    }
}
