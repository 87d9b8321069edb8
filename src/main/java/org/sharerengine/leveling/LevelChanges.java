package org.sharerengine.leveling;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Supplier;
import org.sharerengine.leveling.LevelChange.Cause;
import org.sharerengine.network.Sharer;
import org.sharerengine.network.Sharers;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.Shops;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Moves sharers on the ladder: at once when they earn a higher level, or by the owner's hand. */
@Service
public class LevelChanges {

    private final JdbcClient jdbc;
    private final Standings standings;
    private final PeriodRoll periods;
    private final LevelProgrammes programmes;
    private final SharerLevels levels;
    private final Sharers sharers;
    private final Shops shops;
    private final Clock clock;

    LevelChanges(JdbcClient jdbc, Standings standings, PeriodRoll periods, LevelProgrammes programmes, SharerLevels levels,
            Sharers sharers, Shops shops, Clock clock) {
        this.jdbc = jdbc;
        this.standings = standings;
        this.periods = periods;
        this.programmes = programmes;
        this.levels = levels;
        this.sharers = sharers;
        this.shops = shops;
        this.clock = clock;
    }

    /** A sharer without a level row gets one on rank 1, its period starting at {@code start} (null: when it was created). */
    @Transactional(propagation = Propagation.MANDATORY)
    void ensureStanding(ShopId shop, SharerId sharer, Instant start) {
        periods.insertMissing(shop, zone(shop), clock.instant(), sharer, start);
    }

    /**
     * After new activity dated {@code at}: first closes the sharer's periods that ended by then
     * (the job would have), then counts the activity for the current period if it falls inside,
     * then moves the sharer up to the highest level whose entry condition the period's figures
     * meet, several ranks at once if earned. The new period starts at the moment of the activity;
     * the activity that opened it counted for the one before, what is dated after it (recorded
     * before a late order) counts for the new one as well. Locked sharers' figures are kept, but
     * they stay where the owner put them. Answers whether the level moved.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean afterActivity(ShopId shop, LevelProgramme programme, SharerId sharer, long activityId, Figures activity, Instant at) {
        // This runs on every order, visit and recruit: the shop's time zone is read only when a period ends or starts.
        Instant now = clock.instant();
        Standing standing = lockCreatingIfMissing(shop, sharer, now, () -> zone(shop));
        int before = standing.rank();
        if (!standing.locked() && standing.periodEnd() != null && !standing.periodEnd().isAfter(at)) {
            // The roll recounts the period it leaves the sharer in, this activity included.
            periods.rollDue(shop, programme, zone(shop), at, now, sharer);
            standing = standings.lock(shop, sharer).orElseThrow();
        } else if (standing.holds(at, activityId)) {
            standing = standings.count(shop, standing, activity);
        }
        if (standing.locked()) {
            return false;
        }
        int target = programme.highestEntryMet(standing.figures());
        if (target <= standing.rank()) {
            return standing.rank() != before;
        }
        Instant start = at.isAfter(standing.periodStart()) ? at : standing.periodStart();
        Instant end = programme.level(target).validity().endOf(start, zone(shop));
        // A late order starts the period before activity recorded earlier but dated after it, which counts for both.
        move(shop, standing, target, start, end, false, activityId, standings.sum(shop, sharer, start, end, activityId));
        record(shop, programme, standing, target, Cause.UPGRADE, null, false, standing.figures(), start);
        return true;
    }

    /**
     * The owner puts a sharer on a level (audited with the reason), optionally locking it against
     * automatic changes; a new period starts now. Setting the same level and lock again changes nothing.
     * Answers the sharer's progress afterwards, from the programme and time zone read here.
     */
    @Transactional
    public LevelProgress setByOwner(ShopId shop, SharerId sharer, Integer rank, String reason, boolean locked) {
        Sharer subject = sharers.get(shop, sharer);
        LevelProgramme programme = programmes.find(shop).orElseThrow(LevelChanges::noProgramme);
        if (rank == null || rank < 1 || rank > programme.topRank()) {
            throw ApiProblem.invalid("rank", "must be a rank of the shop's ladder, 1 to " + programme.topRank());
        }
        if (reason == null || reason.isBlank() || reason.strip().length() > 500) {
            throw ApiProblem.invalid("reason", "must say why, in 1 to 500 characters");
        }
        Instant now = clock.instant();
        ZoneId zone = zone(shop);
        Standing standing = lockCreatingIfMissing(shop, sharer, now, () -> zone);
        if (standing.rank() == rank && standing.locked() == locked) {
            return levels.progress(shop, subject, programme, zone);
        }
        if (standing.rank() == rank) {
            // Only the lock changes: the period runs on as it was.
            move(shop, standing, rank, standing.periodStart(), standing.periodEnd(), locked, standing.openingActivityId(),
                    standing.figures());
        } else {
            Instant end = programme.level(rank).validity().endOf(now, zone);
            move(shop, standing, rank, now, end, locked, null, standings.sum(shop, sharer, now, end, null));
        }
        record(shop, programme, standing, rank, Cause.MANUAL, reason.strip(), locked, standing.figures(), now);
        if (standing.locked() && !locked && standing.rank() == rank) {
            catchUp(shop, programme, standing, zone, now);
        }
        return levels.progress(shop, subject, programme, zone);
    }

    /**
     * Unlocking keeps the period, which the job judges when it ends. But activity recorded during
     * the lock and dated after the period's end would have rolled an unlocked sharer's periods
     * (see {@link #afterActivity}); the job could not count it for the period it belongs to. So
     * the unlocked sharer's periods are rolled up to the latest such activity now, each recounted
     * from its activity, as they would have been.
     */
    private void catchUp(ShopId shop, LevelProgramme programme, Standing unlocked, ZoneId zone, Instant now) {
        if (unlocked.periodEnd() == null) {
            return;
        }
        jdbc.sql("""
                select max(occurred_at) latest from level_activity
                where shop_id = :shop and sharer_id = :sharer and occurred_at >= :end""")
                .param("shop", shop.value()).param("sharer", unlocked.sharer().value()).param("end", Timestamps.utc(unlocked.periodEnd()))
                .query((rs, n) -> Optional.ofNullable(Timestamps.instant(rs, "latest"))).single()
                .ifPresent(latest -> periods.rollDue(shop, programme, zone, latest, now, unlocked.sharer()));
    }

    /** The sharer's level row, locked; a sharer the ladder has not touched yet gets one on rank 1 first. */
    private Standing lockCreatingIfMissing(ShopId shop, SharerId sharer, Instant now, Supplier<ZoneId> zone) {
        return standings.lock(shop, sharer).orElseGet(() -> {
            periods.insertMissing(shop, zone.get(), now, sharer, null);
            return standings.lock(shop, sharer).orElseThrow();
        });
    }

    static ApiProblem noProgramme() {
        return ApiProblem.conflict("no_level_programme", "This shop has no level programme; PUT /api/v1/level-programme first.");
    }

    private void move(ShopId shop, Standing standing, int rank, Instant start, Instant end, boolean locked, Long openingActivityId,
            Figures figures) {
        jdbc.sql("""
                update sharer_level set level_rank = :rank, period_start = :start, period_end = :end, locked = :locked,
                  opening_activity_id = :opening, points = :points, sales_fen = :sales, orders = :orders, recruits = :recruits,
                  customers = :customers, team_members = :teamMembers, updated_at = :now
                where shop_id = :shop and sharer_id = :sharer""")
                .param("rank", rank).param("start", Timestamps.utc(start)).param("end", Timestamps.utc(end))
                .param("opening", openingActivityId).param("points", figures.points()).param("sales", figures.salesFen())
                .param("orders", figures.orders()).param("recruits", figures.recruits()).param("customers", figures.customers())
                .param("teamMembers", figures.teamMembers())
                .param("locked", locked).param("now", Timestamps.utc(clock.instant()))
                .param("shop", shop.value()).param("sharer", standing.sharer().value()).update();
    }

    private void record(ShopId shop, LevelProgramme programme, Standing before, int to, Cause cause, String reason, boolean locked,
            Figures figures, Instant at) {
        String fromName = programme.level(before.rank()).name();
        String toName = programme.level(to).name();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into level_history (shop_id, sharer_id, from_rank, to_rank, from_name, to_name, cause, reason, locked, points,
                  sales_fen, orders, recruits, customers, team_members, period_start, period_end, changed_at, created_at)
                values (:shop, :sharer, :from, :to, :fromName, :toName, :cause, :reason, :locked, :points, :sales, :orders, :recruits,
                  :customers, :teamMembers, :periodStart, :periodEnd, :at, :now)""")
                .param("shop", shop.value()).param("sharer", before.sharer().value()).param("from", before.rank()).param("to", to)
                .param("fromName", fromName).param("toName", toName).param("cause", cause.name()).param("reason", reason)
                .param("locked", locked).param("points", figures.points()).param("sales", figures.salesFen())
                .param("orders", figures.orders()).param("recruits", figures.recruits()).param("customers", figures.customers())
                .param("teamMembers", figures.teamMembers()).param("periodStart", Timestamps.utc(before.periodStart()))
                .param("periodEnd", Timestamps.utc(before.periodEnd())).param("at", Timestamps.utc(at))
                .param("now", Timestamps.utc(clock.instant()))
                .update(key, "id");
        if (to == before.rank()) {
            return;
        }
        String message = switch (cause) {
            case UPGRADE -> "恭喜升级为" + title(toName);
            case DOWNGRADE -> "等级有效期结束，等级调整为" + title(toName);
            case MANUAL -> "店长已将你的等级调整为" + title(toName);
        };
        jdbc.sql("""
                insert into sharer_notification (shop_id, sharer_id, kind, message, history_id, created_at)
                values (:shop, :sharer, :kind, :message, :history, :at)""")
                .param("shop", shop.value()).param("sharer", before.sharer().value()).param("kind", "LEVEL_" + cause.name())
                .param("message", message).param("history", key.getKey().longValue()).param("at", Timestamps.utc(at)).update();
    }

    /** "高级" reads as 高级分享员; a name that already says 分享员 stays as it is (same rule as the job's SQL). */
    static String title(String levelName) {
        return levelName.endsWith("分享员") ? levelName : levelName + "分享员";
    }

    private ZoneId zone(ShopId shop) {
        return shops.settings(shop).zone();
    }
}
