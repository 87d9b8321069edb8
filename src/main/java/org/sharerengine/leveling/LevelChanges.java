package org.sharerengine.leveling;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.sharerengine.leveling.LevelChange.Cause;
import org.sharerengine.network.Sharer;
import org.sharerengine.network.Sharers;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.BatchInserts;
import org.sharerengine.shared.Pipeline;
import org.sharerengine.shared.Pipelines;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.Shops;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Moves sharers on the ladder: at once when they earn a higher level, or by the owner's hand. */
@Service
public class LevelChanges {

    private final Standings standings;
    private final PeriodRoll periods;
    private final LevelProgrammes programmes;
    private final SharerLevels levels;
    private final Sharers sharers;
    private final Shops shops;
    private final BatchInserts inserts;
    private final Pipelines pipelines;
    private final Clock clock;

    LevelChanges(Standings standings, PeriodRoll periods, LevelProgrammes programmes, SharerLevels levels,
            Sharers sharers, Shops shops, BatchInserts inserts, Pipelines pipelines, Clock clock) {
        this.standings = standings;
        this.periods = periods;
        this.programmes = programmes;
        this.levels = levels;
        this.sharers = sharers;
        this.shops = shops;
        this.inserts = inserts;
        this.pipelines = pipelines;
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
     * they stay where the owner put them. Answers the sharer's rank when it moved.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    OptionalInt afterActivity(ShopId shop, LevelProgramme programme, SharerId sharer, long activityId, Figures activity, Instant at) {
        // This runs on every order, visit and recruit: the shop's time zone is read only when a period ends or starts.
        Instant now = clock.instant();
        // Counted if the current period holds it (it does not when that period has ended by then).
        Standing standing = standings.recordActivity(shop, lockCreatingIfMissing(shop, sharer, now, () -> zone(shop)), activityId,
                activity, at);
        int before = standing.rank();
        if (!standing.locked() && standing.periodEnd() != null && !standing.periodEnd().isAfter(at)) {
            // The roll recounts the period it leaves the sharer in, this activity included.
            periods.rollDue(shop, programme, zone(shop), at, now, sharer);
            standing = standings.lock(shop, sharer).orElseThrow();
        }
        if (standing.locked()) {
            return OptionalInt.empty();
        }
        int target = programme.highestEntryMet(standing.figures());
        if (target <= standing.rank()) {
            return standing.rank() != before ? OptionalInt.of(standing.rank()) : OptionalInt.empty();
        }
        Instant start = at.isAfter(standing.periodStart()) ? at : standing.periodStart();
        Instant end = programme.level(target).validity().endOf(start, zone(shop));
        // A late order starts the period before activity recorded earlier but dated after it, which counts for both.
        Standing moved = new Standing(sharer, target, start, end, false, activityId, standings.sum(shop, sharer, start, end, activityId),
                standing.latestActivityAt());
        moveAndRecord(shop, programme, moved, new Change(standing, target, Cause.UPGRADE, null, false, start));
        return OptionalInt.of(target);
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
        Standing moved;
        if (standing.rank() == rank) {
            // Only the lock changes: the period runs on as it was.
            moved = new Standing(sharer, rank, standing.periodStart(), standing.periodEnd(), locked, standing.openingActivityId(),
                    standing.figures(), standing.latestActivityAt());
        } else {
            Instant end = programme.level(rank).validity().endOf(now, zone);
            moved = new Standing(sharer, rank, now, end, locked, null, standings.sum(shop, sharer, now, end, null),
                    standing.latestActivityAt());
        }
        moveAndRecord(shop, programme, moved, new Change(standing, rank, Cause.MANUAL, reason.strip(), locked, now));
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
        Instant latest = unlocked.latestActivityAt();
        if (unlocked.periodEnd() != null && latest != null && !latest.isBefore(unlocked.periodEnd())) {
            periods.rollDue(shop, programme, zone, latest, now, unlocked.sharer());
        }
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

    /**
     * A change of level to write into the history: from where the sharer stood (with the figures
     * behind the change), to which rank, why, at {@code at} (business time).
     */
    record Change(Standing before, int to, Cause cause, String reason, boolean locked, Instant at) {
    }

    /** Writes the sharer's level row as it is now moved, the change into the history and its notification, at once. */
    private void moveAndRecord(ShopId shop, LevelProgramme programme, Standing moved, Change change) {
        Pipeline pipeline = pipelines.open();
        standings.moveAll(pipeline, shop, List.of(moved), clock.instant());
        recordAll(pipeline, shop, programme, List.of(change), inserts.reserve(Map.of(HISTORY, 1)));
        pipeline.send();
    }

    static final String HISTORY = "level_history";
    private static final String HISTORY_COLUMNS = """
            shop_id int8, sharer_id int8, from_rank int4, to_rank int4, from_name varchar, to_name varchar, cause varchar, reason varchar,
            locked bool, points int8, sales_fen int8, orders int8, recruits int8, customers int8, team_members int8,
            period_start timestamptz, period_end timestamptz, changed_at timestamptz, created_at timestamptz""";
    private static final String NOTIFICATION = "shop_id int8, sharer_id int8, kind varchar, message varchar, history_id int8, created_at timestamptz";

    /**
     * Writes changes into the history, through the pipeline, with ids {@code reserved} for them, and
     * tells each sharer whose rank moved (a change of the lock alone is history, not news).
     */
    void recordAll(Pipeline pipeline, ShopId shop, LevelProgramme programme, List<Change> changes, BatchInserts.Reserved reserved) {
        if (changes.isEmpty()) {
            return;
        }
        OffsetDateTime now = Timestamps.utc(clock.instant());
        List<Object[]> rows = new ArrayList<>(changes.size());
        for (Change change : changes) {
            Standing before = change.before();
            Figures figures = before.figures();
            rows.add(new Object[] {shop.value(), before.sharer().value(), before.rank(), change.to(), programme.level(before.rank()).name(),
                    programme.level(change.to()).name(), change.cause().name(), change.reason(), change.locked(), figures.points(),
                    figures.salesFen(), figures.orders(), figures.recruits(), figures.customers(), figures.teamMembers(),
                    Timestamps.utc(before.periodStart()), Timestamps.utc(before.periodEnd()), Timestamps.utc(change.at()), now});
        }
        long[] ids = inserts.insert(pipeline, HISTORY, HISTORY_COLUMNS, rows, reserved);
        List<Object[]> notifications = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            Change change = changes.get(i);
            if (change.to() != change.before().rank()) {
                notifications.add(new Object[] {shop.value(), change.before().sharer().value(), "LEVEL_" + change.cause().name(),
                        message(change.cause(), programme.level(change.to()).name()), ids[i], Timestamps.utc(change.at())});
            }
        }
        pipeline.insert("sharer_notification", NOTIFICATION, "", notifications);
    }

    private static String message(Cause cause, String toName) {
        return switch (cause) {
            case UPGRADE -> "恭喜升级为" + title(toName);
            case DOWNGRADE -> "等级有效期结束，等级调整为" + title(toName);
            case MANUAL -> "店长已将你的等级调整为" + title(toName);
        };
    }

    /** "高级" reads as 高级分享员; a name that already says 分享员 stays as it is (same rule as the job's SQL). */
    static String title(String levelName) {
        return levelName.endsWith("分享员") ? levelName : levelName + "分享员";
    }

    private ZoneId zone(ShopId shop) {
        return shops.settings(shop).zone();
    }
}
