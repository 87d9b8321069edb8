package org.sharerengine.leveling;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads sharers' level rows and the figures of their periods. */
@Component
class Standings {

    private final JdbcClient jdbc;

    Standings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Standing> find(ShopId shop, SharerId sharer) {
        return jdbc.sql("select * from sharer_level where shop_id = :shop and sharer_id = :sharer")
                .param("shop", shop.value()).param("sharer", sharer.value()).query(Standings::map).optional();
    }

    /** The row, locked until the transaction ends: changes of one sharer's level happen one at a time. */
    Optional<Standing> lock(ShopId shop, SharerId sharer) {
        return jdbc.sql("select * from sharer_level where shop_id = :shop and sharer_id = :sharer for update")
                .param("shop", shop.value()).param("sharer", sharer.value()).query(Standings::map).optional();
    }

    /** The sum of the sharer's activity in the standing's period [start, end); a null end leaves the period open. */
    Figures figures(ShopId shop, Standing standing) {
        String upTo = standing.periodEnd() == null ? "" : " and occurred_at < :end";
        return jdbc.sql("""
                select coalesce(sum(points), 0) points, coalesce(sum(sales_fen), 0) sales_fen, coalesce(sum(orders), 0) orders,
                  coalesce(sum(recruits), 0) recruits, coalesce(sum(customers), 0) customers, coalesce(sum(team_members), 0) team_members
                from level_activity where shop_id = :shop and sharer_id = :sharer and occurred_at >= :start
                  and not (occurred_at = :start and id <= :opening)""" + upTo)
                .param("shop", shop.value()).param("sharer", standing.sharer().value())
                .param("start", Timestamps.utc(standing.periodStart())).param("end", Timestamps.utc(standing.periodEnd()))
                .param("opening", standing.openingActivityId() == null ? 0L : standing.openingActivityId())
                .query((rs, n) -> new Figures(rs.getLong("points"), rs.getLong("sales_fen"), rs.getLong("orders"),
                        rs.getLong("recruits"), rs.getLong("customers"), rs.getLong("team_members")))
                .single();
    }

    private static Standing map(ResultSet rs, int row) throws SQLException {
        return new Standing(new SharerId(rs.getLong("sharer_id")), rs.getInt("level_rank"), Timestamps.instant(rs, "period_start"),
                Timestamps.instant(rs, "period_end"), rs.getBoolean("locked"), rs.getObject("opening_activity_id", Long.class));
    }
}
