package org.sharerengine.leveling;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.sharerengine.shared.Database;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ends the periods that are over and starts the next ones, set-based: each round handles every
 * due sharer of the shop (or one sharer) with a fixed number of statements, whatever their
 * number. A period is judged on the activity dated inside it, as summed up on its level row while
 * it was recorded; a sharer whose figures miss the
 * current level's keep condition lands on the highest rank at or below it whose keep condition
 * they meet (rank 1 always qualifies); the next period starts where the old one ended and
 * lasts as long as the new level's validity. Rounds repeat while periods remain due, so a
 * sharer left alone for several periods is judged period by period.
 */
@Component
class PeriodRoll {

    /** Where the period of a level that starts at {@code start} ends, in the shop's time zone; null when permanent. */
    static String periodEnd(String start, String definition) {
        return "case " + definition + ".validity_unit"
                + " when 'MONTHS' then ((" + start + " at time zone :zone) + interval '1' month * " + definition + ".validity_length) at time zone :zone"
                + " when 'DAYS' then ((" + start + " at time zone :zone) + interval '1' day * " + definition + ".validity_length) at time zone :zone"
                + " end";
    }

    /**
     * The rank a period's figures keep, as SQL over the level row {@code l} (its figures are the
     * period's): the highest rank at or below the current one whose keep condition they meet, rank
     * 1 always. Written out from the ladder, so a million rows are judged without a lookup each;
     * mirrors {@link LevelProgramme#highestKeptUpTo}. Thresholds are numbers, never text.
     */
    static String keptRank(LevelProgramme programme) {
        if (programme.topRank() == 1) {
            // A ladder of one rank keeps everyone on it; SQL has no CASE without a WHEN.
            return "1";
        }
        StringBuilder sql = new StringBuilder("case");
        for (int rank = programme.topRank(); rank > 1; rank--) {
            sql.append(" when l.level_rank >= ").append(rank).append(" and ").append(met(programme.level(rank).keep()))
                    .append(" then ").append(rank);
        }
        return sql.append(" else 1 end").toString();
    }

    /** The condition on the level row's figures; mirrors {@link Condition#metBy}. */
    private static String met(Condition condition) {
        List<String> checks = new ArrayList<>(4);
        threshold(checks, "l.points", condition.points());
        threshold(checks, "l.sales_fen", condition.salesFen());
        threshold(checks, "l.orders", condition.orders());
        threshold(checks, "l.recruits", condition.recruits());
        return "(" + String.join(condition.match() == Condition.Match.ALL ? " and " : " or ", checks) + ")";
    }

    private static void threshold(List<String> checks, String figure, Long threshold) {
        if (threshold != null) {
            checks.add(figure + " >= " + threshold);
        }
    }

    static final String TITLE = "case when %1$s like '%%分享员' then %1$s else %1$s || '分享员' end";

    private final NamedParameterJdbcTemplate jdbc;
    private final Standings standings;
    private final Database database;

    PeriodRoll(NamedParameterJdbcTemplate jdbc, Standings standings, Database database) {
        this.jdbc = jdbc;
        this.standings = standings;
        this.database = database;
    }

    record Outcome(int sharers, int evaluated, int downgraded) {
    }

    /**
     * Waits until no intake of the shop holds level rows and keeps new ones from locking any until
     * the transaction ends (see {@link LadderLock}): a shop-wide run does this before it writes a
     * level row.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void excludeIntakes(ShopId shop) {
        if (database.postgres()) {
            jdbc.getJdbcOperations().query(LadderLock.EXCLUSIVE, rs -> null, LadderLock.key(shop));
        }
    }

    /**
     * Gives every active or frozen sharer without a level row one on rank 1, its period starting
     * when the sharer was created (or {@code start} for one sharer).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    int insertMissing(ShopId shop, ZoneId zone, Instant now, SharerId sharer, Instant start) {
        String startAt = start == null ? "s.created_at" : "cast(:start as timestamp with time zone)";
        String which = sharer == null ? " and s.status in ('ACTIVE', 'FROZEN')" : " and s.id = :sharer";
        return jdbc.update("""
                insert into sharer_level (shop_id, sharer_id, level_rank, period_start, period_end, locked, updated_at)
                select s.shop_id, s.id, 1, %1$s, %2$s, false, :now
                from sharer s join level_definition d on d.shop_id = s.shop_id and d.level_rank = 1
                where s.shop_id = :shop %3$s
                  and not exists (select 1 from sharer_level l where l.shop_id = s.shop_id and l.sharer_id = s.id)
                on conflict do nothing""".formatted(startAt, periodEnd(startAt, "d"), which),
                params(shop, zone, now, sharer).addValue("start", Timestamps.utc(start)));
    }

    /**
     * Rolls every due period of the shop (or of one sharer) as of {@code asOf}, round after round.
     * A period is judged on the figures its level row holds. The next period starts with none:
     * activity dated after a period's end rolls the sharer's periods before it is counted, so
     * nothing has been recorded for it yet. For one sharer each period after a round is recounted
     * from its activity anyway, since one sharer's roll may follow a lock that held its counting back.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Outcome rollDue(ShopId shop, LevelProgramme programme, ZoneId zone, Instant asOf, Instant now, SharerId sharer) {
        if (sharer == null && database.postgres()) {
            // Compiling these big statements to machine code costs more than it saves.
            jdbc.getJdbcOperations().execute("set local jit = off");
        }
        String due = "l.shop_id = :shop and l.locked = false and l.period_end <= :asOf" + (sharer == null ? "" : " and l.sharer_id = :sharer");
        int sharers = 0;
        int evaluated = 0;
        int downgraded = 0;
        while (true) {
            var params = params(shop, zone, now, sharer).addValue("asOf", Timestamps.utc(asOf))
                    .addValue("evaluation", UUID.randomUUID().toString());
            int[] round = database.postgres() ? roundInTwoStatements(programme, due, params) : roundStepwise(programme, due, params);
            if (round[0] == 0) {
                return new Outcome(sharers, evaluated, downgraded);
            }
            if (evaluated == 0) {
                // The first round's due rows are every sharer with an ended period; later rounds judge some of them again.
                sharers = round[0];
            }
            evaluated += round[0];
            downgraded += round[1];
            if (sharer != null) {
                standings.recount(shop, sharer);
            }
            if (!anyDue(due, params)) {
                return new Outcome(sharers, evaluated, downgraded);
            }
        }
    }

    /**
     * Whether a period is still due after a round. Most runs roll every due period in one round;
     * another round would read every level row twice to find none due (0.52 s at a million
     * sharers), this reads them once (0.19-0.29 s) and stops at the first it finds.
     */
    private boolean anyDue(String due, MapSqlParameterSource params) {
        return !jdbc.queryForList("select l.sharer_id from sharer_level l where " + due + " limit 1", params, Long.class).isEmpty();
    }

    /**
     * PostgreSQL: two statements, one for the periods that keep their level and one for those
     * that drop. No separate locking pass over the due rows; each update takes its own locks.
     */
    private int[] roundInTwoStatements(LevelProgramme programme, String due, MapSqlParameterSource params) {
        int[] dropped = dropInOneStatement(programme, due, params);
        int kept = keepInPlace(programme, due, params);
        return new int[] {dropped[0] + kept, dropped[1]};
    }

    /**
     * Most periods keep their level: their rows just move on to the next period, judged and moved
     * by one plain update, each row on its own figures as the update finds it (a row that changed
     * meanwhile is judged again on its new figures). Nothing but the row is read, so a million
     * rows cost only their writing.
     */
    private int keepInPlace(LevelProgramme programme, String due, MapSqlParameterSource params) {
        return jdbc.update("""
                update sharer_level l set period_start = l.period_end, period_end = %1$s, opening_activity_id = null,
                  points = 0, sales_fen = 0, orders = 0, recruits = 0, customers = 0, team_members = 0, updated_at = :now
                from level_definition d
                where d.shop_id = l.shop_id and d.level_rank = l.level_rank and %2$s and %3$s = l.level_rank""".formatted(
                periodEnd("l.period_end", "d"), due, keptRank(programme)), params);
    }

    /**
     * The periods that drop, in one statement: it judges them, moves their rows (rank and next
     * period together), writes the history and the notifications, and counts. The history needs
     * the row as judged, so the update joins the judged snapshot. If anything moved a row after
     * that snapshot (an upgrade, activity counted), the update's re-check of rank, period end and
     * figures drops that row and its history with it, and a later round judges it again if still
     * due. The update finds its rows by primary key only: "is not distinct from" keeps the planner
     * off indexes it may think selective on fresh statistics.
     */
    private int[] dropInOneStatement(LevelProgramme programme, String due, MapSqlParameterSource params) {
        return jdbc.queryForObject("""
                with judged as (
                  select * from (
                    select l.shop_id, l.sharer_id, l.level_rank, l.period_start, l.period_end, l.points, l.sales_fen, l.orders,
                      l.recruits, l.customers, l.team_members, %1$s target
                    from sharer_level l where %2$s) g
                  where g.target < g.level_rank
                ), rolled as (
                  update sharer_level l set level_rank = j.target, period_start = l.period_end, period_end = %3$s,
                    opening_activity_id = null, points = 0, sales_fen = 0, orders = 0, recruits = 0, customers = 0,
                    team_members = 0, updated_at = :now
                  from judged j join level_definition d on d.shop_id = j.shop_id and d.level_rank = j.target
                  where l.shop_id = :shop and l.locked = false and l.sharer_id = j.sharer_id and l.level_rank = j.level_rank
                    and l.period_end is not distinct from j.period_end
                    and (l.points, l.sales_fen, l.orders, l.recruits, l.customers, l.team_members)
                      = (j.points, j.sales_fen, j.orders, j.recruits, j.customers, j.team_members)
                  returning l.sharer_id
                ), dropped as (
                  insert into level_history (shop_id, sharer_id, from_rank, to_rank, from_name, to_name, cause, locked, points,
                    sales_fen, orders, recruits, customers, team_members, period_start, period_end, evaluation, changed_at, created_at)
                  select j.shop_id, j.sharer_id, j.level_rank, j.target, cur.name, tgt.name, 'DOWNGRADE', false, j.points,
                    j.sales_fen, j.orders, j.recruits, j.customers, j.team_members, j.period_start, j.period_end, :evaluation,
                    j.period_end, :now
                  from judged j join rolled r on r.sharer_id = j.sharer_id
                  join level_definition cur on cur.shop_id = j.shop_id and cur.level_rank = j.level_rank
                  join level_definition tgt on tgt.shop_id = j.shop_id and tgt.level_rank = j.target
                  returning id, shop_id, sharer_id, to_name, changed_at
                ), notified as (
                  insert into sharer_notification (shop_id, sharer_id, kind, message, history_id, created_at)
                  select h.shop_id, h.sharer_id, 'LEVEL_DOWNGRADE', '等级有效期结束，等级调整为' || %4$s, h.id, h.changed_at
                  from dropped h
                )
                select (select count(*) from rolled) evaluated, (select count(*) from dropped) downgraded""".formatted(
                keptRank(programme), due, periodEnd("l.period_end", "d"), TITLE.formatted("h.to_name")),
                params, (rs, n) -> new int[] {rs.getInt("evaluated"), rs.getInt("downgraded")});
    }

    /** H2: the same round in portable statements, the due rows locked first. */
    private int[] roundStepwise(LevelProgramme programme, String due, MapSqlParameterSource params) {
        int[] count = {0};
        // Locks the due rows first: an upgrade of one of them waits for this round, never interleaves.
        jdbc.query("select l.sharer_id from sharer_level l where " + due + " for update", params,
                (RowCallbackHandler) rs -> count[0]++);
        if (count[0] == 0) {
            return new int[] {0, 0};
        }
        String target = keptRank(programme);
        int dropped = jdbc.update("""
                insert into level_history (shop_id, sharer_id, from_rank, to_rank, from_name, to_name, cause, locked, points,
                  sales_fen, orders, recruits, customers, team_members, period_start, period_end, evaluation, changed_at, created_at)
                select t.shop_id, t.sharer_id, t.level_rank, t.target, cur.name, tgt.name, 'DOWNGRADE', false, t.points,
                  t.sales_fen, t.orders, t.recruits, t.customers, t.team_members, t.period_start, t.period_end, :evaluation,
                  t.period_end, :now
                from (select l.*, %1$s target from sharer_level l where %2$s) t
                join level_definition cur on cur.shop_id = t.shop_id and cur.level_rank = t.level_rank
                join level_definition tgt on tgt.shop_id = t.shop_id and tgt.level_rank = t.target
                where t.target < t.level_rank""".formatted(target, due), params);
        if (dropped > 0) {
            jdbc.update("""
                    insert into sharer_notification (shop_id, sharer_id, kind, message, history_id, created_at)
                    select h.shop_id, h.sharer_id, 'LEVEL_DOWNGRADE', '等级有效期结束，等级调整为' || %s, h.id, h.changed_at
                    from level_history h where h.shop_id = :shop and h.evaluation = :evaluation"""
                    .formatted(TITLE.formatted("h.to_name")), params);
        }
        // Every expression on the right reads the row as it was, so the period ends by the validity of the rank it gets.
        jdbc.update("""
                update sharer_level l set level_rank = %1$s, period_start = l.period_end,
                  period_end = (select %2$s from level_definition d where d.shop_id = l.shop_id and d.level_rank = %1$s),
                  opening_activity_id = null, points = 0, sales_fen = 0, orders = 0, recruits = 0, customers = 0, team_members = 0,
                  updated_at = :now
                where %3$s""".formatted(target, periodEnd("l.period_end", "d"), due), params);
        return new int[] {count[0], dropped};
    }

    private static MapSqlParameterSource params(ShopId shop, ZoneId zone, Instant now, SharerId sharer) {
        return new MapSqlParameterSource(Map.of("shop", shop.value(), "zone", zone.getId(),
                "now", Timestamps.utc(now))).addValue("sharer", sharer == null ? null : sharer.value());
    }
}
