package org.sharerengine.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.sharerengine.leveling.MutableClock;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.LockWaits;
import org.sharerengine.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** What the pool asks of PostgreSQL, and nothing of it of H2 (see {@link PostgresPool}). */
@ApiTest
@Import(MutableClock.Config.class)
@TestPropertySource(properties = "engine.database.idle-in-transaction-timeout=PT2S")
class PostgresPoolIntegrationTests {

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Api api;

    @Autowired
    MutableClock clock;

    @Test
    void batchedInsertsAreRewrittenOnPostgresOnly() throws Exception {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        Object rewrite = pool.getDataSourceProperties().get("reWriteBatchedInserts");
        if (TestDatabase.postgres()) {
            assertThat(rewrite).isEqualTo("true");
        } else {
            assertThat(rewrite).isNull();
        }
    }

    @Test
    void sessionsEndTransactionsLeftIdleOnPostgresOnly() throws Exception {
        if (TestDatabase.postgres()) {
            assertThat(jdbc.sql("show idle_in_transaction_session_timeout").query(String.class).single()).isEqualTo("2s");
        } else {
            assertThat(dataSource.unwrap(HikariDataSource.class).getConnectionInitSql()).isNull();
        }
    }

    /**
     * An instance that locked a seller's level row and stopped before it committed (paused, cut off)
     * holds up that seller's orders on every other instance only until PostgreSQL ends its session;
     * without the timeout, the order below waits for as long as TCP takes to notice, hours.
     */
    @Test
    void anOrderWaitingBehindATransactionLeftOpenIsStoredOnceItsSessionIsEnded() throws Exception {
        assumeThat(TestDatabase.postgres()).as("PostgreSQL's idle-in-transaction timeout").isTrue();
        Api.Shop shop = shopSellingTea();
        long seller = shop.sharer("seller", null);

        try (ExecutorService caller = Executors.newSingleThreadExecutor(); Connection stopped = dataSource.getConnection()) {
            stopped.setAutoCommit(false);
            LockWaits.holdLevelRow(stopped, shop.id, seller);
            // The instance that holds the row stops here, its transaction open.
            clock.set("2025-03-01T01:00:00Z");
            CompletableFuture<JsonNode> ordering = CompletableFuture.supplyAsync(() -> shop.order("o-1", "c-1", seller,
                    "2025-03-01T01:00:00Z", line("l-1", "tea", 1, 6_000)).expect(201).body(), caller);
            LockWaits.await(jdbc, 1, "%");

            assertThat(ordering.get(30, TimeUnit.SECONDS).get("orderId").asString()).isEqualTo("o-1");
            assertThatThrownBy(() -> LockWaits.execute(stopped, "select 1")).as("the stopped transaction's session was ended")
                    .isInstanceOf(SQLException.class);
        }
        assertThat(shop.get("/api/v1/sharers/" + seller + "/level").expect(200).body().get("figures").get("points").asLong())
                .as("the order's points, counted once").isEqualTo(60);
        shop.assertBooksBalance();
    }

    /**
     * PostgreSQL ends the session of a request in flight (a restart, an operator): the caller is told to
     * send the request again, and nothing of it was stored, so the resend stores it, once.
     */
    @Test
    void aRequestWhoseSessionIsEndedIsAnswered503AndItsResendIsStoredOnce() throws Exception {
        assumeThat(TestDatabase.postgres()).as("ends a PostgreSQL session").isTrue();
        Api.Shop shop = shopSellingTea();
        long seller = shop.sharer("seller", null);
        clock.set("2025-03-01T01:00:00Z");

        Api.Response ended;
        try (ExecutorService caller = Executors.newSingleThreadExecutor(); Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            LockWaits.holdLevelRow(holder, shop.id, seller);
            CompletableFuture<Api.Response> ordering = CompletableFuture.supplyAsync(() -> shop.order("o-1", "c-1", seller,
                    "2025-03-01T01:00:00Z", line("l-1", "tea", 1, 6_000)), caller);
            LockWaits.await(jdbc, 1, "%");
            jdbc.sql("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")
                    .query(Boolean.class).list();
            ended = ordering.get(30, TimeUnit.SECONDS);
            holder.rollback();
        }

        assertThat(ended.status()).isEqualTo(503);
        assertThat(ended.body().get("code").asString()).isEqualTo("database_connection_lost");
        assertThat(ended.header("Retry-After")).isEqualTo("1");
        shop.order("o-1", "c-1", seller, "2025-03-01T01:00:00Z", line("l-1", "tea", 1, 6_000)).expect(201);
        assertThat(shop.get("/api/v1/sharers/" + seller + "/level").expect(200).body().get("figures").get("points").asLong())
                .as("the order's points, counted once").isEqualTo(60);
        shop.assertBooksBalance();
    }

    /** A shop with a one-rank level programme (enough for every sharer to have a level row that intake locks) and tea. */
    private Api.Shop shopSellingTea() {
        clock.set("2025-03-01T00:00:00Z");
        Api.Shop shop = api.newShop();
        shop.put("/api/v1/level-programme", json("pointsPerYuan", 1, "levels", List.of(json("rank", 1, "name", "普通")))).expect(200);
        shop.product("tea", "LEVEL_RATE", null, null);
        return shop;
    }
}
