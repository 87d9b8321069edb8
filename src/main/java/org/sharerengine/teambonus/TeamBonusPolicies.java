package org.sharerengine.teambonus;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.Shops;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The shop's team bonus policy, versioned: older versions stay for the periods computed by them. */
@Service
public class TeamBonusPolicies {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final Shops shops;
    private final Clock clock;

    TeamBonusPolicies(JdbcClient jdbc, NamedParameterJdbcTemplate batch, Shops shops, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.shops = shops;
        this.clock = clock;
    }

    public TeamBonusPolicy current(ShopId shop) {
        shops.get(shop);
        return find(shop, false).orElseGet(TeamBonusPolicy::none);
    }

    /**
     * Sets the period and tiers (period default MONTH). Periods already computed keep the tiers
     * they were computed with; the new ones apply to every period not yet run. Setting what is
     * already in force changes nothing.
     */
    @Transactional
    public TeamBonusPolicy change(ShopId shop, PeriodUnit period, List<TeamBonusPolicy.Tier> tiers) {
        List<TeamBonusPolicy.Tier> valid = TeamBonusPolicy.validTiers(tiers);
        PeriodUnit unit = period == null ? PeriodUnit.MONTH : period;
        shops.get(shop);
        Optional<TeamBonusPolicy> existing = find(shop, true);
        if (existing.isPresent() && existing.get().period() == unit && existing.get().tiers().equals(valid)) {
            return existing.get();
        }
        int version = existing.map(p -> p.version() + 1).orElse(1);
        Instant now = clock.instant();
        if (existing.isPresent()) {
            jdbc.sql("update team_bonus_policy set version = :version, period_unit = :unit, updated_at = :now where shop_id = :shop")
                    .param("version", version).param("unit", unit.name()).param("now", Timestamps.utc(now))
                    .param("shop", shop.value()).update();
        } else {
            jdbc.sql("insert into team_bonus_policy (shop_id, version, period_unit, updated_at) values (:shop, :version, :unit, :now)")
                    .param("shop", shop.value()).param("version", version).param("unit", unit.name())
                    .param("now", Timestamps.utc(now)).update();
        }
        batch.batchUpdate("insert into team_bonus_tier (shop_id, version, min_sales_fen, rate_bp) values (:shop, :version, :min, :rate)",
                valid.stream().map(t -> new MapSqlParameterSource().addValue("shop", shop.value()).addValue("version", version)
                        .addValue("min", t.minSalesFen()).addValue("rate", t.rateBp())).toArray(MapSqlParameterSource[]::new));
        return new TeamBonusPolicy(version, unit, valid, now);
    }

    /** The version in force, its row locked: bonus runs of one shop take this lock and so run one at a time. */
    @Transactional(propagation = Propagation.MANDATORY)
    int lockVersion(ShopId shop) {
        return jdbc.sql("select version from team_bonus_policy where shop_id = :shop for update")
                .param("shop", shop.value()).query(Integer.class).optional().orElseThrow(TeamBonusPolicies::noPolicy);
    }

    /** The tiers of a version (an empty list if none). */
    List<TeamBonusPolicy.Tier> tiers(ShopId shop, int version) {
        return jdbc.sql("select min_sales_fen, rate_bp from team_bonus_tier where shop_id = :shop and version = :version order by min_sales_fen")
                .param("shop", shop.value()).param("version", version)
                .query((rs, n) -> new TeamBonusPolicy.Tier(rs.getLong("min_sales_fen"), rs.getInt("rate_bp"))).list();
    }

    private Optional<TeamBonusPolicy> find(ShopId shop, boolean forUpdate) {
        return jdbc.sql("select * from team_bonus_policy where shop_id = :shop" + (forUpdate ? " for update" : ""))
                .param("shop", shop.value())
                .query((rs, n) -> new TeamBonusPolicy(rs.getInt("version"), PeriodUnit.valueOf(rs.getString("period_unit")),
                        List.of(), Timestamps.instant(rs, "updated_at")))
                .optional()
                .map(p -> new TeamBonusPolicy(p.version(), p.period(), tiers(shop, p.version()), p.updatedAt()));
    }

    static ApiProblem noPolicy() {
        return ApiProblem.conflict("no_team_bonus_policy", "This shop has no team bonus policy; PUT /api/v1/team-bonus/policy first.");
    }
}
