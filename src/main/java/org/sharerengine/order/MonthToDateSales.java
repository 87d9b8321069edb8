package org.sharerengine.order;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
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
     * {@code notYet}: orders of the same intake stored already but received after this one, which
     * an order received alone would not have seen.
     */
    MonthToDate before(ShopId shop, SharerId sharer, Instant paidAt, ZoneId zone, Collection<Long> notYet) {
        Instant monthStart = paidAt.atZone(zone).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
        return jdbc.sql("""
                select count(*) orders, coalesce(sum(kept), 0) sales from (
                  select sum(l.amount_fen - l.refunded_fen) kept
                  from shop_order o join order_line l on l.shop_id = o.shop_id and l.order_id = o.id
                  where o.shop_id = :shop and o.attributed_sharer_id = :sharer and o.paid_at >= :from and o.paid_at < :to
                    and o.id not in (:notYet)
                  group by o.id
                  having sum(l.amount_fen - l.refunded_fen) > 0) kept_orders""")
                .param("shop", shop.value()).param("sharer", sharer.value())
                .param("from", Timestamps.utc(monthStart)).param("to", Timestamps.utc(paidAt))
                .param("notYet", notYet)
                .query((rs, n) -> new MonthToDate(rs.getLong("orders"), rs.getLong("sales"))).single();
    }
}
