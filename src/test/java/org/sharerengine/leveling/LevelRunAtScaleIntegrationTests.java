package org.sharerengine.leveling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.sharerengine.leveling.LevelScenario.*;
import static org.sharerengine.support.Api.json;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The downgrade job over a large programme: 100,000 sharers on 金牌 plus 5,000 the ladder has not
 * touched yet, inserted set-based. It checks that the job's results are right; its speed is the
 * benchmark's business, not this test's.
 */
@ApiTest
@Import(MutableClock.Config.class)
class LevelRunAtScaleIntegrationTests {

    private static final int SHARERS = 100_000;
    private static final int UNTOUCHED = 5_000;

    @Autowired
    Api api;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    /** What the job must do to sharer i (see the data below): periods judged, downgrades, final rank. */
    private record Expected(int evaluated, int downgraded, int rank) {
    }

    private static Expected expected(int i) {
        if (i % 10 == 0) {
            return new Expected(0, 0, 4);                // locked
        }
        return switch (i % 5) {
            case 0 -> new Expected(1, 1, 1);             // 0 points (the +9,000 predate the period): straight to 普通, permanent
            case 1, 2, 3 -> new Expected(2, 2, 1);       // 1,500 → 中级 / 3,000 and 4,500 → 高级; nothing next period → 普通
            default -> new Expected(2, 1, 1);            // 6,000 keeps 金牌; nothing next period → 普通
        };
    }

    @Test
    void judgesEveryDueSharerOfALargeProgrammeCorrectly() {
        clock.set("2025-01-01T00:00:00Z");
        Api.Shop shop = api.newShop();
        shop.put("/api/v1/level-programme", json("pointsPerYuan", 1, "levels", List.of(json("rank", 1, "name", "普通"),
                json("rank", 2, "name", "中级", "entry", json("points", 1000), "validity", months(3)),
                json("rank", 3, "name", "高级", "entry", json("points", 3000), "validity", months(3)),
                json("rank", 4, "name", "金牌", "entry", json("points", 6000), "validity", months(3))))).expect(200);

        String range = TestDatabase.postgres() ? "select g as i from generate_series(1, :n) g" : "select \"X\" as i from system_range(1, :n)";
        OffsetDateTime created = OffsetDateTime.parse("2025-01-01T00:00:00Z");
        Map<String, Object> params = Map.of("shop", shop.id, "n", SHARERS + UNTOUCHED, "created", created, "sharers", SHARERS);
        jdbc.sql("""
                insert into sharer (shop_id, external_user_id, sharer_type, status, invite_code, created_at, updated_at)
                select :shop, 'bulk-' || r.i, 0, 'ACTIVE', 'BULK' || r.i, :created, :created from (%s) r""".formatted(range))
                .params(params).update();
        String number = "cast(substring(s.external_user_id, 6) as int)";
        jdbc.sql("""
                insert into sharer_level (shop_id, sharer_id, level_rank, period_start, period_end, locked, updated_at, points)
                select s.shop_id, s.id, 4, :created, cast('2025-04-01T00:00:00Z' as timestamp with time zone),
                  mod(%1$s, 10) = 0, :created, mod(%1$s, 5) * 1500
                from sharer s where s.shop_id = :shop and s.external_user_id like 'bulk-%%' and %1$s <= :sharers""".formatted(number))
                .params(params).update();
        // The points inside the period, which the level rows hold as recording them through the engine
        // would have left them, plus facts before it that count for nothing. (Activity dated after the
        // period's end would have rolled the period on when it was recorded: LevelIntegrationTests.)
        jdbc.sql("""
                insert into level_activity (shop_id, sharer_id, kind, reference, points, sales_fen, orders, recruits, customers,
                  team_members, occurred_at, created_at)
                select s.shop_id, s.id, 'GRANT', 'in-period', mod(%1$s, 5) * 1500, 0, 0, 0, 0, 0,
                  cast('2025-02-01T00:00:00Z' as timestamp with time zone), cast(:created as timestamp with time zone)
                from sharer s where s.shop_id = :shop and %1$s <= :sharers and mod(%1$s, 5) <> 0
                union all
                select s.shop_id, s.id, 'GRANT', 'before', 9000, 0, 0, 0, 0, 0,
                  cast('2024-12-31T23:59:59Z' as timestamp with time zone), cast(:created as timestamp with time zone)
                from sharer s where s.shop_id = :shop and %1$s <= :sharers and mod(%1$s, 5) = 0""".formatted(number))
                .params(params).update();
        jdbc.sql("""
                update sharer_level set latest_activity_at = (select max(a.occurred_at) from level_activity a
                  where a.shop_id = sharer_level.shop_id and a.sharer_id = sharer_level.sharer_id)
                where shop_id = :shop""").params(params).update();

        if (TestDatabase.postgres()) {
            // What autovacuum does after a load like this in production. The suite's PostgreSQL may run without
            // it, and with statistics from before the load, the run's insert of missing level rows ran for 14
            // minutes on a test database reused many times over.
            jdbc.sql("analyze sharer, sharer_level, level_activity").update();
        }

        int sharers = 0;
        int evaluated = 0;
        int downgraded = 0;
        for (int i = 1; i <= SHARERS; i++) {
            Expected e = expected(i);
            sharers += e.evaluated() > 0 ? 1 : 0;
            evaluated += e.evaluated();
            downgraded += e.downgraded();
        }
        assertThat(sharers).isEqualTo(90_000);
        assertThat(evaluated).isEqualTo(170_000);
        assertThat(downgraded).isEqualTo(150_000);

        JsonNode run = run(shop, clock, "2025-07-15T00:00:00Z");
        assertThat(run.get("sharers").asInt()).isEqualTo(sharers);
        assertThat(run.get("evaluated").asInt()).isEqualTo(evaluated);
        assertThat(run.get("downgraded").asInt()).isEqualTo(downgraded);
        assertThat(run.get("kept").asInt()).isEqualTo(evaluated - downgraded);

        Map<Integer, Long> ranks = new java.util.HashMap<>();
        jdbc.sql("select level_rank, count(*) n from sharer_level where shop_id = :shop group by level_rank")
                .param("shop", shop.id).query((rs, n) -> ranks.put(rs.getInt("level_rank"), rs.getLong("n"))).list();
        assertThat(ranks).isEqualTo(Map.of(1, (long) SHARERS - 10_000 + UNTOUCHED, 4, 10_000L));
        assertThat(jdbc.sql("select count(*) from level_history where shop_id = :shop").param("shop", shop.id).query(Long.class).single())
                .isEqualTo(downgraded);
        assertThat(jdbc.sql("select count(*) from sharer_notification where shop_id = :shop").param("shop", shop.id)
                .query(Long.class).single()).isEqualTo(downgraded);

        for (int i : new int[] {10, 15, 21, 52, 73, 99_994, SHARERS + 1}) {
            long id = shop.get("/api/v1/sharers/by-external-user-id/bulk-" + i).expect(200).id();
            JsonNode level = level(shop, id);
            int rank = i > SHARERS ? 1 : expected(i).rank();
            assertThat(level.get("rank").asInt()).as("rank of sharer %d", i).isEqualTo(rank);
            assertThat(history(shop, id)).as("history of sharer %d", i).hasSize(i > SHARERS ? 0 : expected(i).downgraded());
        }
        JsonNode senior = history(shop, shop.get("/api/v1/sharers/by-external-user-id/bulk-73").expect(200).id());
        assertThat(senior.get(1).get("toName").asString()).isEqualTo("高级");
        assertThat(senior.get(1).get("figures").get("points").asLong()).isEqualTo(4_500);
        assertThat(senior.get(0).get("periodStart").asString()).isEqualTo("2025-04-01T00:00:00Z");
        JsonNode gold = history(shop, shop.get("/api/v1/sharers/by-external-user-id/bulk-99994").expect(200).id());
        assertThat(gold.get(0).get("fromName").asString()).isEqualTo("金牌");
        assertThat(gold.get(0).get("figures").get("points").asLong()).isZero();
        assertThat(gold.get(0).get("periodStart").asString()).isEqualTo("2025-04-01T00:00:00Z");

        JsonNode again = run(shop, clock, "2025-07-15T00:00:00Z");
        assertThat(again.get("evaluated").asInt()).isZero();
    }

    /**
     * The run rewrites every due row of a shop at once; on PostgreSQL each page of level rows keeps
     * room for a new version of every row on it, so that the rewrite stays on the page and adds no
     * index entry (V11; at a million rows it halved the update, see the migration). H2 has no such
     * setting.
     */
    @Test
    void onPostgresLevelRowsLeaveRoomOnTheirPagesForTheRunsRewrite() {
        assumeThat(TestDatabase.postgres()).as("a PostgreSQL storage setting").isTrue();
        assertThat(jdbc.sql("select array_to_string(reloptions, ',') from pg_class where relname = 'sharer_level'")
                .query(String.class).single()).isEqualTo("fillfactor=50");
    }
}
