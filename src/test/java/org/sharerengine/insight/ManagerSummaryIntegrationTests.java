package org.sharerengine.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.Console;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Issue 3: "owners read all and a per-manager summary". */
@ApiTest
class ManagerSummaryIntegrationTests {

    private static final String MAY = "from=2026-05-01T00:00:00Z&to=2026-06-01T00:00:00Z";

    @Autowired
    Api api;

    @Test
    void summarizesEachGroupsSharersOrdersKeptSalesAndCommissionForThePeriod() {
        Api.Shop shop = api.newShop(json("commissionDepth", 2, "level1RateBp", 1000, "level2RateBp", 500));
        long storeA = manager(shop, "Store A", "store-a");
        long storeB = manager(shop, "Store B", "store-b");
        long storeC = manager(shop, "Store C", "store-c");
        long b1 = sharer(shop, "b1", storeB, null);
        long a1 = sharer(shop, "a1", storeA, null);
        long a2 = sharer(shop, "a2", storeA, b1);
        long a3 = sharer(shop, "a3", storeA, null);
        long a4 = sharer(shop, "a4", storeA, null);
        shop.post("/api/v1/sharers/" + a3 + "/freeze", null).expect(200);
        shop.post("/api/v1/sharers/" + a4 + "/remove", null).expect(200);
        shop.product("tea", "LEVEL_RATE", null, null);

        shop.order("o-1", "c1", a1, "2026-05-03T02:00:00Z", line("l-1", "tea", 1, 10_000)).expect(201);
        shop.order("o-2", "c2", a2, "2026-05-10T02:00:00Z", line("l-1", "tea", 2, 20_000), line("l-2", "tea", 1, 5_000)).expect(201);
        shop.order("o-3", "c3", b1, "2026-05-20T02:00:00Z", line("l-1", "tea", 1, 30_000)).expect(201);
        shop.order("o-april", "c4", a1, "2026-04-30T23:59:59Z", line("l-1", "tea", 1, 8_000)).expect(201);
        shop.order("o-june", "c5", a1, "2026-06-01T00:00:00Z", line("l-1", "tea", 1, 9_000)).expect(201);
        shop.order("o-nobody", "c6", null, "2026-05-15T02:00:00Z", line("l-1", "tea", 1, 7_000)).expect(201);
        shop.refund("o-2", "r-1", "l-2", 3_333).expect(201);

        JsonNode summary = shop.get("/api/v1/managers/summary?" + MAY).expect(200).body();

        assertThat(summary.get("from").asString()).isEqualTo("2026-05-01T00:00:00Z");
        // Store A: a1, a2 active, a3 frozen (a4 removed). o-1 10,000 + o-2 20,000 + (5,000 − 3,333) kept = 31,667 fen.
        // Commission of A's sharers: a1 10 % of 10,000 = 1,000; a2 10 % of 20,000 = 2,000 and floor(1,667 × 10 %) = 166.
        // Store B: b1 sold 30,000 (3,000 commission) and, as a2's inviter, earns 5 % of o-2: 1,000 + floor(1,667 × 5 %) = 83.
        assertThat(rows(summary)).containsExactly(
                storeA + " Store A: 2/3 sharers, 2 orders, 31667 sales, 3166 commission",
                storeB + " Store B: 1/1 sharers, 1 orders, 30000 sales, 4083 commission",
                storeC + " Store C: 0/0 sharers, 0 orders, 0 sales, 0 commission");

        Console.Session manager = new Console(api).session(shop, "store-b", "password-store-b");
        assertThat(rows(manager.get("/api/v1/managers/summary?" + MAY).expect(200).body()))
                .as("a manager sees its own group only")
                .containsExactly(storeB + " Store B: 1/1 sharers, 1 orders, 30000 sales, 4083 commission");
    }

    @Test
    void refusesAMissingOrEmptyPeriod() {
        Api.Shop shop = api.newShop();
        assertThat(shop.get("/api/v1/managers/summary?to=2026-06-01T00:00:00Z").expect(400).get("code").asString())
                .isEqualTo("invalid_from");
        assertThat(shop.get("/api/v1/managers/summary?from=2026-06-01T00:00:00Z&to=2026-06-01T00:00:00Z").expect(400)
                .get("code").asString()).isEqualTo("invalid_to");
        shop.get("/api/v1/managers/summary?from=yesterday&to=2026-06-01T00:00:00Z").expect(400);
    }

    private static List<String> rows(JsonNode summary) {
        List<String> rows = new ArrayList<>();
        summary.get("managers").forEach(g -> rows.add(g.get("groupId").asLong() + " " + g.get("name").asString() + ": "
                + g.get("activeSharers").asLong() + "/" + g.get("totalSharers").asLong() + " sharers, "
                + g.get("orders").asLong() + " orders, " + g.get("salesFen").asLong() + " sales, "
                + g.get("commissionFen").asLong() + " commission"));
        return rows;
    }

    private static long manager(Api.Shop shop, String name, String username) {
        return shop.post("/api/v1/managers", json("name", name, "username", username, "password", "password-" + username))
                .expect(201).id();
    }

    private static long sharer(Api.Shop shop, String externalUserId, long group, Long parent) {
        return shop.post("/api/v1/sharers", json("externalUserId", externalUserId, "groupId", group, "parentId", parent))
                .expect(201).id();
    }
}
