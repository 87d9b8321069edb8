package org.sharerengine.network;

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

/**
 * Manager groups (导购管理员), SPEC §1, §2, §4, §13 and issue 3: "Owners create managers (console
 * users scoped to a group). Managers add sharers (one by one, or by CSV import) into their group;
 * they read only their group's sharers, orders and results" and "a manager adding a sharer picks
 * one of its assigned templates; managers can never create or edit templates".
 */
@ApiTest
class ManagerIntegrationTests {

    private static final String PAID = "2026-05-04T02:00:00Z";

    @Autowired
    Api api;

    @Test
    void anOwnerCreatesAManagerWhoLogsInToItsOwnGroup() {
        Api.Shop shop = api.newShop();
        JsonNode created = shop.post("/api/v1/managers", json("name", "Store A 门店", "username", "store-a", "password", "password-a"))
                .expect(201).body();
        long group = created.get("id").asLong();
        assertThat(created.get("name").asString()).isEqualTo("Store A 门店");
        assertThat(created.get("managerUsernames").get(0).asString()).isEqualTo("store-a");
        assertThat(created.get("templateIds")).isEmpty();
        long other = manager(shop, "Store B", "store-b");

        JsonNode login = new Console(api).login(shop.id, "store-a", "password-a").expect(201).body();
        assertThat(login.get("role").asString()).isEqualTo("MANAGER");
        assertThat(login.get("managerGroupId").asLong()).isEqualTo(group);
        Console.Session manager = new Console(api).session(shop, "store-a", "password-a");

        assertThat(manager.get("/api/v1/managers/me").expect(200).get("id").asLong()).isEqualTo(group);
        assertThat(manager.get("/api/v1/managers/" + group).expect(200).get("name").asString()).isEqualTo("Store A 门店");
        manager.get("/api/v1/managers/" + other).expect(404);
        assertThat(manager.get("/api/v1/managers").expect(403).get("code").asString()).isEqualTo("owner_only");
        assertThat(shop.get("/api/v1/managers/me").expect(403).get("code").asString()).isEqualTo("manager_only");
        assertThat(ids(shop.get("/api/v1/managers").expect(200).body())).containsExactly(group, other);
        shop.get("/api/v1/managers/" + other).expect(200);
    }

    @Test
    void aRefusedManagerLeavesNoGroupBehind() {
        Api.Shop shop = api.newShop();
        manager(shop, "Store A", "store-a");

        assertThat(shop.post("/api/v1/managers", json("name", "Store B", "username", "store-a", "password", "password-b"))
                .expect(409).get("code").asString()).isEqualTo("username_taken");
        assertThat(shop.post("/api/v1/managers", json("name", "Store B", "username", "store-b", "password", "short"))
                .expect(400).get("code").asString()).isEqualTo("invalid_password");
        assertThat(shop.post("/api/v1/managers", json("name", "Store A", "username", "store-c", "password", "password-c"))
                .expect(409).get("code").asString()).isEqualTo("manager_group_exists");
        assertThat(shop.post("/api/v1/managers", json("name", " ", "username", "store-c", "password", "password-c"))
                .expect(400).get("code").asString()).isEqualTo("invalid_name");

        assertThat(shop.get("/api/v1/managers").expect(200).body()).as("the refused Store B was rolled back").hasSize(1);
        manager(shop, "Store B", "store-b");
    }

    @Test
    void theOwnerAssignsTemplatesAndAManagerMustPickOneOfThem() {
        Api.Shop shop = api.newShop();
        long storeA = manager(shop, "Store A", "store-a");
        long storeB = manager(shop, "Store B", "store-b");
        long basic = template(shop, "Basic");
        long premium = template(shop, "Premium");
        long vip = template(shop, "VIP");

        JsonNode assigned = shop.put("/api/v1/managers/" + storeA + "/templates", json("templateIds", List.of(premium, basic, basic)))
                .expect(200).body();
        assertThat(longs(assigned.get("templateIds"))).containsExactly(basic, premium);
        JsonNode unknown = shop.put("/api/v1/managers/" + storeA + "/templates", json("templateIds", List.of(basic, 999_999)))
                .expect(400).body();
        assertThat(unknown.get("code").asString()).isEqualTo("invalid_template_ids");
        assertThat(longs(shop.get("/api/v1/managers/" + storeA).expect(200).get("templateIds")))
                .as("a refused assignment changes nothing").containsExactly(basic, premium);
        shop.put("/api/v1/managers/999999/templates", json("templateIds", List.of(basic))).expect(404);

        Console.Session manager = new Console(api).session(shop, "store-a", "password-store-a");
        assertThat(manager.put("/api/v1/managers/" + storeA + "/templates", json("templateIds", List.of(vip))).expect(403)
                .get("code").asString()).isEqualTo("owner_only");
        assertThat(longs(manager.get("/api/v1/managers/me").expect(200).get("templateIds"))).containsExactly(basic, premium);

        assertThat(manager.post("/api/v1/sharers", json("externalUserId", "amy")).expect(400).get("code").asString())
                .as("a manager with templates must pick one").isEqualTo("invalid_template_id");
        assertThat(manager.post("/api/v1/sharers", json("externalUserId", "amy", "templateId", vip)).expect(400)
                .get("detail").asString()).contains("is not one of your group's commission templates");
        assertThat(manager.post("/api/v1/sharers", json("externalUserId", "amy", "templateId", premium, "groupId", storeB))
                .expect(400).get("code").asString()).isEqualTo("invalid_group_id");
        JsonNode amy = manager.post("/api/v1/sharers", json("externalUserId", "amy", "templateId", premium)).expect(201).body();
        assertThat(amy.get("groupId").asLong()).as("the group comes from the manager's session").isEqualTo(storeA);
        assertThat(amy.get("templateId").asLong()).isEqualTo(premium);
        assertThat(manager.get("/api/v1/sharers").expect(200).body()).hasSize(1);

        JsonNode ben = shop.post("/api/v1/sharers", json("externalUserId", "ben", "templateId", vip, "groupId", storeA)).expect(201).body();
        assertThat(ben.get("templateId").asLong()).as("owners are not bound to a group's templates").isEqualTo(vip);
        assertThat(shop.post("/api/v1/sharers", json("externalUserId", "cat")).expect(201).get("groupId").isNull()).isTrue();

        Console.Session managerB = new Console(api).session(shop, "store-b", "password-store-b");
        assertThat(managerB.post("/api/v1/sharers", json("externalUserId", "dan", "templateId", basic)).expect(400)
                .get("detail").asString()).contains("no commission template is assigned to your group");
        JsonNode dan = managerB.post("/api/v1/sharers", json("externalUserId", "dan")).expect(201).body();
        assertThat(dan.get("groupId").asLong()).isEqualTo(storeB);
        assertThat(dan.get("templateId").isNull()).as("the shop's default rates").isTrue();
    }

    @Test
    void aManagerImportsSharersIntoItsGroupWithATemplateColumn() {
        Api.Shop shop = api.newShop();
        long storeA = manager(shop, "Store A", "store-a");
        long storeB = manager(shop, "Store B", "store-b");
        long basic = template(shop, "Basic");
        long vip = template(shop, "VIP");
        shop.put("/api/v1/managers/" + storeA + "/templates", json("templateIds", List.of(basic))).expect(200);
        Console.Session manager = new Console(api).session(shop, "store-a", "password-store-a");

        JsonNode refused = manager.postCsv("/api/v1/sharers/import", """
                externalUserId,name,templateId,groupId
                amy,Amy,%d,
                ben,Ben,%d,
                cat,Cat,%d,%d
                """.formatted(basic, vip, basic, storeB)).expect(422).body();
        assertThat(refused.get("imported").asBoolean()).isFalse();
        assertThat(refused.get("results").get(0).get("outcome").asString()).isEqualTo("NOT_IMPORTED");
        assertThat(refused.get("results").get(1).get("error").asString()).contains("templateId");
        assertThat(refused.get("results").get(2).get("error").asString()).contains("groupId");
        assertThat(manager.get("/api/v1/sharers").expect(200).body()).as("all or nothing").isEmpty();

        JsonNode report = manager.postCsv("/api/v1/sharers/import", """
                externalUserId,name,templateId
                amy,Amy,%d
                ben,Ben,%d
                """.formatted(basic, basic)).expect(200).body();
        assertThat(report.get("succeeded").asInt()).isEqualTo(2);
        JsonNode imported = manager.get("/api/v1/sharers").expect(200).body();
        assertThat(imported).as("both rows, in the manager's group").hasSize(2);
        for (JsonNode sharer : imported) {
            assertThat(sharer.get("groupId").asLong()).isEqualTo(storeA);
            assertThat(sharer.get("templateId").asLong()).isEqualTo(basic);
        }
    }

    @Test
    void aManagerReadsOnlyItsOwnGroupsSharersOrdersCommissionAndWallets() {
        Api.Shop shop = api.newShop(json("level1RateBp", 1000, "level2RateBp", 0));
        long storeA = manager(shop, "Store A", "store-a");
        long storeB = manager(shop, "Store B", "store-b");
        long amy = shop.post("/api/v1/sharers", json("externalUserId", "amy", "groupId", storeA)).expect(201).id();
        long amyInvitee = shop.post("/api/v1/sharers", json("externalUserId", "amy-friend", "groupId", storeB, "parentId", amy))
                .expect(201).id();
        long bob = shop.post("/api/v1/sharers", json("externalUserId", "bob", "groupId", storeB)).expect(201).id();
        long loner = shop.sharer("loner", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        JsonNode orderA = shop.order("order-a", "c1", amy, PAID, line("l-1", "tea", 1, 10_000)).expect(201).body();
        JsonNode orderB = shop.order("order-b", "c2", bob, PAID, line("l-1", "tea", 1, 20_000)).expect(201).body();
        shop.order("order-none", "c3", null, PAID, line("l-1", "tea", 1, 30_000)).expect(201);
        long lineA = orderA.get("commission").get(0).get("id").asLong();
        long lineB = orderB.get("commission").get(0).get("id").asLong();
        Console.Session manager = new Console(api).session(shop, "store-a", "password-store-a");

        assertThat(ids(manager.get("/api/v1/sharers").expect(200).body())).containsExactly(amy);
        assertThat(ids(shop.get("/api/v1/sharers?groupId=" + storeB).expect(200).body())).containsExactly(amyInvitee, bob);
        assertThat(ids(shop.get("/api/v1/sharers").expect(200).body())).containsExactly(amy, amyInvitee, bob, loner);
        manager.get("/api/v1/sharers?groupId=" + storeB).expect(404);
        manager.get("/api/v1/sharers/" + amy).expect(200);
        assertThat(manager.get("/api/v1/sharers/" + bob).expect(404).get("code").asString()).isEqualTo("sharer_not_found");
        manager.get("/api/v1/sharers/" + loner).expect(404);
        manager.get("/api/v1/sharers/by-external-user-id/bob").expect(404);
        assertThat(manager.get("/api/v1/sharers/" + amy + "/subtree").expect(200).body())
                .as("the invitee in another group stays hidden").isEmpty();
        manager.get("/api/v1/sharers/" + bob + "/subtree").expect(404);

        assertThat(manager.get("/api/v1/orders/order-a").expect(200).get("totalFen").asLong()).isEqualTo(10_000);
        assertThat(manager.get("/api/v1/orders/order-b").expect(404).get("code").asString()).isEqualTo("order_not_found");
        manager.get("/api/v1/orders/order-none").expect(404);
        shop.get("/api/v1/orders/order-b").expect(200);

        assertThat(manager.get("/api/v1/commission-lines/" + lineA).expect(200).get("line").get("amountFen").asLong()).isEqualTo(1_000);
        manager.get("/api/v1/commission-lines/" + lineB).expect(404);
        assertThat(manager.get("/api/v1/sharers/" + amy + "/commission-lines").expect(200).body()).hasSize(1);
        manager.get("/api/v1/sharers/" + bob + "/commission-lines").expect(404);
        assertThat(manager.get("/api/v1/sharers/" + amy + "/wallet").expect(200).get("pendingFen").asLong()).isEqualTo(1_000);
        manager.get("/api/v1/sharers/" + bob + "/wallet").expect(404);
        manager.get("/api/v1/sharers/" + bob + "/ledger-entries").expect(404);
        manager.get("/api/v1/withdrawals?sharerId=" + bob).expect(404);
        manager.get("/api/v1/withdrawals?sharerId=" + amy).expect(200);

        assertThat(manager.get("/api/v1/sharers/" + amy + "/level").expect(200).get("rank").asInt()).isEqualTo(1);
        manager.get("/api/v1/sharers/" + amy + "/level-history").expect(200);
        manager.get("/api/v1/sharers/" + bob + "/level").expect(404);
        manager.get("/api/v1/sharers/" + bob + "/level-history").expect(404);
        manager.get("/api/v1/sharers/" + bob + "/notifications").expect(404);
    }

    @Test
    void aManagerSeesOnlyTheTeamsLedByASharerOfItsGroup() {
        Api.Shop shop = api.newShop();
        long storeA = manager(shop, "Store A", "store-a");
        long storeB = manager(shop, "Store B", "store-b");
        long amy = shop.post("/api/v1/sharers", json("externalUserId", "amy", "groupId", storeA)).expect(201).id();
        long bob = shop.post("/api/v1/sharers", json("externalUserId", "bob", "groupId", storeB)).expect(201).id();
        long loner = shop.sharer("loner", null);
        long ours = shop.post("/api/v1/teams", json("leaderId", amy, "name", "A team")).expect(201).id();
        long theirs = shop.post("/api/v1/teams", json("leaderId", bob, "name", "B team")).expect(201).id();
        long nobodys = shop.post("/api/v1/teams", json("leaderId", loner, "name", "Loner team")).expect(201).id();
        Console.Session manager = new Console(api).session(shop, "store-a", "password-store-a");

        assertThat(ids(manager.get("/api/v1/teams").expect(200).body())).containsExactly(ours);
        assertThat(ids(shop.get("/api/v1/teams").expect(200).body())).containsExactly(ours, theirs, nobodys);
        assertThat(manager.get("/api/v1/teams/" + ours + "/members").expect(200).body().get(0).get("sharerId").asLong())
                .isEqualTo(amy);
        assertThat(manager.get("/api/v1/teams/" + theirs + "/members").expect(404).get("code").asString())
                .isEqualTo("team_not_found");
        manager.get("/api/v1/teams/" + nobodys + "/members").expect(404);
        manager.get("/api/v1/teams/" + theirs).expect(404);
        shop.get("/api/v1/teams/" + theirs + "/members").expect(200);
    }

    @Test
    void aManagerDecidesItsOwnGroupsApplicationsAndNothingThatIsTheOwners() {
        Api.Shop shop = api.newShop(json("approvalRequired", true));
        long storeA = manager(shop, "Store A", "store-a");
        long storeB = manager(shop, "Store B", "store-b");
        long template = template(shop, "Basic");
        long applicant = shop.post("/api/v1/sharers/applications", json("externalUserId", "amy", "groupId", storeA)).expect(201).id();
        long other = shop.post("/api/v1/sharers/applications", json("externalUserId", "bob", "groupId", storeB)).expect(201).id();
        Console.Session manager = new Console(api).session(shop, "store-a", "password-store-a");

        assertThat(manager.post("/api/v1/sharers/" + applicant + "/approve", null).expect(200).get("status").asString())
                .isEqualTo("ACTIVE");
        manager.post("/api/v1/sharers/" + other + "/approve", null).expect(404);
        manager.post("/api/v1/sharers/" + other + "/reject", json("reason", "not ours")).expect(404);
        assertThat(shop.get("/api/v1/sharers/" + other).expect(200).get("status").asString()).isEqualTo("APPLIED");

        List<Api.Response> refused = new ArrayList<>(List.of(
                manager.patch("/api/v1/shop/settings", json("level1RateBp", 9_000)),
                manager.get("/api/v1/api-keys"),
                manager.post("/api/v1/api-keys", json("name", "mine")),
                manager.post("/api/v1/console-users", json("username", "boss2", "password", "password-x")),
                manager.get("/api/v1/console-users"),
                manager.post("/api/v1/managers", json("name", "Store C", "username", "store-c", "password", "password-c")),
                manager.put("/api/v1/products/tea", json("name", "Tea", "commissionMode", "LEVEL_RATE")),
                manager.delete("/api/v1/products/tea"),
                manager.post("/api/v1/orders", json("orderId", "o-1", "customerId", "c", "lines", List.of(line("l", "tea", 1, 100)))),
                manager.post("/api/v1/orders/o-1/refunds", json("refundId", "r-1", "lines", List.of(json("lineId", "l", "amountFen", 1)))),
                manager.post("/api/v1/orders/o-1/completion", null),
                manager.post("/api/v1/settlement-runs", json("asOf", PAID)),
                manager.get("/api/v1/withdrawals"),
                manager.post("/api/v1/withdrawals/1/approve", null),
                manager.get("/api/v1/ledger/audit"),
                manager.post("/api/v1/sharers/applications", json("externalUserId", "cat")),
                manager.post("/api/v1/sharers/" + applicant + "/freeze", null),
                manager.post("/api/v1/sharers/" + applicant + "/remove", null),
                manager.post("/api/v1/sharers/" + applicant + "/move", json("parentId", null, "reason", "reorganisation")),
                manager.put("/api/v1/sharers/" + applicant + "/template", json("templateId", template)),
                manager.post("/api/v1/shares", json("sharerId", applicant, "targetType", "PRODUCT", "targetId", "tea")),
                manager.post("/api/v1/commission-templates", json("name", "Mine",
                        "rates", List.of(json("levelRank", 1, "depth1RateBp", 9_000)))),
                manager.put("/api/v1/commission-templates/" + template, json("name", "Basic",
                        "rates", List.of(json("levelRank", 1, "depth1RateBp", 9_000)))),
                manager.post("/api/v1/boosts", json("productId", "tea", "extraRateBp", 500,
                        "startsAt", "2026-01-01T00:00:00Z", "endsAt", "2026-02-01T00:00:00Z")),
                manager.post("/api/v1/teams", json("leaderId", applicant, "name", "Mine")),
                manager.put("/api/v1/team-bonus/policy", json("tiers", List.of(json("minSalesFen", 1, "rateBp", 9_000)))),
                manager.post("/api/v1/team-bonus-runs", json("asOf", PAID)),
                manager.put("/api/v1/level-programme", json("pointsPerYuan", 1, "levels", List.of(json("rank", 1, "name", "普通")))),
                manager.post("/api/v1/level-runs", json("asOf", PAID)),
                manager.put("/api/v1/sharers/" + applicant + "/level", json("rank", 1, "reason", "mine", "locked", true)),
                manager.post("/api/v1/sharers/" + applicant + "/level-points", json("points", 100, "reason", "mine"))));
        for (Api.Response response : refused) {
            assertThat(response.status()).as(response.raw().getRequest().getMethod() + " " + response.raw().getRequest().getRequestURI())
                    .isEqualTo(403);
            assertThat(response.get("code").asString()).isEqualTo("owner_only");
        }
        assertThat(shop.get("/api/v1/shop").expect(200).get("settings").get("level1RateBp").asInt()).isEqualTo(600);
        assertThat(shop.get("/api/v1/sharers/" + applicant).expect(200).get("status").asString()).isEqualTo("ACTIVE");
        assertThat(manager.get("/api/v1/shop").expect(200).get("id").asLong()).as("a manager may read the shop").isEqualTo(shop.id);
    }

    long manager(Api.Shop shop, String name, String username) {
        return shop.post("/api/v1/managers", json("name", name, "username", username, "password", "password-" + username))
                .expect(201).id();
    }

    long template(Api.Shop shop, String name) {
        return shop.post("/api/v1/commission-templates", json("name", name,
                "rates", List.of(json("levelRank", 1, "depth1RateBp", 500, "depth2RateBp", 100)))).expect(201).id();
    }

    static List<Long> ids(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.get("id").asLong()));
        return ids;
    }

    static List<Long> longs(JsonNode array) {
        List<Long> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asLong()));
        return values;
    }
}
