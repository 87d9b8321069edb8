package org.sharerengine.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.Console;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * When no database connection can be had in time (every one busy under load, or the database down),
 * the caller is told to send the same request again, with nothing changed; it is not an error of ours
 * to report as a 500. Here the pool holds two connections (the fewest Flyway starts with), and the test takes both.
 */
@ApiTest
@TestPropertySource(properties = {"spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.connection-timeout=250"})
class DatabaseUnavailableIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    DataSource dataSource;

    @Test
    void anOrderThatFindsNoConnectionIsToBeSentAgainAndChangesNothing() throws Exception {
        Api.Shop shop = api.newShop();
        shop.product("tea", "FIXED_RATE", 1_000L, null);
        long seller = shop.sharer("seller", null);

        Api.Response busy;
        try (Connection taken = dataSource.getConnection(); Connection alsoTaken = dataSource.getConnection()) {
            busy = shop.order("o-1", "c-1", seller, "2025-03-01T01:00:00Z", line("l-1", "tea", 1, 6_000));
        }
        assertRetryLater(busy);

        // 201, not a replay's 200: the first try stored nothing.
        shop.order("o-1", "c-1", seller, "2025-03-01T01:00:00Z", line("l-1", "tea", 1, 6_000)).expect(201);
    }

    @Test
    void aConsoleSessionThatCannotBeCheckedIsToBeSentAgain() throws Exception {
        Api.Shop shop = api.newShop();
        shop.post("/api/v1/console-users", json("username", "boss", "password", "correct horse")).expect(201);
        Console.Session session = new Console(api).session(shop, "boss", "correct horse");

        Api.Response busy;
        try (Connection taken = dataSource.getConnection(); Connection alsoTaken = dataSource.getConnection()) {
            busy = session.get("/api/v1/products");
        }
        assertRetryLater(busy);
        session.get("/api/v1/products").expect(200);
    }

    private static void assertRetryLater(Api.Response busy) {
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.header("Retry-After")).isEqualTo("1");
        assertThat(busy.get("code").asString()).isEqualTo("database_unavailable");
    }
}
