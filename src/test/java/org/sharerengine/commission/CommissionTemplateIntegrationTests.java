package org.sharerengine.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@ApiTest
class CommissionTemplateIntegrationTests {

    static final String TEMPLATES = "/api/v1/commission-templates";

    @Autowired
    Api api;

    /** SPEC §4's example ladder: L1 5 %/1 %, L2 8 %/1.5 %, L3 10 %/2 %, with a tier step on orders. */
    static Map<String, Object> specLadder(String name) {
        return json("name", name,
                "rates", List.of(rung(3, 1000, 200), rung(1, 500, 100), rung(2, 800, 150)),
                "tiers", List.of(json("metric", "SALES", "threshold", 100_000, "rateBp", 700),
                        json("metric", "ORDERS", "threshold", 20, "rateBp", 1000)));
    }

    static Map<String, Object> rung(int rank, int depth1, int depth2) {
        return json("levelRank", rank, "depth1RateBp", depth1, "depth2RateBp", depth2);
    }

    @Test
    void createsATemplateWithItsLadderSortedByRankAndItsTierSteps() {
        Api.Shop shop = api.newShop();

        JsonNode created = shop.post(TEMPLATES, specLadder("Standard")).expect(201).body();

        assertThat(created.get("name").asString()).isEqualTo("Standard");
        assertThat(created.get("rates").findValues("levelRank").stream().map(JsonNode::asInt)).containsExactly(1, 2, 3);
        assertThat(created.get("rates").get(1).get("depth1RateBp").asInt()).isEqualTo(800);
        assertThat(created.get("rates").get(1).get("depth2RateBp").asInt()).isEqualTo(150);
        // Left out, depth 3 pays nothing.
        assertThat(created.get("rates").get(1).get("depth3RateBp").asInt()).isZero();
        assertThat(created.get("tiers").findValues("metric").stream().map(JsonNode::asString)).containsExactly("ORDERS", "SALES");
        assertThat(created.get("tiers").get(0).get("threshold").asLong()).isEqualTo(20);
        assertThat(created.get("tiers").get(0).get("rateBp").asInt()).isEqualTo(1000);
        assertThat(shop.get(TEMPLATES + "/" + created.get("id").asLong()).expect(200).body()).isEqualTo(created);
        assertThat(shop.get(TEMPLATES).expect(200).body().findValues("name").stream().map(JsonNode::asString))
                .containsExactly("Standard");
    }

    @Test
    void sendingTheSameTemplateAgainReturnsItAndTheSameNameWithOtherRatesIsAConflict() {
        Api.Shop shop = api.newShop();
        long id = shop.post(TEMPLATES, specLadder("Standard")).expect(201).id();

        assertThat(shop.post(TEMPLATES, specLadder("Standard")).expect(200).id()).isEqualTo(id);
        JsonNode conflict = shop.post(TEMPLATES, json("name", "Standard", "rates", List.of(rung(1, 600, 100))))
                .expect(409).body();

        assertThat(conflict.get("code").asString()).isEqualTo("template_name_taken");
        assertThat(shop.get(TEMPLATES + "/" + id).expect(200).body().get("rates").size()).isEqualTo(3);
        assertThat(shop.get(TEMPLATES).expect(200).body().size()).isEqualTo(1);
    }

    @Test
    void replacesNameRatesAndTiersOnEdit() {
        Api.Shop shop = api.newShop();
        long id = shop.post(TEMPLATES, specLadder("Standard")).expect(201).id();

        JsonNode edited = shop.put(TEMPLATES + "/" + id, json("name", "Gold", "rates", List.of(rung(1, 600, 120)))).expect(200).body();

        assertThat(edited.get("id").asLong()).isEqualTo(id);
        assertThat(edited.get("name").asString()).isEqualTo("Gold");
        assertThat(edited.get("rates").size()).isEqualTo(1);
        assertThat(edited.get("rates").get(0).get("depth1RateBp").asInt()).isEqualTo(600);
        assertThat(edited.get("tiers").isEmpty()).isTrue();
        assertThat(shop.get(TEMPLATES + "/" + id).expect(200).body()).isEqualTo(edited);
    }

    @Test
    void refusesToRenameATemplateToAnotherTemplatesName() {
        Api.Shop shop = api.newShop();
        shop.post(TEMPLATES, specLadder("Standard")).expect(201);
        long gold = shop.post(TEMPLATES, specLadder("Gold")).expect(201).id();

        assertThat(shop.put(TEMPLATES + "/" + gold, specLadder("Standard")).expect(409).get("code").asString())
                .isEqualTo("template_name_taken");
        assertThat(shop.get(TEMPLATES + "/" + gold).expect(200).get("name").asString()).isEqualTo("Gold");
    }

    @Test
    void anotherShopsTemplateIsNotFound() {
        Api.Shop shop = api.newShop();
        Api.Shop other = api.newShop();
        long theirs = other.post(TEMPLATES, specLadder("Theirs")).expect(201).id();

        assertThat(shop.get(TEMPLATES + "/" + theirs).expect(404).get("code").asString()).isEqualTo("commission_template_not_found");
        shop.put(TEMPLATES + "/" + theirs, specLadder("Mine")).expect(404);
        assertThat(shop.get(TEMPLATES).expect(200).body().isEmpty()).isTrue();
        assertThat(other.get(TEMPLATES + "/" + theirs).expect(200).get("name").asString()).isEqualTo("Theirs");
    }

    @Test
    void refusesInvalidTemplatesAndWritesNothing() {
        Api.Shop shop = api.newShop();

        assertThat(code(shop.post(TEMPLATES, json("name", " ", "rates", List.of(rung(1, 500, 100)))))).isEqualTo("invalid_name");
        assertThat(code(shop.post(TEMPLATES, json("name", "No rates", "rates", List.of())))).isEqualTo("invalid_rates");
        assertThat(code(shop.post(TEMPLATES, json("name", "No rank 1", "rates", List.of(rung(2, 500, 100))))))
                .isEqualTo("invalid_rates");
        assertThat(code(shop.post(TEMPLATES, json("name", "Rank 0", "rates", List.of(rung(0, 500, 100))))))
                .isEqualTo("invalid_rates_level_rank");
        assertThat(code(shop.post(TEMPLATES, json("name", "Twice", "rates", List.of(rung(1, 500, 100), rung(1, 600, 100))))))
                .isEqualTo("invalid_rates_level_rank");
        assertThat(code(shop.post(TEMPLATES, json("name", "Over 100 %", "rates", List.of(rung(1, 10_001, 100))))))
                .isEqualTo("invalid_rates_depth1_rate_bp");
        assertThat(code(shop.post(TEMPLATES, json("name", "Negative", "rates", List.of(rung(1, 500, -1))))))
                .isEqualTo("invalid_rates_depth2_rate_bp");
        assertThat(code(shop.post(TEMPLATES, json("name", "No depth 1", "rates", List.of(json("levelRank", 1, "depth2RateBp", 100))))))
                .isEqualTo("invalid_rates_depth1_rate_bp");
        assertThat(code(shop.post(TEMPLATES, json("name", "Zero step", "rates", List.of(rung(1, 500, 100)),
                "tiers", List.of(json("metric", "ORDERS", "threshold", 0, "rateBp", 1000)))))).isEqualTo("invalid_tiers_threshold");
        assertThat(code(shop.post(TEMPLATES, json("name", "No metric", "rates", List.of(rung(1, 500, 100)),
                "tiers", List.of(json("threshold", 20, "rateBp", 1000)))))).isEqualTo("invalid_tiers_metric");
        assertThat(code(shop.post(TEMPLATES, json("name", "Same step", "rates", List.of(rung(1, 500, 100)),
                "tiers", List.of(json("metric", "ORDERS", "threshold", 20, "rateBp", 1000),
                        json("metric", "ORDERS", "threshold", 20, "rateBp", 1200)))))).isEqualTo("invalid_tiers_threshold");
        shop.post(TEMPLATES, json("name", "Unknown field", "rates", List.of(rung(1, 500, 100)), "bonus", 1)).expect(400);
        shop.post(TEMPLATES, json("name", "Bad metric", "rates", List.of(rung(1, 500, 100)),
                "tiers", List.of(json("metric", "VISITS", "threshold", 20, "rateBp", 1000)))).expect(400);

        assertThat(shop.get(TEMPLATES).expect(200).body().isEmpty()).isTrue();
    }

    @Test
    void anInvalidEditLeavesTheTemplateAsItWas() {
        Api.Shop shop = api.newShop();
        JsonNode created = shop.post(TEMPLATES, specLadder("Standard")).expect(201).body();

        shop.put(TEMPLATES + "/" + created.get("id").asLong(), json("name", "Standard", "rates", List.of(rung(2, 500, 100))))
                .expect(400);

        assertThat(shop.get(TEMPLATES + "/" + created.get("id").asLong()).expect(200).body()).isEqualTo(created);
    }

    private static String code(Api.Response response) {
        return response.expect(400).get("code").asString();
    }
}
