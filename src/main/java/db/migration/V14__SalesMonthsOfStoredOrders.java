package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Fills in V13's columns for the orders stored before it, and builds the monthly rollup
 * ({@code sharer_month_sales}) again from the orders, so that every row holds exactly the orders
 * whose {@code sales_month} names it. Rows written before V13 were keyed by the zone of the day
 * they were written, and refunds took their amounts from the month of the refund's day's zone;
 * an order stored before V7 was in no row at all.
 *
 * <p>In Java because H2 and PostgreSQL do not share a way to take a month in a time zone held in a
 * column: each shop's months are cut here in its zone, and each month is one update.
 */
public class V14__SalesMonthsOfStoredOrders extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement shops = connection.createStatement();
                ResultSet shop = shops.executeQuery("""
                        select s.id, s.time_zone, min(o.paid_at) first_paid, max(o.paid_at) last_paid
                        from shop s join shop_order o on o.shop_id = s.id
                        where o.attributed_sharer_id is not null
                        group by s.id, s.time_zone""");
                PreparedStatement month = connection.prepareStatement("""
                        update shop_order set sales_month = ?
                        where shop_id = ? and attributed_sharer_id is not null and paid_at >= ? and paid_at < ?""")) {
            while (shop.next()) {
                ZoneId zone = ZoneId.of(shop.getString("time_zone"));
                LocalDate last = monthOf(shop.getObject("last_paid", OffsetDateTime.class), zone);
                for (LocalDate m = monthOf(shop.getObject("first_paid", OffsetDateTime.class), zone); !m.isAfter(last);
                        m = m.plusMonths(1)) {
                    month.setObject(1, m);
                    month.setLong(2, shop.getLong("id"));
                    month.setObject(3, m.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC));
                    month.setObject(4, m.plusMonths(1).atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC));
                    month.addBatch();
                }
            }
            month.executeBatch();
        }
        try (Statement rollup = connection.createStatement()) {
            rollup.execute("delete from sharer_month_sales");
            // `orders` as intake and refunds keep it: every order, less those refunded in full.
            rollup.execute("""
                    insert into sharer_month_sales (shop_id, month_start, sharer_id, sales_fen, orders, kept_orders, paid_from,
                        paid_until)
                    select o.shop_id, o.sales_month, o.attributed_sharer_id, sum(k.kept),
                        sum(case when k.kept > 0 or k.refunded = 0 then 1 else 0 end), sum(case when k.kept > 0 then 1 else 0 end),
                        min(o.paid_at), max(o.paid_at)
                    from shop_order o
                    join (select shop_id, order_id, sum(amount_fen - refunded_fen) kept, sum(refunded_fen) refunded
                          from order_line group by shop_id, order_id) k on k.shop_id = o.shop_id and k.order_id = o.id
                    where o.attributed_sharer_id is not null
                    group by o.shop_id, o.sales_month, o.attributed_sharer_id""");
        }
    }

    private static LocalDate monthOf(OffsetDateTime paidAt, ZoneId zone) {
        return paidAt.atZoneSameInstant(zone).toLocalDate().withDayOfMonth(1);
    }
}
