package org.sharerengine.leveling;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.sharerengine.shared.Database;
import org.sharerengine.shared.KeyLookup;
import org.sharerengine.shared.Pipeline;
import org.sharerengine.shared.Reads;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads and writes sharers' level rows, with the figures of their current periods. The figures
 * are kept as activity is recorded ({@link #count}); summing the activity of a period
 * ({@link #sum}) is left for the rare moments a period starts on activity already recorded.
 */
@Component
class Standings {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final Database database;
    private final KeyLookup bySharer;
    /** H2's locking read: the rows alone, each {@code held}. */
    private final String lockAllAlone;

    Standings(JdbcClient jdbc, NamedParameterJdbcTemplate batch, Database database) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.database = database;
        this.bySharer = database.lookup("sharer_level", "l", "sharer_id", "bigint");
        this.lockAllAlone = "select true held, l.* " + bySharer.from() + bySharer.forUpdate("l.sharer_id");
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

    /** Locked rows, and the rank of every sharer asked for (rank 1 for a sharer the ladder has not touched yet). */
    record Locks(List<Standing> locked, Map<SharerId, Integer> ranks) {
    }

    /**
     * The rows of {@code sharers}, locked in ascending id order (see LevelActivity.Sales#lockStandings).
     * With them, the ranks of {@code alsoRanked}, read but not locked: an intake pays the inviters of
     * its sellers by their ranks and has no need to hold their rows. On PostgreSQL both come in one
     * statement (the locking read as a common table expression, which takes the shop's
     * {@link LadderLock} first, shared), sent with the other {@code reads}; H2, which takes no lock
     * there, reads the ranks in a second.
     *
     * <p>Each row brings its sharer's latest activity, which decides whether an upgrade on a new sale
     * may start its period with nothing counted. It is kept on the row, by whoever records activity
     * while holding the row ({@link #recordActivity}, {@link #moveAll}, {@link #writeAll}), not
     * read from the activity: a statement that waited for a row gets the row as the transaction it
     * waited for left it, but would read the activity as it was when the statement began.
     */
    Reads.Answer<Locks> lockAll(Reads reads, ShopId shop, Collection<SharerId> sharers, Collection<SharerId> alsoRanked) {
        Long[] locking = sharers.stream().map(SharerId::value).sorted().distinct().toArray(Long[]::new);
        Long[] reading = alsoRanked.stream().map(SharerId::value).distinct().filter(id -> Arrays.binarySearch(locking, id) < 0)
                .toArray(Long[]::new);
        Map<SharerId, Integer> ranks = new HashMap<>();
        Stream.concat(sharers.stream(), alsoRanked.stream()).forEach(sharer -> ranks.put(sharer, SharerLevels.FIRST_RANK));
        boolean together = database.postgres();
        String sql = together ? LOCK_ALL_AND_RANK : lockAllAlone;
        Object[] args = together ? new Object[] {shop.value(), locking, LadderLock.key(shop), shop.value(), reading}
                : bySharer.args(shop.value(), locking);
        Reads.Answer<Locks> locks = reads.query(sql, args, rs -> {
            List<Standing> locked = new ArrayList<>(locking.length);
            while (rs.next()) {
                Standing standing = map(rs, 0);
                ranks.put(standing.sharer(), standing.rank());
                if (rs.getBoolean("held")) {
                    locked.add(standing);
                }
            }
            return new Locks(locked, ranks);
        });
        if (together) {
            return locks;
        }
        return locks.then(held -> {
            ranks.putAll(ranks(shop, Arrays.stream(reading).map(SharerId::new).toList()));
            return held;
        });
    }

    /**
     * PostgreSQL's locking read, each row {@code held}, which takes the shop's ladder lock, shared, before any row (a
     * condition on nothing but a subquery is checked once, before the scan: a "one-time filter"),
     * and then the ranks.
     */
    private static final String LOCK_ALL_AND_RANK = """
            with locked as (
              select true held, l.* from sharer_level l where l.shop_id = ? and l.sharer_id = any(?) and (select true from (%s) ladder)
              order by l.sharer_id for update)
            select * from locked
            union all select false, l.* from sharer_level l where l.shop_id = ? and l.sharer_id = any(?)"""
            .formatted(LadderLock.SHARED);

    /** The current rank of each sharer asked for; a sharer the ladder has not touched yet is on rank 1. */
    Map<SharerId, Integer> ranks(ShopId shop, Collection<SharerId> sharers) {
        Map<SharerId, Integer> ranks = new HashMap<>();
        if (sharers.isEmpty()) {
            return ranks;
        }
        sharers.forEach(id -> ranks.put(id, SharerLevels.FIRST_RANK));
        Long[] ids = sharers.stream().map(SharerId::value).distinct().toArray(Long[]::new);
        jdbc.sql("select l.sharer_id, l.level_rank " + bySharer.from()).params(bySharer.args(shop.value(), ids))
                .query((rs, n) -> ranks.put(new SharerId(rs.getLong("sharer_id")), rs.getInt("level_rank")))
                .list();
        return ranks;
    }

    /**
     * Writes whole locked standings through the pipeline: rank, period, lock, opening activity and
     * figures, for standings an intake moved in memory (see LevelActivity.Sales#sold).
     */
    void moveAll(Pipeline pipeline, ShopId shop, List<Standing> moved, Instant now) {
        pipeline.update("sharer_level", "shop_id int8, sharer_id int8", """
                level_rank int4, period_start timestamptz, period_end timestamptz, locked bool, opening_activity_id int8, points int8,
                sales_fen int8, orders int8, recruits int8, customers int8, team_members int8, latest_activity_at timestamptz,
                updated_at timestamptz""",
                moved.stream().map(standing -> {
                    Figures figures = standing.figures();
                    return new Object[] {shop.value(), standing.sharer().value(), standing.rank(), Timestamps.utc(standing.periodStart()),
                            Timestamps.utc(standing.periodEnd()), standing.locked(), standing.openingActivityId(), figures.points(),
                            figures.salesFen(), figures.orders(), figures.recruits(), figures.customers(), figures.teamMembers(),
                            Timestamps.utc(standing.latestActivityAt()), Timestamps.utc(now)};
                }).toList());
    }

    /** Writes the figures and latest activity of these locked standings through the pipeline, an update by key each. */
    void writeAll(Pipeline pipeline, ShopId shop, List<Standing> counted) {
        pipeline.update("sharer_level", "shop_id int8, sharer_id int8",
                "points int8, sales_fen int8, orders int8, recruits int8, customers int8, team_members int8, latest_activity_at timestamptz",
                counted.stream().map(standing -> {
                    Figures figures = standing.figures();
                    return new Object[] {shop.value(), standing.sharer().value(), figures.points(), figures.salesFen(), figures.orders(),
                            figures.recruits(), figures.customers(), figures.teamMembers(), Timestamps.utc(standing.latestActivityAt())};
                }).toList());
    }

    /**
     * Activity {@code activityId} dated {@code at} was recorded for the sharer of this locked
     * standing: it counts for the current period if it belongs there, and the latest activity moves
     * up to {@code at} if it was earlier. The row is written once, if either changed. Answers the
     * standing as it is now.
     */
    Standing recordActivity(ShopId shop, Standing locked, long activityId, Figures activity, Instant at) {
        Standing recorded = locked.active(at);
        if (locked.holds(at, activityId)) {
            recorded = recorded.with(recorded.figures().plus(activity));
        }
        if (!recorded.equals(locked)) {
            write(shop, recorded);
        }
        return recorded;
    }

    /**
     * Sets the figures of the sharer's current period from its activity: for a period that
     * starts on activity recorded already (a sharer catching up after an unlock). Answers the
     * standing as it is now.
     */
    Standing recount(ShopId shop, SharerId sharer) {
        Standing standing = lock(shop, sharer).orElseThrow();
        Figures figures = sum(shop, sharer, standing.periodStart(), standing.periodEnd(), standing.openingActivityId());
        Standing recounted = standing.with(figures);
        if (!recounted.equals(standing)) {
            write(shop, recounted);
        }
        return recounted;
    }

    /**
     * The figures of the sharer's activity dated in [start, end) (a null end leaves it open), less
     * the activity that opened the period and what was recorded before it at that instant.
     */
    Figures sum(ShopId shop, SharerId sharer, Instant start, Instant end, Long openingActivityId) {
        String upTo = end == null ? "" : " and occurred_at < :end";
        return jdbc.sql("""
                select coalesce(sum(points), 0) points, coalesce(sum(sales_fen), 0) sales_fen, coalesce(sum(orders), 0) orders,
                  coalesce(sum(recruits), 0) recruits, coalesce(sum(customers), 0) customers, coalesce(sum(team_members), 0) team_members
                from level_activity where shop_id = :shop and sharer_id = :sharer and occurred_at >= :start
                  and not (occurred_at = :start and id <= :opening)""" + upTo)
                .param("shop", shop.value()).param("sharer", sharer.value())
                .param("start", Timestamps.utc(start)).param("end", Timestamps.utc(end))
                .param("opening", openingActivityId == null ? 0L : openingActivityId)
                .query((rs, n) -> figures(rs))
                .single();
    }

    private static final String WRITE = """
            update sharer_level set points = :points, sales_fen = :sales, orders = :orders, recruits = :recruits,
              customers = :customers, team_members = :teamMembers, latest_activity_at = :latest
            where shop_id = :shop and sharer_id = :sharer""";

    /** Writes the figures and latest activity of a locked standing at once. */
    private void write(ShopId shop, Standing standing) {
        Figures figures = standing.figures();
        batch.update(WRITE, new MapSqlParameterSource().addValue("points", figures.points()).addValue("sales", figures.salesFen())
                .addValue("orders", figures.orders()).addValue("recruits", figures.recruits())
                .addValue("customers", figures.customers()).addValue("teamMembers", figures.teamMembers())
                .addValue("latest", Timestamps.utc(standing.latestActivityAt()))
                .addValue("shop", shop.value()).addValue("sharer", standing.sharer().value()));
    }

    static Figures figures(ResultSet rs) throws SQLException {
        return new Figures(rs.getLong("points"), rs.getLong("sales_fen"), rs.getLong("orders"), rs.getLong("recruits"),
                rs.getLong("customers"), rs.getLong("team_members"));
    }

    private static Standing map(ResultSet rs, int row) throws SQLException {
        return new Standing(new SharerId(rs.getLong("sharer_id")), rs.getInt("level_rank"), Timestamps.instant(rs, "period_start"),
                Timestamps.instant(rs, "period_end"), rs.getBoolean("locked"), rs.getObject("opening_activity_id", Long.class),
                figures(rs), Timestamps.instant(rs, "latest_activity_at"));
    }
}
