package org.sharerengine.order;

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
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps the monthly sales rollup per sharer ({@code sharer_month_sales}) current inside the
 * intake transaction: a paid order adds its total and one order to the month of its payment in
 * the shop's time zone; a refund takes its amount back from that same month, and the order too
 * once nothing of it is kept.
 */
@Component
class SharerMonthSales {

    /** What one order or refund changes in a sharer's month. */
    record Change(LocalDate monthStart, SharerId sharer, long salesFen, int orders) {
    }

    private record Key(LocalDate monthStart, long sharer) {
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
        return new Change(monthOf(paidAt, zone), sharer, totalFen, 1);
    }

    static Change refund(SharerId sharer, Instant paidAt, ZoneId zone, long refundedFen, boolean refundedInFull) {
        return new Change(monthOf(paidAt, zone), sharer, -refundedFen, refundedInFull ? -1 : 0);
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
        Map<Key, long[]> merged = new TreeMap<>(KEY_ORDER);
        for (Change change : changes) {
            if (change.sharer() == null) {
                continue;
            }
            long[] sum = merged.computeIfAbsent(new Key(change.monthStart(), change.sharer().value()), k -> new long[2]);
            sum[0] += change.salesFen();
            sum[1] += change.orders();
        }
        if (merged.isEmpty()) {
            return;
        }
        if (upsert) {
            // One row per key (merged above), so no statement touches a row twice.
            pipeline.insert("sharer_month_sales as m", "shop_id int8, month_start date, sharer_id int8, sales_fen int8, orders int4", """
                    on conflict (shop_id, month_start, sharer_id)
                    do update set sales_fen = m.sales_fen + excluded.sales_fen, orders = m.orders + excluded.orders""",
                    merged.entrySet().stream().map(e -> new Object[] {shop.value(), e.getKey().monthStart(), e.getKey().sharer(),
                            e.getValue()[0], e.getValue()[1]}).toList());
            return;
        }
        MapSqlParameterSource[] rows = merged.entrySet().stream().map(e -> new MapSqlParameterSource()
                .addValue("shop", shop.value()).addValue("month", e.getKey().monthStart()).addValue("sharer", e.getKey().sharer())
                .addValue("sales", e.getValue()[0]).addValue("orders", e.getValue()[1]))
                .toArray(MapSqlParameterSource[]::new);
        batch.batchUpdate("""
                insert into sharer_month_sales (shop_id, month_start, sharer_id, sales_fen, orders)
                values (:shop, :month, :sharer, 0, 0) on conflict do nothing""", rows);
        batch.batchUpdate("""
                update sharer_month_sales set sales_fen = sales_fen + :sales, orders = orders + :orders
                where shop_id = :shop and month_start = :month and sharer_id = :sharer""", rows);
    }
}
