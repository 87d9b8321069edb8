package org.sharerengine.teambonus;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sharerengine.network.TeamId;
import org.sharerengine.shared.BatchInserts;
import org.sharerengine.shared.Pipeline;
import org.sharerengine.shared.Pipelines;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The team bonus lines: what each run posted for each team's period. */
@Repository
public class TeamBonusLines {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final BatchInserts inserts;
    private final Pipelines pipelines;
    private final Clock clock;

    TeamBonusLines(JdbcClient jdbc, NamedParameterJdbcTemplate batch, BatchInserts inserts, Pipelines pipelines, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.inserts = inserts;
        this.pipelines = pipelines;
        this.clock = clock;
    }

    /** A team's lines, by period and posting order; a manager's scope is checked by the caller. */
    public List<TeamBonusLine> ofTeam(ShopId shop, TeamId team) {
        return jdbc.sql("select * from team_bonus_line where shop_id = :shop and team_id = :team order by period_start, id")
                .param("shop", shop.value()).param("team", team.value()).query(TeamBonusLines::map).list();
    }

    /** What the lines of a period sum to per team (the bonus posted so far) and how many there are. */
    record Posted(long fen, int lines) {
        static final Posted NONE = new Posted(0, 0);
    }

    Map<TeamId, Posted> postedByTeam(ShopId shop, Instant periodStart) {
        Map<TeamId, Posted> posted = new HashMap<>();
        jdbc.sql("""
                select team_id, sum(difference_fen) posted_fen, count(*) line_count from team_bonus_line
                where shop_id = :shop and period_start = :start group by team_id""")
                .param("shop", shop.value()).param("start", Timestamps.utc(periodStart))
                .query(rs -> {
                    posted.put(new TeamId(rs.getLong("team_id")), new Posted(rs.getLong("posted_fen"), rs.getInt("line_count")));
                });
        return posted;
    }

    /** Inserts the lines in one batch, now; their ids, in the order of the lines. */
    long[] insert(ShopId shop, List<TeamBonusLine> lines) {
        OffsetDateTime now = Timestamps.utc(clock.instant());
        Pipeline pipeline = pipelines.open();
        long[] ids = inserts.insert(pipeline, "team_bonus_line", """
                shop_id int8, team_id int8, leader_id int8, period_start timestamptz, period_end timestamptz, policy_version int4,
                kind varchar, sales_fen int8, tier_min_sales_fen int8, rate_bp int4, due_fen int8, previously_posted_fen int8,
                difference_fen int8, amount_fen int8, reversed_fen int8, clawed_back_fen int8, status varchar, settle_after timestamptz,
                run_as_of timestamptz, created_at timestamptz""",
                lines.stream().map(line -> new Object[] {shop.value(), line.teamId().value(), line.leaderId().value(),
                        Timestamps.utc(line.periodStart()), Timestamps.utc(line.periodEnd()), line.policyVersion(), line.kind().name(),
                        line.salesFen(), line.tierMinSalesFen(), line.rateBp(), line.dueFen(), line.previouslyPostedFen(),
                        line.differenceFen(), line.amountFen(), line.reversedFen(), line.clawedBackFen(), line.status().name(),
                        Timestamps.utc(line.settleAfter()), Timestamps.utc(line.runAsOf()), now}).toList());
        pipeline.send();
        return ids;
    }

    /**
     * Takes up to the given amount per team back from the period's pending lines, newest first
     * (the locks keep settlement from settling them meanwhile); a line left with nothing is
     * REVERSED. Returns what was taken per team: the rest must be clawed back from available money.
     */
    Map<TeamId, Long> reversePending(ShopId shop, Instant periodStart, Map<TeamId, Long> wanted) {
        record Pending(long id, TeamId team, long amountFen) {
        }
        List<Pending> pending = jdbc.sql("""
                select id, team_id, amount_fen from team_bonus_line
                where shop_id = :shop and period_start = :start and status = 'PENDING' and team_id = any(:teams)
                order by id desc for update""")
                .param("shop", shop.value()).param("start", Timestamps.utc(periodStart))
                .param("teams", wanted.keySet().stream().map(TeamId::value).toArray(Long[]::new))
                .query((rs, n) -> new Pending(rs.getLong("id"), new TeamId(rs.getLong("team_id")), rs.getLong("amount_fen"))).list();
        Map<TeamId, Long> taken = new LinkedHashMap<>();
        List<MapSqlParameterSource> changes = new ArrayList<>();
        for (Pending line : pending) {
            long still = wanted.get(line.team()) - taken.getOrDefault(line.team(), 0L);
            long take = Math.min(still, line.amountFen());
            if (take <= 0) {
                continue;
            }
            taken.merge(line.team(), take, Long::sum);
            changes.add(new MapSqlParameterSource().addValue("shop", shop.value()).addValue("id", line.id()).addValue("take", take));
        }
        batch.batchUpdate("""
                update team_bonus_line set amount_fen = amount_fen - :take, reversed_fen = reversed_fen + :take,
                  status = case when amount_fen = :take then 'REVERSED' else status end
                where shop_id = :shop and id = :id""", changes.toArray(MapSqlParameterSource[]::new));
        return taken;
    }

    static TeamBonusLine map(ResultSet rs, int row) throws SQLException {
        return new TeamBonusLine(rs.getLong("id"), new TeamId(rs.getLong("team_id")), new SharerId(rs.getLong("leader_id")),
                Timestamps.instant(rs, "period_start"), Timestamps.instant(rs, "period_end"), rs.getInt("policy_version"),
                TeamBonusLine.Kind.valueOf(rs.getString("kind")), rs.getLong("sales_fen"), rs.getObject("tier_min_sales_fen", Long.class),
                rs.getInt("rate_bp"), rs.getLong("due_fen"), rs.getLong("previously_posted_fen"), rs.getLong("difference_fen"),
                rs.getLong("amount_fen"), rs.getLong("reversed_fen"), rs.getLong("clawed_back_fen"),
                TeamBonusLine.Status.valueOf(rs.getString("status")), Timestamps.instant(rs, "settle_after"),
                Timestamps.instant(rs, "settled_at"), Timestamps.instant(rs, "run_as_of"), Timestamps.instant(rs, "created_at"));
    }
}
