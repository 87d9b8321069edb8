package org.sharerengine.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sharerengine.shared.ShopId;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.RoundTrips;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A valid API key is remembered for a few seconds: every API call authenticates, and most with the same key. */
@ApiTest
@Import(RoundTrips.Counting.class)
class ApiKeyCacheIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Test
    void aRememberedKeyCostsNoStatement() {
        Api.Shop shop = api.newShop();
        assertThat(apiKeys.authenticate(shop.apiKey)).contains(new ShopId(shop.id));
        assertThat(RoundTrips.of(() -> assertThat(apiKeys.authenticate(shop.apiKey)).contains(new ShopId(shop.id)))).isZero();
        // An unknown key is never remembered: it is read every time, so a key issued a moment later works at once.
        String unknown = "sk_" + shop.id + "_not-a-key";
        assertThat(RoundTrips.of(() -> assertThat(apiKeys.authenticate(unknown)).isEmpty())).isEqualTo(1);
        assertThat(RoundTrips.of(() -> assertThat(apiKeys.authenticate(unknown)).isEmpty())).isEqualTo(1);
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceOnThisInstance() {
        Api.Shop shop = api.newShop();
        String second = shop.post("/api/v1/api-keys", Api.json("name", "second")).expect(201).get("key").asString();
        long firstId = shop.get("/api/v1/api-keys").expect(200).body().get(0).get("id").asLong();
        shop.get("/api/v1/api-keys").expect(200);

        shop.delete("/api/v1/api-keys/" + firstId).expect(204);

        shop.get("/api/v1/api-keys").expect(401);
        assertThat(api.call(org.springframework.http.HttpMethod.GET, "/api/v1/api-keys", null,
                java.util.Map.of("X-Api-Key", second)).status()).isEqualTo(200);
    }

    @Test
    void anotherInstanceRefusesARevokedKeyOnceItsMemoryOfTheKeyExpires() throws Exception {
        Api.Shop shop = api.newShop();
        long keyId = shop.get("/api/v1/api-keys").expect(200).body().get(0).get("id").asLong();
        ApiKeys other = new ApiKeys(jdbc, clock, Duration.ofMillis(300));
        assertThat(other.authenticate(shop.apiKey)).isPresent();

        apiKeys.revoke(new ShopId(shop.id), keyId);

        assertThat(apiKeys.authenticate(shop.apiKey)).isEmpty();
        Thread.sleep(400);
        assertThat(other.authenticate(shop.apiKey)).isEmpty();
    }

    @Test
    void aZeroLifetimeRemembersNothing() {
        Api.Shop shop = api.newShop();
        ApiKeys uncached = new ApiKeys(jdbc, clock, Duration.ZERO);
        assertThat(uncached.authenticate(shop.apiKey)).isPresent();
        assertThat(RoundTrips.of(() -> assertThat(uncached.authenticate(shop.apiKey)).isPresent())).isEqualTo(1);
    }
}
