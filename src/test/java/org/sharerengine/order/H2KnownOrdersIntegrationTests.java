package org.sharerengine.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * On H2 the replay check looks each order id up in the index: with {@code = any(?)} H2 read the
 * shop's every order for it, and single intake slowed as orders accumulated (README, Figures).
 */
@ApiTest
class H2KnownOrdersIntegrationTests {

    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theReplayCheckReadsTheRowsOfTheIdsItAsksForAndNoOthers() {
        assumeThat(TestDatabase.postgres()).as("PostgreSQL looks `= any(?)` up in the index").isFalse();
        Api.Shop shop = api.newShop();
        long seller = shop.sharer("seller", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        for (int batch = 0; batch < 3; batch++) {
            List<Map<String, Object>> orders = new ArrayList<>();
            for (int n = 0; n < 200; n++) {
                String id = "o-" + (batch * 200 + n);
                orders.add(json("orderId", id, "customerId", "c-" + id, "sharerId", seller, "paidAt", "2026-03-01T10:00:00Z",
                        "lines", List.of(line("l-1", "tea", 1, 1_000))));
            }
            shop.post("/api/v1/order-batches", json("orders", orders)).expect(200);
        }

        String[] asked = {"o-7", "o-450", "o-599", "not-sent"};
        List<String> found = jdbc.sql(Orders.KNOWN_ORDERS_JOINED).params(asked, shop.id)
                .query((rs, n) -> rs.getString("external_id")).list();
        String plan = jdbc.sql("explain analyze " + Orders.KNOWN_ORDERS_JOINED).params(asked, shop.id).query(String.class).single();

        assertThat(found).containsExactlyInAnyOrder("o-7", "o-450", "o-599");
        Matcher scans = SCAN_COUNT.matcher(plan);
        List<Integer> counts = new ArrayList<>();
        while (scans.find()) {
            counts.add(Integer.parseInt(scans.group(1)));
        }
        assertThat(counts).as(plan).isNotEmpty().allSatisfy(count -> assertThat(count).isLessThan(20));
    }
}
