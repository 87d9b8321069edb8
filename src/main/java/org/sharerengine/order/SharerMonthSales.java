package org.sharerengine.order;

import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sharerengine.shared.Database;
import org.sharerengine.shared.Pipeline;
import org.sharerengine.shared.Pipelines;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps the monthly sales rollup per sharer ({@code sharer_month_sales}) current inside the
 * intake transaction: a paid order adds its total and one order to the month of its payment in
 * the shop's time zone; a refund takes its amount back from the month that counted the order, and
 * the order too once nothing of it is kept. Each row also keeps the span of its orders' payments,
 * which lets a tier step read a sharer's month so far from it (MonthToDateSales).
 */
@Component
class SharerMonthSales {

    /**
     * What one order or refund changes in a sharer's month: what the customers kept, the orders not
     * refunded in full, those of them the customer kept anything of, and the payment of a sale
     * (none for a refund), which widens the row's span of payments.
     */
    record Change(LocalDate monthStart, SharerId sharer, long salesFen, int orders, int keptOrders, Instant paidAt) {
    }

    private record Key(LocalDate monthStart, long sharer) {
    }

    /** The changes of one row, merged. */
    private static final class Sum {
        long salesFen;
        int orders;
        int keptOrders;
        Instant paidFrom;
        Instant paidUntil;

        void add(Change change) {
            salesFen += change.salesFen();
            orders += change.orders();
            keptOrders += change.keptOrders();
            if (change.paidAt() != null) {
                paidFrom = paidFrom == null || change.paidAt().isBefore(paidFrom) ? change.paidAt() : paidFrom;
                paidUntil = paidUntil == null || change.paidAt().isAfter(paidUntil) ? change.paidAt() : paidUntil;
            }
        }
    }

    private static final Comparator<Key> KEY_ORDER = Comparator.comparing(Key::monthStart).thenComparingLong(Key::sharer);

    private final NamedParameterJdbcTemplate batch;
    private final Pipelines pipelines;
    private final boolean upsert;

    SharerMonthSales(NamedParameterJdbcTemplate batch, Pipelines pipelines, Database database) {
        this.batch = batch;
        this.pipelines = pipelines;
        this.upsert = database.postgres();
    }

    static LocalDate monthOf(Instant paidAt, ZoneId zone) {
        return paidAt.atZone(zone).toLocalDate().withDayOfMonth(1);
    }

    static Change sale(SharerId sharer, Instant paidAt, ZoneId zone, long totalFen) {
        return new Change(monthOf(paidAt, zone), sharer, totalFen, 1, totalFen > 0 ? 1 : 0, paidAt);
    }

    /** A refund, taken from the month that counted the order's sale ({@code shop_order.sales_month}). */
    static Change refund(SharerId sharer, LocalDate salesMonth, long refundedFen, boolean refundedInFull) {
        int gone = refundedInFull ? -1 : 0;
        return new Change(salesMonth, sharer, -refundedFen, gone, refundedFen > 0 ? gone : 0, null);
    }

    /** Adds the changes now (see below). */
    @Transactional(propagation = Propagation.MANDATORY)
    void add(ShopId shop, List<Change> changes) {
        Pipeline pipeline = pipelines.open();
        add(shop, changes, pipeline);
        pipeline.send();
    }

    /**
     * Adds the changes: every row is moved by its own delta, so concurrent intakes add up instead of
     * overwriting each other, and a missing row is created (a concurrent creator wins quietly, and
     * its row is then moved). Rows are touched in key order, so two intakes never wait on each other
     * crosswise. On PostgreSQL that is one multi-row upsert, kept in the pipeline with the
     * transaction's other writes; H2 has no {@code on conflict do update}, so there a row is first
     * created where missing, then every row is moved, two statements for any number of changes, sent
     * at once.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void add(ShopId shop, List<Change> changes, Pipeline pipeline) {
        Map<Key, Sum> merged = new TreeMap<>(KEY_ORDER);
        for (Change change : changes) {
            if (change.sharer() != null) {
                merged.computeIfAbsent(new Key(change.monthStart(), change.sharer().value()), k -> new Sum()).add(change);
            }
        }
        if (merged.isEmpty()) {
            return;
        }
        // A row's span of payments only widens, and stays unknown (null) once unknown: least and greatest
        // skip nulls on both databases, so a known span is kept through a refund, which has none.
        if (upsert) {
            // One row per key (merged above), so no statement touches a row twice.
            pipeline.insert("sharer_month_sales as m", """
                    shop_id int8, month_start date, sharer_id int8, sales_fen int8, orders int4, kept_orders int4,
                    paid_from timestamptz, paid_until timestamptz""", """
                    on conflict (shop_id, month_start, sharer_id)
                    do update set sales_fen = m.sales_fen + excluded.sales_fen, orders = m.orders + excluded.orders,
                        kept_orders = m.kept_orders + excluded.kept_orders,
                        paid_from = case when m.paid_from is not null then least(m.paid_from, excluded.paid_from) end,
                        paid_until = case when m.paid_until is not null then greatest(m.paid_until, excluded.paid_until) end""",
                    merged.entrySet().stream().map(e -> new Object[] {shop.value(), e.getKey().monthStart(), e.getKey().sharer(),
                            e.getValue().salesFen, e.getValue().orders, e.getValue().keptOrders,
                            Timestamps.utc(e.getValue().paidFrom), Timestamps.utc(e.getValue().paidUntil)}).toList());
            return;
        }
        MapSqlParameterSource[] rows = merged.entrySet().stream().map(e -> new MapSqlParameterSource()
                .addValue("shop", shop.value()).addValue("month", e.getKey().monthStart()).addValue("sharer", e.getKey().sharer())
                .addValue("sales", e.getValue().salesFen).addValue("orders", e.getValue().orders)
                .addValue("kept", e.getValue().keptOrders).addValue("from", Timestamps.utc(e.getValue().paidFrom), Types.TIMESTAMP_WITH_TIMEZONE)
                .addValue("until", Timestamps.utc(e.getValue().paidUntil), Types.TIMESTAMP_WITH_TIMEZONE))
                .toArray(MapSqlParameterSource[]::new);
        batch.batchUpdate("""
                insert into sharer_month_sales (shop_id, month_start, sharer_id, sales_fen, orders, kept_orders, paid_from, paid_until)
                values (:shop, :month, :sharer, 0, 0, 0, :from, :until) on conflict do nothing""", rows);
        batch.batchUpdate("""
                update sharer_month_sales set sales_fen = sales_fen + :sales, orders = orders + :orders,
                    kept_orders = kept_orders + :kept,
                    paid_from = case when paid_from is not null then least(paid_from, :from) end,
                    paid_until = case when paid_until is not null then greatest(paid_until, :until) end
                where shop_id = :shop and month_start = :month and sharer_id = :sharer""", rows);
    }
}
