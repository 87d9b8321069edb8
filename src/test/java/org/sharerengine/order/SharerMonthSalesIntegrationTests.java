package org.sharerengine.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.line;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@ApiTest
class SharerMonthSalesIntegrationTests {

    // 23:30 on 28 February and 00:30 on 1 March in Asia/Shanghai, both 28 February in UTC.
    static final String LATE_FEBRUARY = "2026-02-28T15:30:00Z";
    static final String EARLY_MARCH = "2026-02-28T16:30:00Z";

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void ordersCountInTheMonthOfPaymentInTheShopsZoneAndRefundsTakeBackFromThatMonth() {
        Api.Shop shop = api.newShop();
        long seller = shop.sharer("seller", null);
        long other = shop.sharer("other", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.order("o-1", "c1", seller, LATE_FEBRUARY, line("a", "tea", 1, 10_000), line("b", "tea", 2, 5_000)).expect(201);
        shop.order("o-2", "c2", seller, EARLY_MARCH, line("a", "tea", 1, 7_000)).expect(201);
        shop.order("o-3", "c3", seller, EARLY_MARCH, line("a", "tea", 1, 3_000)).expect(201);
        shop.order("o-4", "c4", other, EARLY_MARCH, line("a", "tea", 1, 900)).expect(201);
        shop.order("o-5", "c5", null, EARLY_MARCH, line("a", "tea", 1, 800)).expect(201);

        assertThat(rows(shop)).containsExactly("2026-02-01 seller 15000 1", "2026-03-01 other 900 1", "2026-03-01 seller 10000 2");

        shop.refund("o-1", "r-1", "a", 4_000).expect(201);
        shop.refund("o-2", "r-2", "a", 2_500).expect(201);

        assertThat(rows(shop)).containsExactly("2026-02-01 seller 11000 1", "2026-03-01 other 900 1", "2026-03-01 seller 7500 2");
    }

    @Test
    void anOrderRefundedInFullNoLongerCountsAsAnOrder() {
        Api.Shop shop = api.newShop();
        long seller = shop.sharer("seller", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.order("o-1", "c1", seller, EARLY_MARCH, line("a", "tea", 1, 6_000), line("b", "tea", 1, 4_000)).expect(201);
        shop.order("o-2", "c2", seller, EARLY_MARCH, line("a", "tea", 1, 1_000)).expect(201);

        shop.refund("o-1", "r-1", "a", 6_000).expect(201);
        assertThat(rows(shop)).containsExactly("2026-03-01 seller 5000 2");

        shop.refund("o-1", "r-2", "b", 4_000).expect(201);
        shop.refund("o-1", "r-2", "b", 4_000).expect(200);
        assertThat(rows(shop)).containsExactly("2026-03-01 seller 1000 1");
    }

    private List<String> rows(Api.Shop shop) {
        return jdbc.sql("""
                select m.month_start, s.external_user_id, m.sales_fen, m.orders from sharer_month_sales m
                join sharer s on s.shop_id = m.shop_id and s.id = m.sharer_id
                where m.shop_id = :shop order by m.month_start, s.external_user_id""")
                .param("shop", shop.id)
                .query((rs, n) -> rs.getDate("month_start").toLocalDate() + " " + rs.getString("external_user_id") + " "
                        + rs.getLong("sales_fen") + " " + rs.getInt("orders"))
                .list();
    }
}
