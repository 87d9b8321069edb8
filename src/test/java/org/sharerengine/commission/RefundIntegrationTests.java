package org.sharerengine.commission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@ApiTest
class RefundIntegrationTests {

    @Autowired
    Api api;

    /**
     * SPEC §4: "¥100.00 line at 6 % → 600 fen; refund ¥33.33 → kept 6667 fen → 400 fen, so 200
     * are reversed; refund the rest → the other 400 are reversed."
     */
    @Test
    void reversesExactlyTheDifferenceOnTheKeptAmountAsInTheSpecExample() {
        Api.Shop shop = api.newShop(Map.of("level1RateBp", 600));
        long sharer = shop.sharer("alice", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        JsonNode order = shop.post("/api/v1/orders", Map.of("orderId", "o-1", "customerId", "c-1", "sharerId", sharer,
                "lines", List.of(Map.of("lineId", "l-1", "productId", "tea", "quantity", 1, "amountFen", 10000)))).expect(201).body();
        long line = order.get("commission").get(0).get("id").asLong();
        assertThat(order.get("commission").get(0).get("amountFen").asLong()).isEqualTo(600);

        JsonNode first = shop.post("/api/v1/orders/o-1/refunds", Map.of("refundId", "r-1",
                "lines", List.of(Map.of("lineId", "l-1", "amountFen", 3333)))).expect(201).body();
        assertThat(first.get("reversals").get(0).get("amountFen").asLong()).isEqualTo(-200);
        JsonNode explained = shop.get("/api/v1/commission-lines/" + line).expect(200).body();
        assertThat(explained.get("line").get("amountFen").asLong()).isEqualTo(400);
        assertThat(explained.get("line").get("keptAmountFen").asLong()).isEqualTo(6667);
        assertThat(explained.get("formula").asString()).isEqualTo("floor(6667 × 600 / 10000) = 400");
        assertThat(shop.wallet(sharer).get("pendingFen").asLong()).isEqualTo(400);

        JsonNode rest = shop.post("/api/v1/orders/o-1/refunds", Map.of("refundId", "r-2",
                "lines", List.of(Map.of("lineId", "l-1", "amountFen", 6667)))).expect(201).body();
        assertThat(rest.get("reversals").get(0).get("amountFen").asLong()).isEqualTo(-400);
        JsonNode reversed = shop.get("/api/v1/commission-lines/" + line).expect(200).body().get("line");
        assertThat(reversed.get("amountFen").asLong()).isZero();
        assertThat(reversed.get("status").asString()).isEqualTo("REVERSED");
        assertThat(shop.wallet(sharer).get("pendingFen").asLong()).isZero();
        shop.assertBooksBalance();
    }
}
