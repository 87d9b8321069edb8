package db.migration;

import static db.migration.MigrationSchema.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * V14 on a database that V13 left with orders of no sales month and a monthly rollup kept by the
 * zones of the days it was written: every attributed order gets its month in the shop's zone, and
 * the rollup is built again from the orders, with its spans and kept orders known. On H2, or on a
 * schema of its own in the suite's PostgreSQL database in the PostgreSQL pass.
 */
class SalesMonthsOfStoredOrdersTests {

    @Test
    void ordersGetTheirMonthInTheShopsZoneAndTheRollupIsBuiltAgainFromThem() throws SQLException {
        MigrationSchema schema = new MigrationSchema("v14_test");
        schema.at("13", sql -> {
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
        });

        schema.migrateTo("14");

        schema.on(sql -> {
            assertThat(rows(sql, "select external_id, sales_month from shop_order order by external_id"))
                    .containsExactly("a 2026-03-01", "b 2026-03-01", "c 2026-03-01", "d 2026-02-01", "e null");
            assertThat(rows(sql, """
                    select month_start, sharer_id, sales_fen, orders, kept_orders, paid_from, paid_until
                    from sharer_month_sales order by month_start""")).containsExactly(
                    "2026-02-01 7 300 1 1 2026-02-10T00:00Z 2026-02-10T00:00Z",
                    "2026-03-01 7 1000 2 1 2026-02-28T17:00Z 2026-03-15T00:00Z");
        });
        schema.clean();
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
}
