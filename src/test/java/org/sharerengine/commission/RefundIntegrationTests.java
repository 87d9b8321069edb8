package org.sharerengine.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

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
        Api.Shop shop = api.newShop(json("level1RateBp", 600));
        long sharer = shop.sharer("alice", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        JsonNode order = shop.order("o-1", "c-1", sharer, null, line("l-1", "tea", 1, 10_000)).expect(201).body();
        long line = order.get("commission").get(0).get("id").asLong();
        assertThat(order.get("commission").get(0).get("amountFen").asLong()).isEqualTo(600);

        JsonNode first = shop.refund("o-1", "r-1", "l-1", 3_333).expect(201).body();
        assertThat(first.get("reversals").get(0).get("amountFen").asLong()).isEqualTo(-200);
        JsonNode explained = shop.get("/api/v1/commission-lines/" + line).expect(200).body();
        assertThat(explained.get("line").get("amountFen").asLong()).isEqualTo(400);
        assertThat(explained.get("line").get("keptAmountFen").asLong()).isEqualTo(6667);
        assertThat(explained.get("formula").asString()).isEqualTo("floor(6667 × 600 / 10000) = 400");
        assertThat(shop.wallet(sharer).get("pendingFen").asLong()).isEqualTo(400);

        JsonNode rest = shop.refund("o-1", "r-2", "l-1", 6_667).expect(201).body();
        assertThat(rest.get("reversals").get(0).get("amountFen").asLong()).isEqualTo(-400);
        JsonNode reversed = shop.get("/api/v1/commission-lines/" + line).expect(200).body().get("line");
        assertThat(reversed.get("amountFen").asLong()).isZero();
        assertThat(reversed.get("status").asString()).isEqualTo("REVERSED");
        assertThat(shop.wallet(sharer).get("pendingFen").asLong()).isZero();
        shop.assertBooksBalance();
    }
}
