package org.sharerengine.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

@ApiTest
class ShopIntegrationTests {

    @Autowired
    Api api;

    @Test
    void refusesOutOfRangeSettingsNamingTheSettingAndKeepsTheOldOnes() {
        Api.Shop shop = api.newShop();
        Map<String, Object> bad = Map.of("commissionDepth", 4, "level1RateBp", 10_001, "withdrawalFeeBp", -1,
                "bindingValidityDays", 0, "timeZone", "Mars/Olympus", "settlementDelayDays", 400, "withdrawalThresholdFen", 0);
        bad.forEach((setting, value) -> {
            JsonNode problem = shop.patch("/api/v1/shop/settings", Map.of(setting, value)).expect(400).body();
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(setting);
        });
        shop.patch("/api/v1/shop/settings", Map.of("bindingProtection", "SOMETIMES")).expect(400);

        JsonNode settings = shop.get("/api/v1/shop").expect(200).get("settings");
        assertThat(settings.get("commissionDepth").asInt()).isEqualTo(2);
        assertThat(settings.get("level1RateBp").asInt()).isEqualTo(600);
        assertThat(settings.get("timeZone").asString()).isEqualTo("Asia/Shanghai");
    }

    @Test
    void changesOnlyTheSettingsGiven() {
        Api.Shop shop = api.newShop();
        JsonNode changed = shop.patch("/api/v1/shop/settings", json("commissionDepth", 3, "bindingPermanent", true,
                "bindingProtection", "FIRST_TOUCH")).expect(200).get("settings");

        assertThat(changed.get("commissionDepth").asInt()).isEqualTo(3);
        assertThat(changed.get("bindingValidityDays").isNull()).isTrue();
        assertThat(changed.get("bindingProtection").asString()).isEqualTo("FIRST_TOUCH");
        assertThat(changed.get("level1RateBp").asInt()).isEqualTo(600);
    }

    @Test
    void aRevokedKeyNoLongerOpensTheShop() {
        Api.Shop shop = api.newShop();
        JsonNode second = shop.post("/api/v1/api-keys", json("name", "warehouse")).expect(201).body();
        String key = second.get("key").asString();
        assertThat(shop.get("/api/v1/api-keys").expect(200).body().toString()).doesNotContain(key);
        assertThat(api.call(HttpMethod.GET, "/api/v1/shop", null, Map.of("X-Api-Key", key)).status()).isEqualTo(200);

        shop.delete("/api/v1/api-keys/" + second.get("id").asLong()).expect(204);

        assertThat(api.call(HttpMethod.GET, "/api/v1/shop", null, Map.of("X-Api-Key", key)).status()).isEqualTo(401);
        assertThat(api.call(HttpMethod.GET, "/api/v1/shop", null, Map.of("Authorization", "Bearer " + shop.apiKey)).status())
                .isEqualTo(200);
    }

    @Test
    void refusesCallersWithoutValidCredentials() {
        Api.Response anonymous = api.call(HttpMethod.GET, "/api/v1/sharers", null, Map.of());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.get("code").asString()).isEqualTo("unauthenticated");
        assertThat(api.call(HttpMethod.GET, "/api/v1/sharers", null, Map.of("X-Api-Key", "sk_1_guess")).status()).isEqualTo(401);
        assertThat(api.call(HttpMethod.GET, "/api/v1/sharers", null, Map.of("X-Api-Key", "sk_x_y")).status()).isEqualTo(401);
        assertThat(api.call(HttpMethod.POST, "/api/v1/platform/shops", json("name", "x"), Map.of()).status()).isEqualTo(401);
        assertThat(api.call(HttpMethod.POST, "/api/v1/platform/shops", json("name", "x"),
                Map.of("Authorization", "Basic YWRtaW46d3Jvbmc=")).status()).isEqualTo(401);
        Api.Shop shop = api.newShop();
        assertThat(api.call(HttpMethod.GET, "/api/v1/platform/shops", null, Map.of("X-Api-Key", shop.apiKey)).status())
                .isEqualTo(401);
    }

    @Test
    void refusesAShopWithoutAName() {
        assertThat(api.call(HttpMethod.POST, "/api/v1/platform/shops", json("name", " "),
                Map.of("Authorization", "Basic YWRtaW46YWRtaW4=")).expect(400).get("errors").get(0).get("field").asString())
                .isEqualTo("name");
    }
}
