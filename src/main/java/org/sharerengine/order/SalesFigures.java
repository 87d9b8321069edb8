package org.sharerengine.order;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sharerengine.network.TeamId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Read-only sales figures for other modules, each one set-based query. Effective sales are what
 * customers kept: line amounts less what was refunded, whenever the refund came.
 */
@Service
public class SalesFigures {

    // The team_member history is network's published record of who was in which team when;
    // joining it here keeps a team's sales one query instead of one per member.
    private static final String TEAM_SALES = """
            select m.team_id, sum(l.amount_fen - l.refunded_fen) kept_fen
            from team_member m
            join shop_order o on o.shop_id = m.shop_id and o.attributed_sharer_id = m.sharer_id
              and o.paid_at >= m.joined_at and (m.left_at is null or o.paid_at < m.left_at)
              and o.paid_at >= :from and o.paid_at < :to
            join order_line l on l.shop_id = o.shop_id and l.order_id = o.id
            where m.shop_id = :shop and m.joined_at < :to and (m.left_at is null or m.left_at > :from)""";

    private final JdbcClient jdbc;

    SalesFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Every team's effective sales of orders paid in [from, to) that were attributed to the
     * leader or a member while they were in the team; teams without sales are absent.
     */
    public Map<TeamId, Long> teamSales(ShopId shop, Instant from, Instant to) {
        Map<TeamId, Long> sales = new LinkedHashMap<>();
        jdbc.sql(TEAM_SALES + " group by m.team_id order by m.team_id")
                .param("shop", shop.value()).param("from", Timestamps.utc(from)).param("to", Timestamps.utc(to))
                .query(rs -> {
                    sales.put(new TeamId(rs.getLong("team_id")), rs.getLong("kept_fen"));
                });
        return sales;
    }

    /** One team's effective sales of orders paid in [from, to), counted as in {@link #teamSales(ShopId, Instant, Instant)}. */
    public long teamSales(ShopId shop, TeamId team, Instant from, Instant to) {
        return jdbc.sql("select coalesce(sum(kept_fen), 0) from (" + TEAM_SALES + " and m.team_id = :team group by m.team_id) t")
                .param("shop", shop.value()).param("team", team.value()).param("from", Timestamps.utc(from))
                .param("to", Timestamps.utc(to)).query(Long.class).single();
    }
}
