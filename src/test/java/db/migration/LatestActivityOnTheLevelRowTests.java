package db.migration;

import static db.migration.MigrationSchema.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * V17 on a database that V15 (V16 on PostgreSQL) left with level rows and their activity: each row gets the business
 * time of its sharer's latest activity (not the activity recorded last), a row without activity
 * none, and another shop's activity counts for nothing. On H2, or on a schema of its own in the
 * suite's PostgreSQL database in the PostgreSQL pass.
 */
class LatestActivityOnTheLevelRowTests {

    @Test
    void eachLevelRowGetsItsSharersLatestActivity() throws SQLException {
        MigrationSchema schema = new MigrationSchema("v17_test");
        schema.at("15", sql -> {
            sql.execute("""
                    insert into shop (id, name, time_zone, programme_mode, recruitment_open, approval_required, commission_depth,
                        level1_rate_bp, level2_rate_bp, level3_rate_bp, self_purchase_commission, binding_protection,
                        settlement_trigger, settlement_delay_days, withdrawal_threshold_fen, withdrawal_fee_bp, created_at)
                    select 2, 'Other', time_zone, programme_mode, recruitment_open, approval_required, commission_depth,
                        level1_rate_bp, level2_rate_bp, level3_rate_bp, self_purchase_commission, binding_protection,
                        settlement_trigger, settlement_delay_days, withdrawal_threshold_fen, withdrawal_fee_bp, created_at
                    from shop where id = 1""");
            for (long shop : new long[] {1, 2}) {
                for (long sharer : new long[] {7, 8, 9}) {
                    sql.execute("""
                            insert into sharer (shop_id, id, external_user_id, sharer_type, status, invite_code, created_at, updated_at)
                            values (%1$d, %2$d, 'u%2$d', 0, 'ACTIVE', 'C%2$d', timestamp with time zone '2026-01-01 00:00:00+00',
                                timestamp with time zone '2026-01-01 00:00:00+00')""".formatted(shop, sharer));
                    sql.execute("""
                            insert into sharer_level (shop_id, sharer_id, level_rank, period_start, updated_at)
                            values (%d, %d, 1, timestamp with time zone '2026-01-01 00:00:00+00',
                                timestamp with time zone '2026-01-01 00:00:00+00')""".formatted(shop, sharer));
                }
            }
            // 7: a late order recorded last, dated before the grant; 8: one recruit; 9: nothing, but in the other shop.
            activity(sql, 1, 7, "GRANT", "g", "2026-03-05 10:00:00");
            activity(sql, 1, 7, "SALE", "1", "2026-03-01 09:00:00");
            activity(sql, 1, 8, "RECRUIT", "20", "2026-02-01 00:00:00");
            activity(sql, 2, 9, "GRANT", "g", "2026-04-01 00:00:00");
        });

        schema.migrateTo("17");

        schema.on(sql -> assertThat(rows(sql, "select sharer_id, latest_activity_at from sharer_level where shop_id = 1 order by sharer_id"))
                .containsExactly("7 2026-03-05T10:00Z", "8 2026-02-01T00:00Z", "9 null"));
        schema.clean();
    }

    private static void activity(Statement sql, long shop, long sharer, String kind, String reference, String at) throws SQLException {
        sql.execute(MigrationSchema.levelFact(shop, sharer, kind, reference, null, at));
    }
}
