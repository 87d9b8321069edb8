package org.sharerengine.leveling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.sharerengine.leveling.LevelScenario.*;
import static org.sharerengine.support.Api.json;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The shop-wide level run on PostgreSQL reads activity only from the earliest start of the
 * periods due when it began. A period that becomes due while it runs (here: the owner unlocks
 * a sharer whose ended period started earlier) must not be judged on that cut-short activity.
 */
@ApiTest
@Import(MutableClock.Config.class)
class LevelRunConcurrencyIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void aPeriodThatBecomesDueDuringTheRunIsNeverJudgedOnPartOfItsActivity() throws Exception {
        assumeThat(TestDatabase.postgres()).as("the one-statement run is PostgreSQL's").isTrue();
        clock.set("2025-01-01T00:00:00Z");
        Api.Shop shop = api.newShop();
        shop.put("/api/v1/level-programme", json("pointsPerYuan", 1, "levels", List.of(json("rank", 1, "name", "普通"),
                json("rank", 2, "name", "中级", "entry", json("points", 1000), "validity", months(1))))).expect(200);
        long unlocked = shop.sharer("unlocked", null);
        long due = shop.sharer("due", null);
        Map<String, Object> params = Map.of("shop", shop.id, "unlocked", unlocked, "due", due);
        // "unlocked": 中级 for January, locked by the owner, kept by 1,000 points on 5 January.
        // "due": 中级 from 10 January, so the run's activity starts there; kept by its own 1,000 points.
        jdbc.sql("delete from sharer_level where shop_id = :shop and sharer_id in (:unlocked, :due)").params(params).update();
        jdbc.sql("""
                insert into sharer_level (shop_id, sharer_id, level_rank, period_start, period_end, locked, updated_at)
                values (:shop, :unlocked, 2, :january, :february, true, :january),
                       (:shop, :due, 2, :tenth, :februaryTenth, false, :january)""").params(params)
                .param("january", OffsetDateTime.parse("2025-01-01T00:00:00Z")).param("february", OffsetDateTime.parse("2025-02-01T00:00:00Z"))
                .param("tenth", OffsetDateTime.parse("2025-01-10T00:00:00Z"))
                .param("februaryTenth", OffsetDateTime.parse("2025-02-10T00:00:00Z")).update();
        jdbc.sql("""
                insert into level_activity (shop_id, sharer_id, kind, reference, points, sales_fen, orders, recruits, customers,
                  team_members, occurred_at, created_at)
                values (:shop, :unlocked, 'GRANT', 'early', 1000, 0, 0, 0, 0, 0, :early, :early),
                       (:shop, :due, 'GRANT', 'later', 1000, 0, 0, 0, 0, 0, :later, :later)""")
                .params(params).param("early", OffsetDateTime.parse("2025-01-05T00:00:00Z"))
                .param("later", OffsetDateTime.parse("2025-01-15T00:00:00Z")).update();

        clock.set("2025-02-20T00:00:00Z");
        JsonNode run;
        try (Connection owner = dataSource.getConnection()) {
            owner.setAutoCommit(false);
            // Holds "due" so that the run's first round waits on it, after it has planned.
            execute(owner, "select 1 from sharer_level where shop_id = ? and sharer_id = ? for update", shop.id, due);
            CompletableFuture<JsonNode> running = CompletableFuture.supplyAsync(
                    () -> shop.post("/api/v1/level-runs", json("asOf", "2025-02-20T00:00:00Z")).expect(200).body());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (jdbc.sql("""
                    select count(*) from pg_stat_activity
                    where datname = current_database() and wait_event_type = 'Lock' and query like '%with judged%'""")
                    .query(Long.class).single() == 0) {
                assertThat(System.nanoTime()).as("time waited for the run to wait on the held row").isLessThan(deadline);
                Thread.sleep(20);
            }
            execute(owner, "update sharer_level set locked = false where shop_id = ? and sharer_id = ?", shop.id, unlocked);
            owner.commit();
            run = running.get();
        }

        assertThat(level(shop, unlocked).get("rank").asInt()).as("rank of the sharer unlocked during the run").isEqualTo(2);
        assertThat(history(shop, unlocked)).as("its history").isEmpty();
        assertThat(run.get("downgraded").asInt()).isZero();
        JsonNode next = shop.post("/api/v1/level-runs", json("asOf", "2025-02-20T00:00:00Z")).expect(200).body();
        assertThat(next.get("evaluated").asInt()).as("the next run judges the unlocked period, on all its activity").isEqualTo(1);
        assertThat(next.get("downgraded").asInt()).isZero();
        assertThat(level(shop, unlocked).get("rank").asInt()).isEqualTo(2);
    }

    private static void execute(Connection connection, String sql, long shop, long sharer) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, shop);
            statement.setLong(2, sharer);
            statement.execute();
        }
    }
}
