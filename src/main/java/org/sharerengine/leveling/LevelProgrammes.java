package org.sharerengine.leveling;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.ProgrammeCache;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.Shops;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The level programme of each shop; a shop without one keeps everybody on rank 1. */
@Service
public class LevelProgrammes {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final Shops shops;
    private final Clock clock;
    /** Per shop, at its programme version: the programme, for intake; a thousand shops' (a few kilobytes each). */
    private final ProgrammeCache<ShopId, Optional<LevelProgramme>> kept = new ProgrammeCache<>(1_000, programme -> 1);

    LevelProgrammes(JdbcClient jdbc, NamedParameterJdbcTemplate batch, Shops shops, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.shops = shops;
        this.clock = clock;
    }

    /** One read for the point sources and the ladder together: every order, visit and recruit of the shop asks for it. */
    public Optional<LevelProgramme> find(ShopId shop) {
        record Row(int perYuan, int perOrder, int perCustomer, int perRecruit, int perTeamMember, Level level) {
        }
        List<Row> rows = jdbc.sql("""
                select p.points_per_yuan, p.points_per_order, p.points_per_new_customer, p.points_per_recruit,
                  p.points_per_team_member, d.*
                from level_programme p join level_definition d on d.shop_id = p.shop_id
                where p.shop_id = :shop order by d.level_rank""")
                .param("shop", shop.value())
                .query((rs, n) -> new Row(rs.getInt("points_per_yuan"), rs.getInt("points_per_order"),
                        rs.getInt("points_per_new_customer"), rs.getInt("points_per_recruit"), rs.getInt("points_per_team_member"),
                        level(rs, n)))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Row first = rows.getFirst();
        return Optional.of(new LevelProgramme(first.perYuan(), first.perOrder(), first.perCustomer(), first.perRecruit(),
                first.perTeamMember(), rows.stream().map(Row::level).toList()));
    }

    /**
     * As {@link #find(ShopId)}, for a reader that saw the shop's programme at {@code programmeVersion}
     * ({@link Shops#programme}): read once per version (see {@link ProgrammeCache}).
     */
    public Optional<LevelProgramme> find(ShopId shop, long programmeVersion) {
        return kept.get(shop, programmeVersion, () -> find(shop));
    }

    public LevelProgramme get(ShopId shop) {
        shops.get(shop);
        return find(shop).orElseThrow(() -> ApiProblem.notFound("level_programme", shop));
    }

    /**
     * Replaces the programme. The ladder may grow, shrink or be renamed, but never lose a rank
     * that a sharer holds: those sharers would stand on nothing (409). Sharers keep their rank
     * and current period; the new conditions apply from the next evaluation on.
     */
    @Transactional
    public LevelProgramme save(ShopId shop, LevelProgramme requested) {
        shops.programmeChanged(shop);
        LevelProgramme programme = requested.validated();
        var now = Timestamps.utc(clock.instant());
        int updated = jdbc.sql("""
                update level_programme set points_per_yuan = :perYuan, points_per_order = :perOrder,
                  points_per_new_customer = :perCustomer, points_per_recruit = :perRecruit, points_per_team_member = :perTeamMember,
                  updated_at = :now
                where shop_id = :shop""")
                .params(sources(shop, programme)).param("now", now).update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into level_programme (shop_id, points_per_yuan, points_per_order, points_per_new_customer,
                      points_per_recruit, points_per_team_member, updated_at)
                    values (:shop, :perYuan, :perOrder, :perCustomer, :perRecruit, :perTeamMember, :now)""")
                    .params(sources(shop, programme)).param("now", now).update();
        }
        // The programme row is locked by now, so no level run or other change of the ladder interleaves.
        List<Integer> stranded = jdbc.sql("""
                select distinct level_rank from sharer_level where shop_id = :shop and level_rank > :top order by level_rank""")
                .param("shop", shop.value()).param("top", programme.topRank()).query(Integer.class).list();
        if (!stranded.isEmpty()) {
            throw ApiProblem.conflict("level_rank_in_use", "Sharers currently hold rank(s) " + stranded
                    + "; a ladder of " + programme.topRank() + " levels would drop them. Set those sharers to another level first.");
        }
        jdbc.sql("delete from level_definition where shop_id = :shop").param("shop", shop.value()).update();
        batch.batchUpdate("""
                insert into level_definition (shop_id, level_rank, name, entry_match, entry_points, entry_sales_fen, entry_orders,
                  entry_recruits, keep_match, keep_points, keep_sales_fen, keep_orders, keep_recruits, validity_unit,
                  validity_length, campaign_priority)
                values (:shop, :rank, :name, :entryMatch, :entryPoints, :entrySales, :entryOrders, :entryRecruits, :keepMatch,
                  :keepPoints, :keepSales, :keepOrders, :keepRecruits, :unit, :length, :priority)""",
                programme.levels().stream().map(level -> definition(shop, level)).toArray(MapSqlParameterSource[]::new));
        return programme;
    }

    private static java.util.Map<String, Object> sources(ShopId shop, LevelProgramme programme) {
        return java.util.Map.of("shop", shop.value(), "perYuan", programme.pointsPerYuan(), "perOrder", programme.pointsPerOrder(),
                "perCustomer", programme.pointsPerNewCustomer(), "perRecruit", programme.pointsPerRecruit(),
                "perTeamMember", programme.pointsPerTeamMember());
    }

    private static MapSqlParameterSource definition(ShopId shop, Level level) {
        Condition entry = level.entry();
        Condition keep = level.keep();
        return new MapSqlParameterSource().addValue("shop", shop.value()).addValue("rank", level.rank())
                .addValue("name", level.name())
                .addValue("entryMatch", entry == null ? null : entry.match().name())
                .addValue("entryPoints", entry == null ? null : entry.points())
                .addValue("entrySales", entry == null ? null : entry.salesFen())
                .addValue("entryOrders", entry == null ? null : entry.orders())
                .addValue("entryRecruits", entry == null ? null : entry.recruits())
                .addValue("keepMatch", keep == null ? null : keep.match().name())
                .addValue("keepPoints", keep == null ? null : keep.points())
                .addValue("keepSales", keep == null ? null : keep.salesFen())
                .addValue("keepOrders", keep == null ? null : keep.orders())
                .addValue("keepRecruits", keep == null ? null : keep.recruits())
                .addValue("unit", level.validity().unit().name()).addValue("length", level.validity().length())
                .addValue("priority", level.campaignPriority());
    }

    private static Level level(ResultSet rs, int row) throws SQLException {
        return new Level(rs.getInt("level_rank"), rs.getString("name"), condition(rs, "entry_"), condition(rs, "keep_"),
                new Validity(Validity.Unit.valueOf(rs.getString("validity_unit")), rs.getObject("validity_length", Integer.class)),
                rs.getBoolean("campaign_priority"));
    }

    private static Condition condition(ResultSet rs, String prefix) throws SQLException {
        String match = rs.getString(prefix + "match");
        if (match == null) {
            return null;
        }
        return new Condition(Condition.Match.valueOf(match), rs.getObject(prefix + "points", Long.class),
                rs.getObject(prefix + "sales_fen", Long.class), rs.getObject(prefix + "orders", Long.class),
                rs.getObject(prefix + "recruits", Long.class));
    }
}
