package org.sharerengine.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.sharerengine.commission.PaidOrder.MonthToDate;
import org.sharerengine.shared.Reads;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A sharer's month so far, for tier steps (阶梯佣金): the orders attributed to the sharer paid
 * from the start of the calendar month in the shop's time zone up to (not including) a payment
 * instant, leaving out orders refunded in full, and what their customers kept. Read as it
 * stands when the order arrives: later refunds lower the figures of later orders only.
 */
@Component
class MonthToDateSales {

    private final JdbcClient jdbc;

    MonthToDateSales(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The figures before each order of one intake: {@code ids}, {@code sharers}, {@code paidAts}
     * and {@code totals} by the orders' position in the intake. The intake's own orders count from
     * these, whether or not they have reached the database yet (see OrderIntake). The months read
     * ahead answer first; any other is read when an order asks for it.
     */
    Intake of(ShopId shop, List<Long> ids, List<SharerId> sharers, List<Instant> paidAts, List<Long> totals, ReadAhead ahead) {
        return new Intake(shop, ids, sharers, paidAts, totals, ahead);
    }

    /** Months read before an intake priced its orders (see {@link #readAhead}). */
    static final class ReadAhead {

        static final ReadAhead NONE = new ReadAhead(Map.of());

        private final Map<Month, Stored> months;

        private ReadAhead(Map<Month, Stored> months) {
            this.months = months;
        }
    }

    /**
     * Reads, among {@code reads} and in one statement, the month of every order of {@code tiered}
     * sellers (the orders by position, as in {@link #of}), in {@code zone}: the sellers' rollup rows
     * of the month and the months on either side, each looked up by its whole key, and each month's
     * orders paid from the first of the seller's payments in this intake. Read after the intake has
     * locked its sellers' level rows and before it writes anything, so its own orders are in none of
     * them. A month whose row cannot be trusted (see holdsExactly) is left to be counted when asked.
     * A statement per seller, as pricing asks, cost bulk intake one round trip per tiered seller.
     */
    Reads.Answer<ReadAhead> readAhead(Reads reads, ShopId shop, List<SharerId> sharers, List<Instant> paidAts,
            Set<SharerId> tiered, ZoneId zone) {
        Map<Month, Instant> firstPaid = new HashMap<>();
        for (int k = 0; k < sharers.size(); k++) {
            if (sharers.get(k) != null && tiered.contains(sharers.get(k))) {
                Instant paidAt = paidAts.get(k);
                firstPaid.merge(new Month(sharers.get(k), zone, SharerMonthSales.monthOf(paidAt, zone)), paidAt,
                        (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        if (firstPaid.isEmpty()) {
            return Reads.answered(ReadAhead.NONE);
        }
        record RowKey(long sharer, LocalDate month) {
        }
        Set<RowKey> rowKeys = new LinkedHashSet<>();
        List<Long> sellers = new ArrayList<>();
        List<String> since = new ArrayList<>();
        List<String> until = new ArrayList<>();
        firstPaid.forEach((month, first) -> {
            for (int offset = -1; offset <= 1; offset++) {
                rowKeys.add(new RowKey(month.sharer().value(), month.first().plusMonths(offset)));
            }
            sellers.add(month.sharer().value());
            since.add(first.toString());
            until.add(month.end().toString());
        });
        Object[] args = {rowKeys.stream().map(RowKey::sharer).toArray(Long[]::new),
                rowKeys.stream().map(key -> key.month().toString()).toArray(String[]::new), shop.value(),
                sellers.toArray(Long[]::new), since.toArray(String[]::new), until.toArray(String[]::new), shop.value()};
        return reads.query(MONTHS_AHEAD, args, rs -> {
            Map<SharerId, Map<LocalDate, Rollup>> rows = new HashMap<>();
            Map<SharerId, List<Kept>> later = new HashMap<>();
            while (rs.next()) {
                SharerId seller = new SharerId(rs.getLong("seller"));
                LocalDate rowMonth = rs.getObject("month_start", LocalDate.class);
                if (rowMonth != null) {
                    rows.computeIfAbsent(seller, s -> new HashMap<>()).put(rowMonth, rollup(rs, rowMonth));
                } else if (rs.getLong("kept") > 0) {
                    later.computeIfAbsent(seller, s -> new ArrayList<>()).add(kept(rs));
                }
            }
            Map<Month, Stored> months = new HashMap<>();
            firstPaid.forEach((month, first) -> {
                Map<LocalDate, Rollup> around = rows.getOrDefault(month.sharer(), Map.of());
                if (holdsExactly(around, month.first(), month.start(), month.end())) {
                    List<Kept> inMonth = later.getOrDefault(month.sharer(), List.of()).stream()
                            .filter(k -> !k.paidAt().isBefore(first) && k.paidAt().isBefore(month.end())).toList();
                    months.put(month, rolled(around.get(month.first()), inMonth));
                }
            });
            return new ReadAhead(months);
        });
    }

    /** One order's month as stored: when it was paid and what its customer kept (more than nothing). */
    private record Kept(long orderId, Instant paidAt, long fen) {
    }

    /** A sharer's calendar month in a zone. */
    private record Month(SharerId sharer, ZoneId zone, LocalDate first) {

        Instant start() {
            return first.atStartOfDay(zone).toInstant();
        }

        Instant end() {
            return first.plusMonths(1).atStartOfDay(zone).toInstant();
        }
    }

    /** A row of the monthly rollup ({@code sharer_month_sales}); the span and kept orders are null when unknown. */
    record Rollup(LocalDate month, long salesFen, Integer keptOrders, Instant paidFrom, Instant paidUntil) {
    }

    /**
     * Whether the sharer's rollup row of {@code month} counts exactly the sharer's orders paid from
     * {@code start} to {@code end}, given the rows of the month before and after it. Every order is
     * counted in one row, of its month in the shop's zone when it came in; a zone change can move an
     * order near a month's edge into the row before or after, never further (zones lie within 26
     * hours of each other). So the row is exact when every payment it ever counted lies within the
     * month and its neighbours' lie outside it. With no row and such neighbours, the month has no
     * orders yet.
     */
    static boolean holdsExactly(Map<LocalDate, Rollup> rows, LocalDate month, Instant start, Instant end) {
        Rollup row = rows.get(month);
        Rollup before = rows.get(month.minusMonths(1));
        Rollup after = rows.get(month.plusMonths(1));
        return (row == null || row.keptOrders() != null && row.paidFrom() != null && row.paidUntil() != null
                && !row.paidFrom().isBefore(start) && row.paidUntil().isBefore(end))
                && (before == null || before.paidUntil() != null && before.paidUntil().isBefore(start))
                && (after == null || after.paidFrom() != null && !after.paidFrom().isBefore(end));
    }

    /** What was stored of a sharer's month before this intake, answering for any payment within it. */
    private interface Stored {
        MonthToDate before(Instant paidAt);
    }

    private static Rollup rollup(ResultSet rs, LocalDate month) throws SQLException {
        int keptOrders = rs.getInt("kept_orders");
        return new Rollup(month, rs.getLong("kept"), rs.wasNull() ? null : keptOrders, Timestamps.instant(rs, "paid_from"),
                Timestamps.instant(rs, "paid_until"));
    }

    private static Kept kept(ResultSet rs) throws SQLException {
        return new Kept(rs.getLong("id"), Timestamps.instant(rs, "paid_at"), rs.getLong("kept"));
    }

    /** A month whose row holds exactly (no row: nothing yet), with its kept orders from the first payment asked about. */
    private static Rolled rolled(Rollup row, List<Kept> later) {
        return row == null ? new Rolled(0, 0, later) : new Rolled(row.keptOrders(), row.salesFen(), later);
    }

    /** Every kept order of the month up to the last payment asked about. */
    private record Counted(List<Kept> kept) implements Stored {
        @Override
        public MonthToDate before(Instant paidAt) {
            List<Kept> earlier = kept.stream().filter(k -> k.paidAt().isBefore(paidAt)).toList();
            return new MonthToDate(earlier.size(), earlier.stream().mapToLong(Kept::fen).sum());
        }
    }

    /** The month's rollup row, and the kept orders paid from the first payment asked about to the month's end. */
    private record Rolled(long orders, long salesFen, List<Kept> later) implements Stored {
        @Override
        public MonthToDate before(Instant paidAt) {
            List<Kept> notBefore = later.stream().filter(k -> !k.paidAt().isBefore(paidAt)).toList();
            return new MonthToDate(orders - notBefore.size(), salesFen - notBefore.stream().mapToLong(Kept::fen).sum());
        }
    }

    /**
     * Reads a sharer's month once for all the sharer's orders in the intake paid in it, when the
     * first of them asks (commission asks only when the sharer's template has tier steps), and
     * answers each order as if it had arrived alone: the orders of the same intake received after it
     * do not count.
     */
    final class Intake {

        private final ShopId shop;
        private final List<Long> ids;
        private final List<SharerId> sharers;
        private final List<Instant> paidAts;
        private final List<Long> totals;
        private final Set<Long> own;
        private final Map<Month, Stored> read = new HashMap<>();

        private Intake(ShopId shop, List<Long> ids, List<SharerId> sharers, List<Instant> paidAts, List<Long> totals,
                ReadAhead ahead) {
            this.read.putAll(ahead.months);
            this.shop = shop;
            this.ids = ids;
            this.sharers = sharers;
            this.paidAts = paidAts;
            this.totals = totals;
            this.own = new HashSet<>(ids);
        }

        /** The month so far of the sharer of the order at {@code position}, before that order. */
        MonthToDate before(int position, ZoneId zone) {
            Instant paidAt = paidAts.get(position);
            Month month = new Month(sharers.get(position), zone, SharerMonthSales.monthOf(paidAt, zone));
            MonthToDate stored = read.computeIfAbsent(month, this::read).before(paidAt);
            long orders = stored.orders();
            long sales = stored.salesFen();
            // The intake's orders received before this one, as stored: all of each kept, none refunded yet.
            Instant monthStart = month.start();
            for (int k = 0; k < position; k++) {
                Instant paid = paidAts.get(k);
                if (sharers.get(position).equals(sharers.get(k)) && totals.get(k) > 0 && !paid.isBefore(monthStart)
                        && paid.isBefore(paidAt)) {
                    orders++;
                    sales += totals.get(k);
                }
            }
            return new MonthToDate(orders, sales);
        }

        /**
         * A month not read ahead, because its rollup row could not be trusted (see holdsExactly): its
         * orders counted, up to the last of the sharer's payments in this intake. This intake's own
         * orders are left out wherever an upgrade has sent them already.
         */
        private Stored read(Month month) {
            List<Instant> paid = IntStream.range(0, ids.size())
                    .filter(k -> month.equals(new Month(sharers.get(k), month.zone(), SharerMonthSales.monthOf(paidAts.get(k), month.zone()))))
                    .mapToObj(paidAts::get).toList();
            List<Kept> kept = new ArrayList<>();
            jdbc.sql(KEPT_ORDERS)
                    .param("shop", shop.value()).param("sharer", month.sharer().value())
                    .param("from", Timestamps.utc(month.start())).param("to", Timestamps.utc(Collections.max(paid)))
                    .query(rs -> {
                        kept(rs, kept);
                    });
            return new Counted(kept);
        }

        private void kept(ResultSet rs, List<Kept> into) throws SQLException {
            if (!own.contains(rs.getLong("id"))) {
                into.add(MonthToDateSales.kept(rs));
            }
        }
    }

    /**
     * Rollup rows by (seller, month as text) and orders by (seller, paid since, paid until, as text):
     * arrays of text, since the driver sends no arrays of dates and times. The orders' kept amounts
     * are summed per order, and those that kept nothing are left out by the reader.
     */
    private static final String MONTHS_AHEAD = """
            select w.seller, s.month_start, s.sales_fen kept, s.kept_orders, s.paid_from, s.paid_until, cast(null as bigint) id,
                cast(null as timestamp with time zone) paid_at
            from unnest(cast(? as bigint array), cast(? as varchar array)) w(seller, first_day)
            join sharer_month_sales s on s.shop_id = ? and s.month_start = cast(w.first_day as date) and s.sharer_id = w.seller
            union all
            select w.seller, cast(null as date),
                (select coalesce(sum(l.amount_fen - l.refunded_fen), 0) from order_line l where l.shop_id = o.shop_id and l.order_id = o.id),
                cast(null as int), cast(null as timestamp with time zone), cast(null as timestamp with time zone), o.id, o.paid_at
            from unnest(cast(? as bigint array), cast(? as varchar array), cast(? as varchar array)) w(seller, since, until)
            join shop_order o on o.shop_id = ? and o.attributed_sharer_id = w.seller
              and o.paid_at >= cast(w.since as timestamp with time zone) and o.paid_at < cast(w.until as timestamp with time zone)""";

    /** The sharer's orders paid from {@code from} up to {@code to} that their customers kept anything of. */
    private static final String KEPT_ORDERS = """
            select o.id, o.paid_at, sum(l.amount_fen - l.refunded_fen) kept
            from shop_order o join order_line l on l.shop_id = o.shop_id and l.order_id = o.id
            where o.shop_id = :shop and o.attributed_sharer_id = :sharer and o.paid_at >= :from and o.paid_at < :to
            group by o.id, o.paid_at
            having sum(l.amount_fen - l.refunded_fen) > 0""";
}
