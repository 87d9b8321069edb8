package org.sharerengine.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

@ApiTest
class OpenApiIntegrationTests {

    @Autowired
    Api api;

    @Test
    void documentsEveryAreaOfTheApiWithoutAKey() {
        JsonNode document = api.call(HttpMethod.GET, "/v3/api-docs", null, Map.of()).expect(200).body();

        assertThat(document.get("paths").propertyNames()).contains("/api/v1/orders", "/api/v1/orders/{orderId}/refunds",
                "/api/v1/sharers", "/api/v1/withdrawals", "/api/v1/settlement-runs", "/api/v1/commission-lines/{id}",
                "/api/v1/platform/shops", "/api/v1/visits", "/api/v1/products/{productId}", "/api/v1/ledger/audit");
        assertThat(document.get("components").get("securitySchemes").get("apiKey").get("name").asString()).isEqualTo("X-Api-Key");
        assertThat(document.get("paths").propertyNames()).contains("/api/v1/sessions", "/api/v1/managers",
                "/api/v1/managers/summary", "/api/v1/managers/{id}/templates", "/api/v1/console-users");
        assertThat(document.get("components").get("securitySchemes").get("consoleSession").get("scheme").asString()).isEqualTo("bearer");
    }
}
