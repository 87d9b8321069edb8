package org.sharerengine.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.Console;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * GET /api/v1/leaderboards/sales (issue 4). The month figures are written here with plain SQL into
 * {@code sharer_month_sales}: order intake's upkeep of that table is built separately, and these tests
 * are about the read alone (ranking, scope, months), so they set exact figures rather than derive them.
 * The sharers themselves are created through the API, so names, groups and shops are real.
 */
@ApiTest
@Import(LeaderboardIntegrationTests.FixedClock.class)
class LeaderboardIntegrationTests {

    /** Half past midnight on 1 November in Shanghai, still 31 October in UTC. */
    static final Instant NOW = Instant.parse("2026-10-31T16:30:00Z");

    @TestConfiguration(proxyBeanMethods = false)
    static class FixedClock {

        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void ranksTheMonthsSharersByKeptSalesWithTiesToTheLowerIdAndLeavesOutThoseWithoutSales() {
        Api.Shop shop = api.newShop();
        long lin = sharer(shop, "lin", "Lin", null);
        long wang = sharer(shop, "wang", "Wang", null);
        long zhao = sharer(shop, "zhao", "Zhao", null);
        long refunded = sharer(shop, "refunded", "Refunded", null);
        sharer(shop, "idle", "Idle", null);
        sales(shop, "2026-11-01", lin, 5_000, 2);
        sales(shop, "2026-11-01", wang, 9_000, 3);
        sales(shop, "2026-11-01", zhao, 5_000, 1);
        // Everything refunded: the row stays with zero kept, and zero is not a place on the board.
        sales(shop, "2026-11-01", refunded, 0, 0);
        // The months either side are other boards.
        sales(shop, "2026-10-01", refunded, 99_000, 9);
        sales(shop, "2026-12-01", zhao, 77_000, 7);

        JsonNode board = shop.get("/api/v1/leaderboards/sales?month=2026-11").expect(200).body();

        assertThat(board.get("month").asString()).isEqualTo("2026-11");
        assertThat(rows(board)).containsExactly(
                "1 " + wang + " wang Wang 9000 fen 3 orders",
                "2 " + lin + " lin Lin 5000 fen 2 orders",
                "3 " + zhao + " zhao Zhao 5000 fen 1 orders");
        assertThat(rows(shop.get("/api/v1/leaderboards/sales?month=2026-11&limit=2").expect(200).body()))
                .as("a tie cut by the limit keeps the lower id")
                .containsExactly("1 " + wang + " wang Wang 9000 fen 3 orders", "2 " + lin + " lin Lin 5000 fen 2 orders");
        assertThat(rows(shop.get("/api/v1/leaderboards/sales?month=2026-10").expect(200).body()))
                .containsExactly("1 " + refunded + " refunded Refunded 99000 fen 9 orders");
        assertThat(rows(shop.get("/api/v1/leaderboards/sales?month=2026-12").expect(200).body()))
                .containsExactly("1 " + zhao + " zhao Zhao 77000 fen 7 orders");
        assertThat(shop.get("/api/v1/leaderboards/sales?month=2027-01").expect(200).get("entries")).isEmpty();
    }

    @Test
    void takesTwentyByDefaultAndTheLimitAsked() {
        Api.Shop shop = api.newShop();
        List<Long> sharers = new ArrayList<>();
        for (int i = 1; i <= 21; i++) {
            long sharer = sharer(shop, "s" + i, "S" + i, null);
            sharers.add(sharer);
            sales(shop, "2026-11-01", sharer, 1_000L * i, 1);
        }

        List<String> top20 = rows(shop.get("/api/v1/leaderboards/sales?month=2026-11").expect(200).body());
        assertThat(top20).hasSize(20);
        assertThat(top20.get(0)).isEqualTo("1 " + sharers.get(20) + " s21 S21 21000 fen 1 orders");
        assertThat(top20.get(19)).isEqualTo("20 " + sharers.get(1) + " s2 S2 2000 fen 1 orders");

        assertThat(rows(shop.get("/api/v1/leaderboards/sales?month=2026-11&limit=2").expect(200).body())).containsExactly(
                "1 " + sharers.get(20) + " s21 S21 21000 fen 1 orders",
                "2 " + sharers.get(19) + " s20 S20 20000 fen 1 orders");
        assertThat(shop.get("/api/v1/leaderboards/sales?month=2026-11&limit=100").expect(200).get("entries")).hasSize(21);
    }

    @Test
    void defaultsToTheMonthRunningNowInTheShopsTimeZone() {
        Api.Shop shanghai = api.newShop();
        Api.Shop london = api.newShop(json("timeZone", "UTC"));
        long east = sharer(shanghai, "east", "East", null);
        long west = sharer(london, "west", "West", null);
        sales(shanghai, "2026-10-01", east, 1_000, 1);
        sales(shanghai, "2026-11-01", east, 2_000, 2);
        sales(london, "2026-10-01", west, 3_000, 3);
        sales(london, "2026-11-01", west, 4_000, 4);

        JsonNode november = shanghai.get("/api/v1/leaderboards/sales").expect(200).body();
        assertThat(november.get("month").asString()).isEqualTo("2026-11");
        assertThat(rows(november)).containsExactly("1 " + east + " east East 2000 fen 2 orders");

        JsonNode october = london.get("/api/v1/leaderboards/sales").expect(200).body();
        assertThat(october.get("month").asString()).isEqualTo("2026-10");
        assertThat(rows(october)).containsExactly("1 " + west + " west West 3000 fen 3 orders");
    }

    @Test
    void aManagerRanksItsOwnGroupOnlyWhileTheOwnerRanksTheShop() {
        Api.Shop shop = api.newShop();
        long storeA = shop.post("/api/v1/managers", json("name", "Store A", "username", "store-a", "password", "password-a"))
                .expect(201).id();
        long storeB = shop.post("/api/v1/managers", json("name", "Store B", "username", "store-b", "password", "password-b"))
                .expect(201).id();
        long a1 = sharer(shop, "a1", "A1", storeA);
        long b1 = sharer(shop, "b1", "B1", storeB);
        long a2 = sharer(shop, "a2", "A2", storeA);
        long a3 = sharer(shop, "a3", "A3", storeA);
        long loose = sharer(shop, "loose", "Loose", null);
        sales(shop, "2026-11-01", a1, 3_000, 1);
        sales(shop, "2026-11-01", b1, 8_000, 2);
        sales(shop, "2026-11-01", a2, 3_000, 3);
        sales(shop, "2026-11-01", a3, 0, 0);
        sales(shop, "2026-11-01", loose, 9_000, 4);
        sales(shop, "2026-10-01", a3, 50_000, 5);

        Console.Session managerA = new Console(api).session(shop, "store-a", "password-a");
        assertThat(rows(managerA.get("/api/v1/leaderboards/sales?month=2026-11").expect(200).body())).containsExactly(
                "1 " + a1 + " a1 A1 3000 fen 1 orders",
                "2 " + a2 + " a2 A2 3000 fen 3 orders");
        assertThat(rows(managerA.get("/api/v1/leaderboards/sales?month=2026-11&limit=1").expect(200).body()))
                .containsExactly("1 " + a1 + " a1 A1 3000 fen 1 orders");
        assertThat(rows(managerA.get("/api/v1/leaderboards/sales?month=2026-10").expect(200).body()))
                .containsExactly("1 " + a3 + " a3 A3 50000 fen 5 orders");

        Console.Session managerB = new Console(api).session(shop, "store-b", "password-b");
        assertThat(rows(managerB.get("/api/v1/leaderboards/sales?month=2026-11").expect(200).body()))
                .containsExactly("1 " + b1 + " b1 B1 8000 fen 2 orders");

        assertThat(rows(shop.get("/api/v1/leaderboards/sales?month=2026-11").expect(200).body())).containsExactly(
                "1 " + loose + " loose Loose 9000 fen 4 orders",
                "2 " + b1 + " b1 B1 8000 fen 2 orders",
                "3 " + a1 + " a1 A1 3000 fen 1 orders",
                "4 " + a2 + " a2 A2 3000 fen 3 orders");
    }

    @Test
    void anotherShopsFiguresNeverShow() {
        Api.Shop shop = api.newShop();
        Api.Shop other = api.newShop();
        long mine = sharer(shop, "same-person", "Mine", null);
        long theirs = sharer(other, "same-person", "Theirs", null);
        sales(shop, "2026-11-01", mine, 1_000, 1);
        sales(other, "2026-11-01", theirs, 900_000, 9);
        // A row of the other shop under this shop's sharer id: joined by shop and id, it must not borrow a name.
        sales(other, "2026-11-01", mine, 800_000, 8);

        assertThat(rows(shop.get("/api/v1/leaderboards/sales?month=2026-11").expect(200).body()))
                .containsExactly("1 " + mine + " same-person Mine 1000 fen 1 orders");
        assertThat(rows(other.get("/api/v1/leaderboards/sales?month=2026-11").expect(200).body()))
                .containsExactly("1 " + theirs + " same-person Theirs 900000 fen 9 orders");
    }

    @Test
    void refusesABadMonthOrLimitNamingTheParameter() {
        Api.Shop shop = api.newShop();
        for (String month : List.of("2026-13", "2026-00", "2026-1", "11-2026", "+2026-11", "2026-11-01", "")) {
            JsonNode problem = shop.get("/api/v1/leaderboards/sales?month=" + month).expect(400).body();
            assertThat(problem.get("code").asString()).as(month).isEqualTo("invalid_month");
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("month");
        }
        for (String limit : List.of("0", "101", "-1")) {
            JsonNode problem = shop.get("/api/v1/leaderboards/sales?limit=" + limit).expect(400).body();
            assertThat(problem.get("code").asString()).as(limit).isEqualTo("invalid_limit");
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("limit");
        }
        JsonNode notANumber = shop.get("/api/v1/leaderboards/sales?limit=ten").expect(400).body();
        assertThat(notANumber.get("errors").get(0).get("field").asString()).isEqualTo("limit");
    }

    private long sharer(Api.Shop shop, String externalUserId, String name, Long group) {
        return shop.post("/api/v1/sharers", json("externalUserId", externalUserId, "name", name, "groupId", group)).expect(201).id();
    }

    private void sales(Api.Shop shop, String monthStart, long sharer, long salesFen, int orders) {
        jdbc.sql("insert into sharer_month_sales (shop_id, month_start, sharer_id, sales_fen, orders) values (:shop, :month, :sharer, :sales, :orders)")
                .param("shop", shop.id).param("month", LocalDate.parse(monthStart)).param("sharer", sharer)
                .param("sales", salesFen).param("orders", orders).update();
    }

    private static List<String> rows(JsonNode board) {
        List<String> rows = new ArrayList<>();
        board.get("entries").forEach(e -> rows.add(e.get("rank").asInt() + " " + e.get("sharerId").asLong() + " "
                + e.get("externalUserId").asString() + " " + e.get("name").asString() + " " + e.get("salesFen").asLong() + " fen "
                + e.get("orders").asInt() + " orders"));
        return rows;
    }
}
