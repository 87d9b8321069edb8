package org.sharerengine.insight;

import java.time.Instant;
import java.util.List;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The owner's view of every manager group (导购管理员) for a period: its sharers today, and the
 * orders, sales and commission of its sharers in the period. One query, grouped in the database.
 * Figures follow the sharers' current group: moving a sharer moves its history with it.
 */
@Service
public class ManagerSummaries {

    private final JdbcClient jdbc;

    ManagerSummaries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param activeSharers sharers of the group that are active now
     * @param totalSharers  sharers that hold a place in the group now (applied, active or frozen)
     * @param orders        orders paid in the period and attributed to a sharer of the group
     * @param salesFen      what the customers of those orders kept (line amounts less refunds so far)
     * @param commissionFen commission of those orders' period earned by the group's sharers at any depth, after reversals
     */
    public record GroupSummary(long groupId, String name, long activeSharers, long totalSharers, long orders, long salesFen,
            long commissionFen) {
    }

    public record Summary(Instant from, Instant to, List<GroupSummary> managers) {
    }

    /** Every group for an owner; a manager gets its own group's row only. {@code to} is exclusive. */
    public Summary summarize(Actor actor, Instant from, Instant to) {
        if (from == null) {
            throw ApiProblem.invalid("from", "is required (ISO-8601 instant, e.g. 2026-05-01T00:00:00Z)");
        }
        if (to == null) {
            throw ApiProblem.invalid("to", "is required (ISO-8601 instant, e.g. 2026-06-01T00:00:00Z)");
        }
        if (!to.isAfter(from)) {
            throw ApiProblem.invalid("to", "must be later than from");
        }
        String onlyOwnGroup = actor.isOwner() ? "" : " and g.id = :group";
        var query = jdbc.sql("""
                with members as (
                  select group_id, sum(case when status = 'ACTIVE' then 1 else 0 end) as active_sharers, count(*) as total_sharers
                  from sharer where shop_id = :shop and group_id is not null and status in ('APPLIED', 'ACTIVE', 'FROZEN')
                  group by group_id),
                sales as (
                  select s.group_id, count(distinct o.id) as orders, sum(l.amount_fen - l.refunded_fen) as sales_fen
                  from shop_order o
                  join sharer s on s.shop_id = o.shop_id and s.id = o.attributed_sharer_id
                  join order_line l on l.shop_id = o.shop_id and l.order_id = o.id
                  where o.shop_id = :shop and o.paid_at >= :from and o.paid_at < :to and s.group_id is not null
                  group by s.group_id),
                earned as (
                  select s.group_id, sum(c.amount_fen) as commission_fen
                  from commission_line c
                  join shop_order o on o.shop_id = c.shop_id and o.id = c.order_id
                  join sharer s on s.shop_id = c.shop_id and s.id = c.beneficiary_id
                  where c.shop_id = :shop and o.paid_at >= :from and o.paid_at < :to and s.group_id is not null
                  group by s.group_id)
                select g.id, g.name, coalesce(m.active_sharers, 0) as active_sharers, coalesce(m.total_sharers, 0) as total_sharers,
                  coalesce(sa.orders, 0) as orders, coalesce(sa.sales_fen, 0) as sales_fen, coalesce(e.commission_fen, 0) as commission_fen
                from manager_group g
                left join members m on m.group_id = g.id
                left join sales sa on sa.group_id = g.id
                left join earned e on e.group_id = g.id
                where g.shop_id = :shop""" + onlyOwnGroup + " order by g.id")
                .param("shop", actor.shop().value()).param("from", Timestamps.utc(from)).param("to", Timestamps.utc(to));
        if (!actor.isOwner()) {
            query = query.param("group", actor.managerGroupId());
        }
        List<GroupSummary> groups = query.query((rs, n) -> new GroupSummary(rs.getLong("id"), rs.getString("name"),
                rs.getLong("active_sharers"), rs.getLong("total_sharers"), rs.getLong("orders"), rs.getLong("sales_fen"),
                rs.getLong("commission_fen"))).list();
        return new Summary(from, to, groups);
    }
}
