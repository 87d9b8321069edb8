package db.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.TestDatabase;

/**
 * V14 on a database that V13 left with orders of no sales month and a monthly rollup kept by the
 * zones of the days it was written: every attributed order gets its month in the shop's zone, and
 * the rollup is built again from the orders, with its spans and kept orders known. On H2, or on a
 * schema of its own in the suite's PostgreSQL database in the PostgreSQL pass.
 */
class SalesMonthsOfStoredOrdersTests {

    private static final String SCHEMA = "v14_test";

    @Test
    void ordersGetTheirMonthInTheShopsZoneAndTheRollupIsBuiltAgainFromThem() throws SQLException {
        String url = TestDatabase.postgres() ? System.getProperty("test.pg.url", "jdbc:postgresql://127.0.0.1:5432/sharer_engine_test")
                : "jdbc:h2:mem:v14;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        String user = TestDatabase.postgres() ? System.getProperty("test.pg.user", "postgres") : "sa";
        String vendor = TestDatabase.postgres() ? "postgresql" : "h2";
        FluentConfiguration flyway = Flyway.configure().dataSource(url, user, "").schemas(SCHEMA).cleanDisabled(false)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor);
        flyway.load().clean();
        flyway.target("13").load().migrate();
        try (Connection db = DriverManager.getConnection(url, user, "")) {
            db.setSchema(SCHEMA);
            Statement sql = db.createStatement();
            sql.execute("""
                    insert into shop (id, name, time_zone, programme_mode, recruitment_open, approval_required, commission_depth,
                        level1_rate_bp, level2_rate_bp, level3_rate_bp, self_purchase_commission, binding_protection,
                        settlement_trigger, settlement_delay_days, withdrawal_threshold_fen, withdrawal_fee_bp, created_at)
                    values (1, 'Shop', 'Asia/Shanghai', 'OPEN', true, false, 2, 600, 100, 0, false, 'LOCKED', 'COMPLETION', 7, 100, 0,
                        timestamp with time zone '2026-01-01 00:00:00+00')""");
            // a: 01:00 on 1 March in Shanghai, still February in UTC; b: refunded in full; c: 0 fen; d: February, partly
            // refunded; e: no sharer.
            order(sql, 1, "a", "2026-02-28 17:00:00", 7L, 1_000, 0);
            order(sql, 2, "b", "2026-03-10 00:00:00", 7L, 2_000, 2_000);
            order(sql, 3, "c", "2026-03-15 00:00:00", 7L, 0, 0);
            order(sql, 4, "d", "2026-02-10 00:00:00", 7L, 500, 200);
            order(sql, 5, "e", "2026-03-11 00:00:00", null, 900, 0);
            // As kept before: a in February by a UTC zone, and a row of a month without orders.
            sql.execute("""
                    insert into sharer_month_sales (shop_id, month_start, sharer_id, sales_fen, orders)
                    values (1, date '2026-02-01', 7, 1300, 2), (1, date '2026-01-01', 7, 5000, 3)""");
        }

        flyway.target("14").load().migrate();

        try (Connection db = DriverManager.getConnection(url, user, "")) {
            db.setSchema(SCHEMA);
            Statement sql = db.createStatement();
            assertThat(rows(sql, "select external_id, sales_month from shop_order order by external_id"))
                    .containsExactly("a 2026-03-01", "b 2026-03-01", "c 2026-03-01", "d 2026-02-01", "e null");
            assertThat(rows(sql, """
                    select month_start, sharer_id, sales_fen, orders, kept_orders, paid_from, paid_until
                    from sharer_month_sales order by month_start""")).containsExactly(
                    "2026-02-01 7 300 1 1 2026-02-10T00:00Z 2026-02-10T00:00Z",
                    "2026-03-01 7 1000 2 1 2026-02-28T17:00Z 2026-03-15T00:00Z");
        }
        flyway.load().clean();
    }

    private static void order(Statement sql, long id, String externalId, String paidAt, Long sharer, long totalFen, long refundedFen)
            throws SQLException {
        sql.execute("""
                insert into shop_order (shop_id, id, external_id, payload_hash, customer_id, paid_at, total_fen, attributed_sharer_id,
                    attribution_rule, self_purchase, created_at)
                values (1, %d, '%s', 'hash', 'customer', timestamp with time zone '%s+00', %d, %s, 'ORDER_SHARER', false,
                    timestamp with time zone '%s+00')""".formatted(id, externalId, paidAt, totalFen, sharer, paidAt));
        sql.execute("""
                insert into order_line (shop_id, id, order_id, external_line_id, product_id, quantity, amount_fen, refunded_fen)
                values (1, %d, %d, '1', 'tea', 1, %d, %d)""".formatted(id, id, totalFen, refundedFen));
    }

    /** Each row's columns joined by spaces; instants at UTC. */
    private static List<String> rows(Statement sql, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery(query)) {
            while (rs.next()) {
                List<String> columns = new ArrayList<>();
                for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                    Object value = rs.getObject(c);
                    columns.add(value instanceof Timestamp || value instanceof OffsetDateTime
                            ? rs.getObject(c, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC).toString()
                            : String.valueOf(value));
                }
                rows.add(String.join(" ", columns));
            }
        }
        return rows;
    }
}
