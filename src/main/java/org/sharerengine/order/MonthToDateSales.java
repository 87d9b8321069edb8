package org.sharerengine.order;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.sharerengine.commission.PaidOrder.MonthToDate;
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
     * these, whether or not they have reached the database yet (see OrderIntake).
     */
    Intake of(ShopId shop, List<Long> ids, List<SharerId> sharers, List<Instant> paidAts, List<Long> totals) {
        return new Intake(shop, ids, sharers, paidAts, totals);
    }

    /** One order's month as stored: when it was paid and what its customer kept (more than nothing). */
    private record Kept(long orderId, Instant paidAt, long fen) {
    }

    private record Month(SharerId sharer, ZoneId zone) {
    }

    /**
     * Reads a sharer's month once for all the sharer's orders in the intake, when the first of them
     * asks (commission asks only when the sharer's template has tier steps), and answers each order
     * as if it had arrived alone: the orders of the same intake received after it do not count.
     */
    final class Intake {

        private final ShopId shop;
        private final List<Long> ids;
        private final List<SharerId> sharers;
        private final List<Instant> paidAts;
        private final List<Long> totals;
        private final Set<Long> own;
        private final Map<Month, List<Kept>> read = new HashMap<>();

        private Intake(ShopId shop, List<Long> ids, List<SharerId> sharers, List<Instant> paidAts, List<Long> totals) {
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
            Instant monthStart = monthStart(paidAt, zone);
            long orders = 0;
            long sales = 0;
            for (Kept kept : read.computeIfAbsent(new Month(sharers.get(position), zone), this::read)) {
                if (!kept.paidAt().isBefore(monthStart) && kept.paidAt().isBefore(paidAt)) {
                    orders++;
                    sales += kept.fen();
                }
            }
            // The intake's orders received before this one, as stored: all of each kept, none refunded yet.
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
         * The sharer's orders stored before this intake, paid in the months of all the sharer's
         * orders of this intake, up to the last of them.
         */
        private List<Kept> read(Month month) {
            List<Instant> paid = IntStream.range(0, ids.size()).filter(k -> month.sharer().equals(sharers.get(k)))
                    .mapToObj(paidAts::get).toList();
            Instant from = monthStart(Collections.min(paid), month.zone());
            Instant to = Collections.max(paid);
            List<Kept> kept = new ArrayList<>();
            jdbc.sql("""
                    select o.id, o.paid_at, sum(l.amount_fen - l.refunded_fen) kept
                    from shop_order o join order_line l on l.shop_id = o.shop_id and l.order_id = o.id
                    where o.shop_id = :shop and o.attributed_sharer_id = :sharer and o.paid_at >= :from and o.paid_at < :to
                    group by o.id, o.paid_at
                    having sum(l.amount_fen - l.refunded_fen) > 0""")
                    .param("shop", shop.value()).param("sharer", month.sharer().value())
                    .param("from", Timestamps.utc(from)).param("to", Timestamps.utc(to))
                    .query(rs -> {
                        if (!own.contains(rs.getLong("id"))) {
                            kept.add(new Kept(rs.getLong("id"), Timestamps.instant(rs, "paid_at"), rs.getLong("kept")));
                        }
                    });
            return kept;
        }
    }

    private static Instant monthStart(Instant paidAt, ZoneId zone) {
        return paidAt.atZone(zone).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
    }
}
