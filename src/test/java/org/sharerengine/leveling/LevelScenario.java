package org.sharerengine.leveling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.support.Api;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Shared steps of the level scenarios: the seed's ladder and the ways a sharer earns points. */
final class LevelScenario {

    private LevelScenario() {
    }

    /** The seed's programme: 1 point per yuan, 50 per new bound customer, 80 per new direct sharer; 普通 → 中级 → 高级. */
    static Map<String, Object> seedProgramme(Map<String, Object> middleValidity) {
        return json("pointsPerYuan", 1, "pointsPerNewCustomer", 50, "pointsPerRecruit", 80, "levels", List.of(
                json("rank", 1, "name", "普通", "validity", json("unit", "PERMANENT")),
                json("rank", 2, "name", "中级", "entry", json("points", 1000), "keep", json("points", 3000), "validity", middleValidity),
                json("rank", 3, "name", "高级", "entry", json("points", 3000), "validity", months(3))));
    }

    static Map<String, Object> months(int length) {
        return json("unit", "MONTHS", "length", length);
    }

    static Map<String, Object> days(int length) {
        return json("unit", "DAYS", "length", length);
    }

    static void sale(Api.Shop shop, MutableClock clock, String orderId, long sharer, String paidAt, long fen) {
        clock.set(paidAt);
        shop.order(orderId, "buyer-" + orderId, sharer, paidAt, line("l-1", "tea", 1, fen)).expect(201);
    }

    /** New customers bound through the sharer's share, visiting at {@code at}. */
    static void customers(Api.Shop shop, MutableClock clock, long sharer, String prefix, int count, String at) {
        clock.set(at);
        String token = shop.post("/api/v1/shares", json("sharerId", sharer, "targetType", "PRODUCT", "targetId", "tea"))
                .expect(201).get("token").asString();
        for (int i = 1; i <= count; i++) {
            JsonNode visit = shop.post("/api/v1/visits", json("token", token, "customerId", prefix + i, "visitedAt", at))
                    .expect(200).body();
            if (!"BOUND".equals(visit.get("outcome").asString())) {
                throw new AssertionError("customer " + prefix + i + " was not bound: " + visit);
            }
        }
    }

    /** New direct sharers the sharer recruited, joining at {@code at}. */
    static void recruits(Api.Shop shop, MutableClock clock, long inviter, String prefix, int count, String at) {
        clock.set(at);
        for (int i = 1; i <= count; i++) {
            shop.sharer(prefix + i, inviter);
        }
    }

    static JsonNode level(Api.Shop shop, long sharer) {
        return shop.get("/api/v1/sharers/" + sharer + "/level").expect(200).body();
    }

    static JsonNode run(Api.Shop shop, MutableClock clock, String asOf) {
        clock.set(asOf);
        return shop.post("/api/v1/level-runs", json("asOf", asOf)).expect(200).body();
    }

    static JsonNode history(Api.Shop shop, long sharer) {
        return shop.get("/api/v1/sharers/" + sharer + "/level-history").expect(200).body();
    }

    /**
     * The definition of a level row's figures: after anything the engine does, each row holds the
     * sum of its sharer's activity dated inside the current period, less what opened it.
     */
    /**
     * Each level row holds the figures of its period's activity, and the business time of its
     * sharer's latest activity, as summed from the activity itself.
     */
    static void assertFiguresAreTheSumOfTheirPeriods(JdbcClient jdbc, Api.Shop shop, String when) {
        List<String> kept = jdbc.sql("""
                select sharer_id, points, sales_fen, orders, recruits, customers, team_members, latest_activity_at from sharer_level
                where shop_id = :shop order by sharer_id""")
                .param("shop", shop.id).query(LevelScenario::row).list();
        List<String> summed = jdbc.sql("""
                select l.sharer_id, coalesce(sum(a.points), 0), coalesce(sum(a.sales_fen), 0), coalesce(sum(a.orders), 0),
                  coalesce(sum(a.recruits), 0), coalesce(sum(a.customers), 0), coalesce(sum(a.team_members), 0),
                  (select max(x.occurred_at) from level_activity x where x.shop_id = l.shop_id and x.sharer_id = l.sharer_id) latest_activity_at
                from sharer_level l left join level_activity a on a.shop_id = l.shop_id and a.sharer_id = l.sharer_id
                  and a.occurred_at >= l.period_start and (l.period_end is null or a.occurred_at < l.period_end)
                  and not (a.occurred_at = l.period_start and a.id <= coalesce(l.opening_activity_id, 0))
                where l.shop_id = :shop group by l.shop_id, l.sharer_id order by l.sharer_id""")
                .param("shop", shop.id).query(LevelScenario::row).list();
        assertThat(kept).as("figures and latest activity kept on the level rows after %s", when).isEqualTo(summed);
    }

    /** A level row's figures and latest activity, as one line to compare. */
    private static String row(ResultSet rs, int n) throws SQLException {
        return rs.getLong(1) + ": " + rs.getLong(2) + "/" + rs.getLong(3) + "/" + rs.getLong(4) + "/" + rs.getLong(5) + "/"
                + rs.getLong(6) + "/" + rs.getLong(7) + " latest " + Timestamps.instant(rs, "latest_activity_at");
    }
}
