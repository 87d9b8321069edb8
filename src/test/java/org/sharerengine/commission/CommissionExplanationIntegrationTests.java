package org.sharerengine.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.commission.CommissionTemplateIntegrationTests.TEMPLATES;
import static org.sharerengine.commission.LevelRateIntegrationTests.assign;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Every line explains itself: template, level at the time, tier step, boost, rate and result (SPEC §4). */
@ApiTest
class CommissionExplanationIntegrationTests {

    @Autowired
    Api api;


    @Test
    void explainsTemplateLevelTierStepBoostAndFinalRate() {
        Api.Shop shop = api.newShop(json("commissionDepth", 2, "level2RateBp", 100));
        long inviter = shop.sharer("inviter", null);
        long seller = shop.sharer("seller", inviter);
        long gold = shop.post(TEMPLATES, json("name", "Gold",
                "rates", List.of(json("levelRank", 1, "depth1RateBp", 500, "depth2RateBp", 100),
                        json("levelRank", 2, "depth1RateBp", 800, "depth2RateBp", 150)),
                "tiers", List.of(json("metric", "ORDERS", "threshold", 1, "rateBp", 1200)))).expect(201).id();
        assign(shop, seller, gold);
        shop.level(seller, 2);
        shop.product("tea", "LEVEL_RATE", null, null);
        long boost = shop.post("/api/v1/boosts", json("productId", "tea", "extraRateBp", 300,
                "startsAt", "2026-03-01T00:00:00Z", "endsAt", "2026-04-01T00:00:00Z")).expect(201).id();
        shop.order("o-1", "c-1", seller, "2026-03-02T00:00:00Z", line("l-1", "tea", 1, 10_000)).expect(201);
        JsonNode order = shop.order("o-2", "c-2", seller, "2026-03-03T00:00:00Z", line("l-1", "tea", 1, 10_000)).expect(201).body();

        // The template is renamed afterwards: the line still tells the name it was paid under.
        shop.put(TEMPLATES + "/" + gold, json("name", "Platinum", "rates", List.of(json("levelRank", 1, "depth1RateBp", 900))))
                .expect(200);
        JsonNode explained = shop.get("/api/v1/commission-lines/" + order.get("commission").get(0).get("id").asLong())
                .expect(200).body();

        JsonNode line = explained.get("line");
        assertThat(line.get("template").get("id").asLong()).isEqualTo(gold);
        assertThat(line.get("template").get("name").asString()).isEqualTo("Gold");
        assertThat(line.get("levelRank").asInt()).isEqualTo(2);
        assertThat(line.get("baseRateBp").asInt()).isEqualTo(800);
        assertThat(line.get("tierStep").get("metric").asString()).isEqualTo("ORDERS");
        assertThat(line.get("tierStep").get("threshold").asLong()).isEqualTo(1);
        assertThat(line.get("tierStep").get("figure").asLong()).isEqualTo(1);
        assertThat(line.get("tierStep").get("rateBp").asInt()).isEqualTo(1200);
        assertThat(line.get("boost").get("id").asLong()).isEqualTo(boost);
        assertThat(line.get("boost").get("extraRateBp").asInt()).isEqualTo(300);
        assertThat(line.get("rateBp").asInt()).isEqualTo(1500);
        assertThat(line.get("amountFen").asLong()).isEqualTo(1500);
        assertThat(explained.get("formula").asString()).isEqualTo("floor(10000 × 1500 / 10000) = 1500");
        assertThat(explained.get("text").asString()).isEqualTo("Order o-2 line l-1 (product tea, 10000 fen, attributed by "
                + "ORDER_SHARER) pays the attributed sharer (sharer " + seller + ", level rank 2 at the time) template 'Gold' ("
                + gold + ") at level rank 2: 800 bp for depth 1; tier step ORDERS from 1 (1 order(s) earlier this month) pays "
                + "1200 bp, raising the rate to 1200 bp; boost " + boost + " adds 300 bp; final rate 1500 bp: originally 1500 fen; "
                + "on the 10000 fen kept after refunds floor(10000 × 1500 / 10000) = 1500 fen; status PENDING.");
        JsonNode inviterLine = shop.get("/api/v1/commission-lines/" + order.get("commission").get(1).get("id").asLong())
                .expect(200).body();
        assertThat(inviterLine.get("text").asString()).contains("pays inviter at depth 2 of sharer " + seller + " (sharer "
                + inviter + ", level rank 1 at the time) the shop's default rate 100 bp for depth 2 (no commission template): "
                + "originally 100 fen");
    }
}
