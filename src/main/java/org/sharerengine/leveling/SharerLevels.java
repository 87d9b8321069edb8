package org.sharerengine.leveling;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sharerengine.network.Sharer;
import org.sharerengine.network.Sharers;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.Shops;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Where each sharer stands on the shop's level ladder (SPEC §5): rank 1 is the first rung. */
@Service
public class SharerLevels {

    public static final int FIRST_RANK = 1;

    private final JdbcClient jdbc;
    private final Standings standings;
    private final LevelProgrammes programmes;
    private final Sharers sharers;
    private final Shops shops;
    private final Clock clock;

    SharerLevels(JdbcClient jdbc, Standings standings, LevelProgrammes programmes, Sharers sharers, Shops shops, Clock clock) {
        this.jdbc = jdbc;
        this.standings = standings;
        this.programmes = programmes;
        this.sharers = sharers;
        this.shops = shops;
        this.clock = clock;
    }

    /** The current rank of each sharer asked for; a sharer the ladder has not touched yet is on rank 1. */
    public Map<SharerId, Integer> ranksOf(ShopId shop, Collection<SharerId> sharers) {
        return standings.ranks(shop, sharers);
    }

    /** The sharer's level, this period's figures and the thresholds ahead (SPEC §5: points, next threshold, days left). */
    public LevelProgress progress(ShopId shop, SharerId id) {
        Sharer sharer = sharers.get(shop, id);
        Optional<LevelProgramme> found = programmes.find(shop);
        if (found.isEmpty()) {
            return new LevelProgress(id.value(), false, FIRST_RANK, null, false, false, Validity.PERMANENT, sharer.createdAt(), null,
                    null, Figures.NONE, null, null);
        }
        return progress(shop, sharer, found.get(), shops.settings(shop).zone());
    }

    /** The progress of a sharer whose programme and shop time zone the caller has read already. */
    LevelProgress progress(ShopId shop, Sharer sharer, LevelProgramme programme, ZoneId zone) {
        SharerId id = sharer.id();
        // A sharer the ladder has not touched yet stands on rank 1 from the day it was created.
        Standing standing = standings.find(shop, id).orElseGet(() -> new Standing(id, FIRST_RANK, sharer.createdAt(),
                programme.level(FIRST_RANK).validity().endOf(sharer.createdAt(), zone), false, null, Figures.NONE, null));
        Level level = programme.level(standing.rank());
        Figures figures = standing.figures();
        LevelProgress.NextLevel next = standing.rank() < programme.topRank()
                ? new LevelProgress.NextLevel(standing.rank() + 1, programme.level(standing.rank() + 1).name(),
                        programme.level(standing.rank() + 1).entry())
                : null;
        Condition keep = standing.periodEnd() == null || standing.rank() == FIRST_RANK ? null : level.keep();
        return new LevelProgress(id.value(), true, standing.rank(), level.name(), standing.locked(), level.campaignPriority(),
                level.validity(), standing.periodStart(), standing.periodEnd(), daysLeft(standing.periodEnd(), zone), figures, next,
                keep);
    }

    private Long daysLeft(Instant periodEnd, ZoneId zone) {
        if (periodEnd == null) {
            return null;
        }
        Instant now = clock.instant();
        if (!periodEnd.isAfter(now)) {
            return 0L;
        }
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate lastDay = periodEnd.minusNanos(1).atZone(zone).toLocalDate();
        return ChronoUnit.DAYS.between(today, lastDay) + 1;
    }

    /** The sharer's level changes, newest first. */
    public List<LevelChange> history(ShopId shop, SharerId sharer, long beforeId, int limit) {
        sharers.get(shop, sharer);
        return jdbc.sql("""
                select * from level_history where shop_id = :shop and sharer_id = :sharer and id < :before
                order by id desc fetch first :limit rows only""")
                .param("shop", shop.value()).param("sharer", sharer.value()).param("before", beforeId).param("limit", limit)
                .query(SharerLevels::change).list();
    }

    /** The sharer's notifications, newest first. */
    public List<SharerNotification> notifications(ShopId shop, SharerId sharer, long beforeId, int limit) {
        sharers.get(shop, sharer);
        return jdbc.sql("""
                select * from sharer_notification where shop_id = :shop and sharer_id = :sharer and id < :before
                order by id desc fetch first :limit rows only""")
                .param("shop", shop.value()).param("sharer", sharer.value()).param("before", beforeId).param("limit", limit)
                .query((rs, n) -> new SharerNotification(rs.getLong("id"), rs.getLong("sharer_id"), rs.getString("kind"),
                        rs.getString("message"), rs.getObject("history_id", Long.class), Timestamps.instant(rs, "created_at")))
                .list();
    }

    private static LevelChange change(ResultSet rs, int row) throws SQLException {
        return new LevelChange(rs.getLong("id"), rs.getLong("sharer_id"), rs.getInt("from_rank"), rs.getString("from_name"),
                rs.getInt("to_rank"), rs.getString("to_name"), LevelChange.Cause.valueOf(rs.getString("cause")),
                rs.getString("reason"), rs.getBoolean("locked"),
                Standings.figures(rs),
                Timestamps.instant(rs, "period_start"), Timestamps.instant(rs, "period_end"), Timestamps.instant(rs, "changed_at"));
    }
}
