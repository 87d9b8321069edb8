package org.sharerengine.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharerengine.shared.Fingerprint;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.Console;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** SPEC §13 / DESIGN "Console users have sessions": login, logout, expiry, refused credentials. */
@ApiTest
class ConsoleSessionIntegrationTests {

    @Autowired
    Api api;
    @Autowired
    JdbcClient jdbc;

    @Test
    void anOwnerConsoleUserLogsInActsAsTheOwnerAndLogsOut() {
        Api.Shop shop = api.newShop();
        JsonNode user = shop.post("/api/v1/console-users", json("username", " Boss ", "password", "correct horse")).expect(201).body();
        assertThat(user.get("username").asString()).isEqualTo("boss");
        assertThat(user.get("role").asString()).isEqualTo("OWNER");

        Instant before = Instant.now();
        JsonNode login = new Console(api).login(shop.id, "BOSS", "correct horse").expect(201).body();
        Instant after = Instant.now();
        String token = login.get("token").asString();
        assertThat(token).startsWith("cs_" + shop.id + "_");
        assertThat(login.get("role").asString()).isEqualTo("OWNER");
        assertThat(Instant.parse(login.get("expiresAt").asString()))
                .as("a session lasts 12 hours").isBetween(before.plus(Duration.ofHours(12)), after.plus(Duration.ofHours(12)));

        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        assertThat(api.call(HttpMethod.GET, "/api/v1/shop", null, bearer).expect(200).get("id").asLong()).isEqualTo(shop.id);
        api.call(HttpMethod.PATCH, "/api/v1/shop/settings", json("maxManagers", 3), bearer).expect(200);
        assertThat(shop.get("/api/v1/shop").expect(200).get("settings").get("maxManagers").asInt()).isEqualTo(3);

        api.call(HttpMethod.DELETE, "/api/v1/sessions/current", null, bearer).expect(204);
        JsonNode refused = api.call(HttpMethod.GET, "/api/v1/shop", null, bearer).expect(401).body();
        assertThat(refused.get("detail").asString()).contains("log in again");
    }

    @Test
    void aWrongPasswordAnUnknownUserAndAnUnknownShopGetTheSameAnswer() {
        Api.Shop shop = api.newShop();
        shop.post("/api/v1/console-users", json("username", "boss", "password", "correct horse")).expect(201);
        Console console = new Console(api);

        JsonNode wrongPassword = console.login(shop.id, "boss", "wrong horse").expect(401).body();
        JsonNode unknownUser = console.login(shop.id, "nobody", "correct horse").expect(401).body();
        JsonNode unknownShop = console.login(Long.MAX_VALUE, "boss", "correct horse").expect(401).body();

        assertThat(wrongPassword.get("code").asString()).isEqualTo("invalid_credentials");
        assertThat(wrongPassword.get("detail").asString()).isEqualTo("Unknown username or wrong password.");
        assertThat(unknownUser).as("no user enumeration").isEqualTo(wrongPassword);
        assertThat(unknownShop).isEqualTo(wrongPassword);
        assertThat(console.login(shop.id, "boss", null).status()).isEqualTo(401);
        assertThat(api.call(HttpMethod.POST, "/api/v1/sessions", json("username", "boss", "password", "correct horse"), Map.of())
                .expect(400).get("code").asString()).isEqualTo("invalid_shop_id");
    }

    @Test
    void anExpiredSessionIsRefusedAndATokenOnlyWorksInItsOwnShop() {
        Api.Shop shop = api.newShop();
        Api.Shop other = api.newShop();
        shop.post("/api/v1/console-users", json("username", "boss", "password", "correct horse")).expect(201);
        Console.Session session = new Console(api).session(shop, "boss", "correct horse");
        session.get("/api/v1/shop").expect(200);

        String forged = session.token.replaceFirst("^cs_" + shop.id + "_", "cs_" + other.id + "_");
        assertThat(api.call(HttpMethod.GET, "/api/v1/shop", null, Map.of("Authorization", "Bearer " + forged)).status())
                .isEqualTo(401);

        int aged = jdbc.sql("update console_session set expires_at = :past where shop_id = :shop and token_hash = :hash")
                .param("past", OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1)).param("shop", shop.id)
                .param("hash", Fingerprint.sha256(session.token)).update();
        assertThat(aged).isEqualTo(1);
        assertThat(session.get("/api/v1/shop").expect(401).get("code").asString()).isEqualTo("unauthenticated");
    }

    @Test
    void usernamesAreUniquePerShopAndPasswordsAreLongEnough() {
        Api.Shop shop = api.newShop();
        shop.post("/api/v1/console-users", json("username", "boss", "password", "correct horse")).expect(201);

        assertThat(shop.post("/api/v1/console-users", json("username", "BOSS", "password", "another one")).expect(409)
                .get("code").asString()).isEqualTo("username_taken");
        assertThat(shop.post("/api/v1/console-users", json("username", "clerk", "password", "short")).expect(400)
                .get("code").asString()).isEqualTo("invalid_password");
        assertThat(shop.post("/api/v1/console-users", json("username", "a b", "password", "long enough")).expect(400)
                .get("code").asString()).isEqualTo("invalid_username");
        api.newShop().post("/api/v1/console-users", json("username", "boss", "password", "correct horse")).expect(201);

        JsonNode users = shop.get("/api/v1/console-users").expect(200).body();
        assertThat(users).hasSize(1);
        assertThat(users.get(0).has("passwordHash")).as("hashes never leave the server").isFalse();
    }
}
