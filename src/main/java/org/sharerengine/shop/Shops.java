package org.sharerengine.shop;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.Reads;
import org.sharerengine.shared.ShopId;
import static org.sharerengine.shared.Timestamps.utc;
import org.sharerengine.shared.Timestamps;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Shops (tenants) and their programme settings. */
@Service
public class Shops {

    private final JdbcClient jdbc;
    private final Clock clock;

    Shops(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public Shop create(String name, ProgrammeSettings settings) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ApiProblem.invalid("name", "must be 1 to 200 characters");
        }
        settings.validate();
        Instant now = clock.instant();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into shop (name, time_zone, programme_mode, recruitment_open, approval_required, commission_depth,
                  level1_rate_bp, level2_rate_bp, level3_rate_bp, self_purchase_commission, binding_validity_days,
                  binding_protection, settlement_trigger, settlement_delay_days, withdrawal_threshold_fen, withdrawal_fee_bp,
                  max_managers, max_sharers_per_manager, max_shops_per_person, created_at)
                values (:name, :timeZone, :mode, :recruitmentOpen, :approvalRequired, :depth, :l1, :l2, :l3, :selfPurchase,
                  :bindingDays, :protection, :trigger, :delay, :threshold, :fee, :maxManagers, :maxSharersPerManager,
                  :maxShopsPerPerson, :now)""")
                .param("name", name.strip())
                .params(columns(settings))
                .param("now", utc(now))
                .update(key, "id");
        ShopId id = new ShopId(key.getKey().longValue());
        return new Shop(id, name.strip(), settings, now);
    }

    public Shop get(ShopId shop) {
        return find(shop).orElseThrow(() -> ApiProblem.notFound("shop", shop));
    }

    public Optional<Shop> find(ShopId shop) {
        return row(shop, Shops::map);
    }

    private <T> Optional<T> row(ShopId shop, RowMapper<T> mapper) {
        return jdbc.sql("select * from shop where id = :id").param("id", shop.value()).query(mapper).optional();
    }

    public ProgrammeSettings settings(ShopId shop) {
        return get(shop).settings();
    }

    /**
     * The shop's settings and the version of its programme they belong to, in one read among
     * {@code reads}; see {@link #programmeChanged}.
     */
    public Reads.Answer<Programme> programme(Reads reads, ShopId shop) {
        return reads.rows("select * from shop where id = ?", new Object[] {shop.value()},
                (rs, n) -> new Programme(map(rs, n).settings(), rs.getLong("programme_version")))
                .then(found -> found.stream().findFirst().orElseThrow(() -> ApiProblem.notFound("shop", shop)));
    }

    /**
     * Marks a change to the shop's programme (its product library, boosts or level programme; the
     * settings mark their own): the next version of the programme, taken in the caller's transaction,
     * which must make the change itself. What was read of the older version (see {@link Programme})
     * is not used again once the change commits, on any instance. Called before the change, so that
     * every programme change locks the shop row first and two changes never wait on each other in
     * opposite orders.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void programmeChanged(ShopId shop) {
        if (jdbc.sql("update shop set programme_version = programme_version + 1 where id = :id").param("id", shop.value()).update() == 0) {
            throw ApiProblem.notFound("shop", shop);
        }
    }

    public List<Shop> all() {
        return jdbc.sql("select * from shop order by id").query(Shops::map).list();
    }

    @Transactional
    public Shop updateSettings(ShopId shop, ProgrammeSettings settings) {
        settings.validate();
        int updated = jdbc.sql("""
                update shop set time_zone = :timeZone, programme_mode = :mode, recruitment_open = :recruitmentOpen,
                  approval_required = :approvalRequired, commission_depth = :depth, level1_rate_bp = :l1, level2_rate_bp = :l2,
                  level3_rate_bp = :l3, self_purchase_commission = :selfPurchase, binding_validity_days = :bindingDays,
                  binding_protection = :protection, settlement_trigger = :trigger, settlement_delay_days = :delay,
                  withdrawal_threshold_fen = :threshold, withdrawal_fee_bp = :fee, max_managers = :maxManagers,
                  max_sharers_per_manager = :maxSharersPerManager, max_shops_per_person = :maxShopsPerPerson,
                  programme_version = programme_version + 1
                where id = :id""")
                .params(columns(settings)).param("id", shop.value()).update();
        if (updated == 0) {
            throw ApiProblem.notFound("shop", shop);
        }
        return get(shop);
    }

    private static java.util.Map<String, Object> columns(ProgrammeSettings s) {
        java.util.Map<String, Object> p = new java.util.HashMap<>();
        p.put("timeZone", s.timeZone());
        p.put("mode", s.programmeMode().name());
        p.put("recruitmentOpen", s.recruitmentOpen());
        p.put("approvalRequired", s.approvalRequired());
        p.put("depth", s.commissionDepth());
        p.put("l1", s.level1RateBp());
        p.put("l2", s.level2RateBp());
        p.put("l3", s.level3RateBp());
        p.put("selfPurchase", s.selfPurchaseCommission());
        p.put("bindingDays", s.bindingValidityDays());
        p.put("protection", s.bindingProtection().name());
        p.put("trigger", s.settlementTrigger().name());
        p.put("delay", s.settlementDelayDays());
        p.put("threshold", s.withdrawalThresholdFen());
        p.put("fee", s.withdrawalFeeBp());
        p.put("maxManagers", s.maxManagers());
        p.put("maxSharersPerManager", s.maxSharersPerManager());
        p.put("maxShopsPerPerson", s.maxShopsPerPerson());
        return p;
    }

    private static Shop map(ResultSet rs, int row) throws SQLException {
        Integer bindingDays = (Integer) rs.getObject("binding_validity_days", Integer.class);
        ProgrammeSettings settings = new ProgrammeSettings(rs.getString("time_zone"),
                ProgrammeSettings.ProgrammeMode.valueOf(rs.getString("programme_mode")), rs.getBoolean("recruitment_open"),
                rs.getBoolean("approval_required"), rs.getInt("commission_depth"), rs.getInt("level1_rate_bp"),
                rs.getInt("level2_rate_bp"), rs.getInt("level3_rate_bp"), rs.getBoolean("self_purchase_commission"),
                bindingDays, ProgrammeSettings.BindingProtection.valueOf(rs.getString("binding_protection")),
                ProgrammeSettings.SettlementTrigger.valueOf(rs.getString("settlement_trigger")),
                rs.getInt("settlement_delay_days"), rs.getLong("withdrawal_threshold_fen"), rs.getInt("withdrawal_fee_bp"),
                rs.getInt("max_managers"), rs.getInt("max_sharers_per_manager"), rs.getInt("max_shops_per_person"));
        return new Shop(new ShopId(rs.getLong("id")), rs.getString("name"), settings,
                Timestamps.instant(rs, "created_at"));
    }
}
