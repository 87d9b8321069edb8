package org.sharerengine.leveling;

import java.time.Instant;
import java.time.ZoneId;
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
 * number. A period is judged on the activity dated inside it; a sharer whose figures miss the
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

    /** The keep condition of level {@code k} on the figures {@code g}; mirrors {@link Condition#metBy}. */
    private static final String KEEP_MET = """
            ((k.keep_match = 'ALL'
               and (k.keep_points is null or g.points >= k.keep_points)
               and (k.keep_sales_fen is null or g.sales_fen >= k.keep_sales_fen)
               and (k.keep_orders is null or g.orders >= k.keep_orders)
               and (k.keep_recruits is null or g.recruits >= k.keep_recruits))
             or (k.keep_match = 'ANY'
               and ((k.keep_points is not null and g.points >= k.keep_points)
                 or (k.keep_sales_fen is not null and g.sales_fen >= k.keep_sales_fen)
                 or (k.keep_orders is not null and g.orders >= k.keep_orders)
                 or (k.keep_recruits is not null and g.recruits >= k.keep_recruits))))""";

    /**
     * Each due period's figures: the activity dated inside it, less what opened it (see
     * sharer_level.opening_activity_id). {@code :earliest} (no due period starts before it) and
     * {@code :asOf} (every due period ended by then) bound the activity read before any join.
     */
    private static final String FIGURES = """
            select l.shop_id, l.sharer_id, l.level_rank, l.period_start, l.period_end,
              coalesce(sum(a.points), 0) points, coalesce(sum(a.sales_fen), 0) sales_fen,
              coalesce(sum(a.orders), 0) orders, coalesce(sum(a.recruits), 0) recruits,
              coalesce(sum(a.customers), 0) customers, coalesce(sum(a.team_members), 0) team_members
            from sharer_level l
            left join level_activity a on a.shop_id = l.shop_id and a.sharer_id = l.sharer_id
              and a.occurred_at >= l.period_start and a.occurred_at < l.period_end
              and a.occurred_at >= :earliest and a.occurred_at < :asOf
              and not (a.occurred_at = l.period_start and a.id <= coalesce(l.opening_activity_id, 0))
            where %s
            group by l.shop_id, l.sharer_id, l.level_rank, l.period_start, l.period_end""";

    static final String TITLE = "case when %1$s like '%%分享员' then %1$s else %1$s || '分享员' end";

    private final NamedParameterJdbcTemplate jdbc;
    private final Database database;

    PeriodRoll(NamedParameterJdbcTemplate jdbc, Database database) {
        this.jdbc = jdbc;
        this.database = database;
    }

    record Outcome(int sharers, int evaluated, int downgraded) {
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

    /** Rolls every due period of the shop (or of one sharer) as of {@code asOf}, round after round. */
    @Transactional(propagation = Propagation.MANDATORY)
    Outcome rollDue(ShopId shop, ZoneId zone, Instant asOf, Instant now, SharerId sharer) {
        return database.postgres() ? rollDueInOnePass(shop, zone, asOf, now, sharer) : rollDueStepwise(shop, zone, asOf, now, sharer);
    }

    /**
     * PostgreSQL: each round is one statement. It judges the due periods, moves the level rows
     * (rank and next period together), writes the history and the notifications, and counts.
     * There is no separate locking pass over the due rows; the update itself takes the locks. If
     * an upgrade moved a row after the round's snapshot, the update's re-check of rank and period
     * end drops that row and its history with it, and a later round judges it again if still due.
     * For a million sharers this writes each level row once instead of three times. The update
     * finds its rows by primary key only: "is not distinct from" keeps the planner off the
     * period-end index, which on fresh statistics it may think selective when every row shares
     * one period end.
     */
    private Outcome rollDueInOnePass(ShopId shop, ZoneId zone, Instant asOf, Instant now, SharerId sharer) {
        Instant earliest = sharer == null ? planForMany(shop, asOf) : Instant.EPOCH;
        int sharers = 0;
        int evaluated = 0;
        int downgraded = 0;
        while (true) {
            var params = params(shop, zone, now, sharer).addValue("asOf", Timestamps.utc(asOf))
                    .addValue("earliest", Timestamps.utc(earliest)).addValue("evaluation", UUID.randomUUID().toString());
            // A period that became due during the run and started before :earliest (say, its sharer was
            // unlocked meanwhile) would be judged on part of its activity: it waits for the next run.
            String due = "l.shop_id = :shop and l.locked = false and l.period_end <= :asOf and l.period_start >= :earliest"
                    + (sharer == null ? "" : " and l.sharer_id = :sharer");
            int[] counts = jdbc.queryForObject("""
                    with judged as (
                      select g.*, (select max(k.level_rank) from level_definition k
                                   where k.shop_id = g.shop_id and k.level_rank <= g.level_rank and (k.level_rank = 1 or %1$s)) target
                      from (%2$s) g
                    ), rolled as (
                      update sharer_level l set level_rank = j.target, period_start = l.period_end,
                        period_end = %3$s, opening_activity_id = null, updated_at = :now
                      from judged j join level_definition d on d.shop_id = j.shop_id and d.level_rank = j.target
                      where l.shop_id = :shop and l.locked = false and l.sharer_id = j.sharer_id and l.level_rank = j.level_rank
                        and l.period_end is not distinct from j.period_end
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
                      where j.target < j.level_rank
                      returning id, shop_id, sharer_id, to_name, changed_at
                    ), notified as (
                      insert into sharer_notification (shop_id, sharer_id, kind, message, history_id, created_at)
                      select h.shop_id, h.sharer_id, 'LEVEL_DOWNGRADE', '等级有效期结束，等级调整为' || %4$s, h.id, h.changed_at
                      from dropped h
                    )
                    select (select count(*) from rolled) evaluated, (select count(*) from dropped) downgraded""".formatted(
                    KEEP_MET, FIGURES.formatted(due),
                    periodEnd("l.period_end", "d"), TITLE.formatted("h.to_name")),
                    params, (rs, n) -> new int[] {rs.getInt("evaluated"), rs.getInt("downgraded")});
            if (counts[0] == 0) {
                return new Outcome(sharers, evaluated, downgraded);
            }
            if (evaluated == 0) {
                sharers = counts[0];
            }
            evaluated += counts[0];
            downgraded += counts[1];
        }
    }

    /** Due rows from which on a shop-wide run is planned as the bulk job it is. */
    private static final int MANY_DUE = 10_000;

    /**
     * A shop-wide run with many due rows joins them with the shop's activity by hashing. Right
     * after a large change (a month's end, an import) the table statistics may still say that
     * hardly any row is due, and the planner would then look up each sharer's activity one by
     * one — minutes instead of seconds for a million sharers. So the run counts the due rows
     * itself first (one index range) and, when there are many, rules out nested loops for its own
     * transaction, gives its hashes memory, and skips JIT compilation, which costs more than it saves here.
     */
    private Instant planForMany(ShopId shop, Instant asOf) {
        record Due(int count, Instant earliest) {
        }
        Due due = jdbc.queryForObject("""
                select count(*) due, min(l.period_start) earliest from sharer_level l
                where l.shop_id = :shop and l.locked = false and l.period_end <= :asOf""",
                new MapSqlParameterSource("shop", shop.value()).addValue("asOf", Timestamps.utc(asOf)),
                (rs, n) -> new Due(rs.getInt("due"), Timestamps.instant(rs, "earliest")));
        jdbc.getJdbcOperations().execute("set local jit = off");
        if (due.count() >= MANY_DUE) {
            jdbc.getJdbcOperations().execute("set local enable_nestloop = off");
            jdbc.getJdbcOperations().execute("set local work_mem = '256MB'");
        }
        return due.earliest() == null ? Instant.EPOCH : due.earliest();
    }

    /** H2: the same rounds in portable statements, the due rows locked first. */
    private Outcome rollDueStepwise(ShopId shop, ZoneId zone, Instant asOf, Instant now, SharerId sharer) {
        int sharers = 0;
        int evaluated = 0;
        int downgraded = 0;
        while (true) {
            String evaluation = UUID.randomUUID().toString();
            var params = params(shop, zone, now, sharer).addValue("asOf", Timestamps.utc(asOf)).addValue("evaluation", evaluation)
                    .addValue("earliest", Timestamps.utc(Instant.EPOCH));
            String due = "l.shop_id = :shop and l.locked = false and l.period_end <= :asOf" + (sharer == null ? "" : " and l.sharer_id = :sharer");
            int[] count = {0};
            // Locks the due rows first: an upgrade of one of them waits for this round, never interleaves.
            jdbc.query("select l.sharer_id from sharer_level l where " + due + " for update", params,
                    (RowCallbackHandler) rs -> count[0]++);
            if (count[0] == 0) {
                return new Outcome(sharers, evaluated, downgraded);
            }
            if (evaluated == 0) {
                // The first round's due rows are every sharer with an ended period; later rounds judge some of them again.
                sharers = count[0];
            }
            evaluated += count[0];
            int dropped = jdbc.update("""
                    insert into level_history (shop_id, sharer_id, from_rank, to_rank, from_name, to_name, cause, locked, points,
                      sales_fen, orders, recruits, customers, team_members, period_start, period_end, evaluation, changed_at, created_at)
                    select t.shop_id, t.sharer_id, t.level_rank, t.target, cur.name, tgt.name, 'DOWNGRADE', false, t.points,
                      t.sales_fen, t.orders, t.recruits, t.customers, t.team_members, t.period_start, t.period_end, :evaluation,
                      t.period_end, :now
                    from (
                      select g.*, (select max(k.level_rank) from level_definition k
                                   where k.shop_id = g.shop_id and k.level_rank <= g.level_rank and (k.level_rank = 1 or %1$s)) target
                      from (%2$s) g
                    ) t
                    join level_definition cur on cur.shop_id = t.shop_id and cur.level_rank = t.level_rank
                    join level_definition tgt on tgt.shop_id = t.shop_id and tgt.level_rank = t.target
                    where t.target < t.level_rank""".formatted(KEEP_MET, FIGURES.formatted(due)), params);
            downgraded += dropped;
            if (dropped > 0) {
                jdbc.update("""
                        update sharer_level l set level_rank = (select h.to_rank from level_history h
                            where h.shop_id = l.shop_id and h.sharer_id = l.sharer_id and h.evaluation = :evaluation)
                        where %s and exists (select 1 from level_history h
                            where h.shop_id = l.shop_id and h.sharer_id = l.sharer_id and h.evaluation = :evaluation)""".formatted(due),
                        params);
                jdbc.update("""
                        insert into sharer_notification (shop_id, sharer_id, kind, message, history_id, created_at)
                        select h.shop_id, h.sharer_id, 'LEVEL_DOWNGRADE', '等级有效期结束，等级调整为' || %s, h.id, h.changed_at
                        from level_history h where h.shop_id = :shop and h.evaluation = :evaluation"""
                        .formatted(TITLE.formatted("h.to_name")), params);
            }
            jdbc.update("""
                    update sharer_level l set period_start = l.period_end,
                      period_end = (select %s from level_definition d where d.shop_id = l.shop_id and d.level_rank = l.level_rank),
                      opening_activity_id = null, updated_at = :now
                    where %s""".formatted(periodEnd("l.period_end", "d"), due), params);
        }
    }

    private static MapSqlParameterSource params(ShopId shop, ZoneId zone, Instant now, SharerId sharer) {
        return new MapSqlParameterSource(Map.of("shop", shop.value(), "zone", zone.getId(),
                "now", Timestamps.utc(now))).addValue("sharer", sharer == null ? null : sharer.value());
    }
}
