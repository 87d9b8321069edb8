package org.sharerengine.leveling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.leveling.LevelScenario.assertFiguresAreTheSumOfTheirPeriods;
import static org.sharerengine.leveling.LevelScenario.history;
import static org.sharerengine.leveling.LevelScenario.level;
import static org.sharerengine.leveling.LevelScenario.months;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.sql.Connection;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.LockWaits;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * An intake that waited for its seller's level row counts on the row as the transaction it waited
 * for left it, and so must it on that sharer's activity. An upgrade on a sale starts the new period
 * at the sale, and activity dated after the sale counts for the new period (SPEC §5: a late order);
 * activity recorded while the intake waited, dated after its sale, is such activity.
 */
@ApiTest
@Import(MutableClock.Config.class)
class UpgradeAfterWaitIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void anUpgradeOnALateSaleCountsActivityRecordedWhileItsIntakeWaited() throws Exception {
        clock.set("2025-03-01T00:00:00Z");
        Api.Shop shop = api.newShop();
        shop.put("/api/v1/level-programme", json("pointsPerYuan", 1, "levels", List.of(json("rank", 1, "name", "普通"),
                json("rank", 2, "name", "中级", "entry", json("points", 150), "validity", months(1))))).expect(200);
        shop.product("tea", "LEVEL_RATE", null, null);
        long seller = shop.sharer("seller", null);

        try (ExecutorService caller = Executors.newSingleThreadExecutor(); Connection grant = dataSource.getConnection()) {
            grant.setAutoCommit(false);
            // At 02:00 the owner grants 100 points: the grant locks the seller's level row, records and counts them...
            LockWaits.execute(grant, "select 1 from sharer_level where shop_id = ? and sharer_id = ? for update", shop.id, seller);
            LockWaits.execute(grant, """
                    insert into level_activity (shop_id, sharer_id, kind, reference, points, sales_fen, orders, recruits, customers,
                      team_members, reason, occurred_at, created_at)
                    values (?, ?, 'GRANT', 'live-stream', 100, 0, 0, 0, 0, 0, 'live stream host', ?, ?)""",
                    shop.id, seller, OffsetDateTime.parse("2025-03-01T02:00:00Z"), OffsetDateTime.parse("2025-03-01T02:00:00Z"));
            LockWaits.execute(grant, "update sharer_level set points = points + 100 where shop_id = ? and sharer_id = ?", shop.id, seller);
            // ...while an order paid at 01:00, worth 60 points, waits for the row: with the grant's 100 it takes the seller to 中级.
            clock.set("2025-03-01T02:00:00Z");
            CompletableFuture<JsonNode> ordering = CompletableFuture.supplyAsync(() -> shop.order("o-1", "c-1", seller,
                    "2025-03-01T01:00:00Z", line("l-1", "tea", 1, 6_000)).expect(201).body(), caller);
            LockWaits.await(jdbc, 1, "%");
            grant.commit();
            ordering.get();
        }

        JsonNode standing = level(shop, seller);
        assertThat(standing.get("rank").asInt()).isEqualTo(2);
        assertThat(standing.get("periodStart").asString()).as("the new period starts at the sale").isEqualTo("2025-03-01T01:00:00Z");
        assertThat(standing.get("figures").get("points").asLong())
                .as("the new period's points: the grant, dated after the sale that opened it").isEqualTo(100);
        assertThat(history(shop, seller)).singleElement()
                .satisfies(change -> assertThat(change.get("cause").asString()).isEqualTo("UPGRADE"))
                .satisfies(change -> assertThat(change.get("changedAt").asString()).isEqualTo("2025-03-01T01:00:00Z"));
        assertFiguresAreTheSumOfTheirPeriods(jdbc, shop, "the grant and the late sale");
    }
}
