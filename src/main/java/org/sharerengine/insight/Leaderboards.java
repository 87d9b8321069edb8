package org.sharerengine.insight;

import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shop.Actor;
import org.sharerengine.shop.Shops;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The sales leaderboard (分销排行榜, SPEC §9): the sharers who sold most in a calendar month of the
 * shop's time zone, by what their customers kept, read from {@code sharer_month_sales} which order
 * intake and refunds keep current. Ties go to the lower sharer id, so the order is stable.
 */
@Service
public class Leaderboards {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private final JdbcClient jdbc;
    private final Shops shops;
    private final Clock clock;

    Leaderboards(JdbcClient jdbc, Shops shops, Clock clock) {
        this.jdbc = jdbc;
        this.shops = shops;
        this.clock = clock;
    }

    /** @param rank the position, from 1: equal sales do not share a rank, the lower sharer id is ranked first */
    public record Entry(int rank, long sharerId, String externalUserId, String name, long salesFen, int orders) {
    }

    /** @param month the calendar month as {@code yyyy-MM} */
    public record SalesBoard(String month, List<Entry> entries) {
    }

    /**
     * The top {@code limit} sharers of the month with sales above zero: the whole shop for an owner,
     * the manager's own group for a manager.
     *
     * @param month {@code yyyy-MM}, or null for the month running now in the shop's time zone
     * @param limit 1 to 100, or null for 20
     */
    public SalesBoard sales(Actor actor, String month, Integer limit) {
        int top = limit == null ? DEFAULT_LIMIT : limit;
        if (top < 1 || top > MAX_LIMIT) {
            throw ApiProblem.invalid("limit", "must be 1 to " + MAX_LIMIT);
        }
        YearMonth board = month == null ? YearMonth.from(clock.instant().atZone(shops.settings(actor.shop()).zone())) : parse(month);
        var query = jdbc.sql(actor.isOwner() ? SHOP_TOP : GROUP_TOP)
                .param("shop", actor.shop().value()).param("month", board.atDay(1)).param("limit", top);
        if (!actor.isOwner()) {
            query = query.param("group", actor.managerGroupId());
        }
        List<Entry> entries = query.query((rs, n) -> new Entry(n + 1, rs.getLong("sharer_id"), rs.getString("external_user_id"),
                rs.getString("name"), rs.getLong("sales_fen"), rs.getInt("orders"))).list();
        return new SalesBoard(board.toString(), entries);
    }

    /**
     * Walks the head of the rank index (shop, month, sales desc, sharer) and stops after {@code limit}
     * rows; only those rows then read their sharer, by primary key. The order names the index's every
     * column, though shop and month are fixed: H2 reads the index in its order only when the order by
     * names it from its first column, and otherwise read and sorted the whole month. The join is a left
     * join (a row without its sharer left out after it, as an inner join would) because H2 then keeps
     * the top rows as its outer side, where by its statistics it at times walked the shop's sharers
     * and ran the top rows again for each.
     */
    private static final String SHOP_TOP = """
            select m.sharer_id, s.external_user_id, s.name, m.sales_fen, m.orders
            from (select sharer_id, sales_fen, orders from sharer_month_sales
                  where shop_id = :shop and month_start = :month and sales_fen > 0
                  order by shop_id, month_start, sales_fen desc, sharer_id
                  limit :limit) m
            left join sharer s on s.shop_id = :shop and s.id = m.sharer_id
            where s.id is not null
            order by m.sales_fen desc, m.sharer_id""";

    /**
     * Starts from the group's sharers (index on shop and group) and reads each one's month by primary
     * key, so the cost follows the group's size (at most the shop's sharers-per-manager limit, 500 by
     * default) and never a walk of the whole month past sharers of other groups.
     */
    private static final String GROUP_TOP = """
            select s.id as sharer_id, s.external_user_id, s.name, m.sales_fen, m.orders
            from sharer s
            join sharer_month_sales m on m.shop_id = s.shop_id and m.month_start = :month and m.sharer_id = s.id
            where s.shop_id = :shop and s.group_id = :group and m.sales_fen > 0
            order by m.sales_fen desc, s.id
            limit :limit""";

    private static YearMonth parse(String month) {
        // Checked by shape first: YearMonth.parse alone also takes signed and five-digit years.
        if (!month.matches("\\d{4}-(0[1-9]|1[0-2])")) {
            throw ApiProblem.invalid("month", "must be a calendar month as yyyy-MM, e.g. 2026-11");
        }
        return YearMonth.parse(month);
    }
}
