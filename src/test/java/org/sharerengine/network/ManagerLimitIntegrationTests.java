package org.sharerengine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.ShopId;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.Console;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * SPEC §1: "at most 200 managers per shop, 500 sharers per manager, and one person may be a
 * sharer of at most 50 shops. Exceeding a limit is a clear 4xx error, nothing half-done."
 * Each limit is set low per shop here; the defaults are checked in LimitSettingsTests.
 */
@ApiTest
class ManagerLimitIntegrationTests {

    @Autowired
    Api api;
    @Autowired
    Sharers sharers;
    @Autowired
    ManagerGroups groups;

    @Test
    void aShopRefusesAManagerBeyondItsLimitAndWritesNothing() {
        Api.Shop shop = api.newShop(json("maxManagers", 2));
        manager(shop, "Store A", "store-a");
        manager(shop, "Store B", "store-b");

        JsonNode refused = shop.post("/api/v1/managers", json("name", "Store C", "username", "store-c", "password", "password-c"))
                .expect(409).body();

        assertThat(refused.get("code").asString()).isEqualTo("limit_managers_per_shop");
        assertThat(refused.get("detail").asString()).isEqualTo("This shop already has 2 managers, the most it allows (2).");
        assertThat(shop.get("/api/v1/managers").expect(200).body()).hasSize(2);
        // the refused manager's username was not taken
        shop.post("/api/v1/console-users", json("username", "store-c", "password", "password-c")).expect(201);
        shop.patch("/api/v1/shop/settings", json("maxManagers", 3)).expect(200);
        manager(shop, "Store C", "store-c2");
    }

    @Test
    void aGroupRefusesASharerBeyondItsLimitWhoeverAddsIt() {
        Api.Shop shop = api.newShop(json("maxSharersPerManager", 2));
        long storeA = manager(shop, "Store A", "store-a");
        Console.Session manager = new Console(api).session(shop, "store-a", "password-store-a");
        manager.post("/api/v1/sharers", json("externalUserId", "amy")).expect(201);
        long ben = manager.post("/api/v1/sharers", json("externalUserId", "ben")).expect(201).id();

        JsonNode refused = manager.post("/api/v1/sharers", json("externalUserId", "cat")).expect(409).body();
        assertThat(refused.get("code").asString()).isEqualTo("limit_sharers_per_manager");
        assertThat(refused.get("detail").asString())
                .isEqualTo("Manager group " + storeA + " already has 2 sharers, the most this shop allows per manager (2).");
        assertThat(shop.post("/api/v1/sharers", json("externalUserId", "cat", "groupId", storeA)).expect(409).get("code").asString())
                .isEqualTo("limit_sharers_per_manager");
        shop.get("/api/v1/sharers/by-external-user-id/cat").expect(404);
        // a sharer outside any group is not counted
        shop.post("/api/v1/sharers", json("externalUserId", "dan")).expect(201);

        shop.post("/api/v1/sharers/" + ben + "/remove", null).expect(200);
        // a removed sharer frees its place
        manager.post("/api/v1/sharers", json("externalUserId", "cat")).expect(201);
    }

    @Test
    void theOwnerMovesASharerBetweenGroupsWithinTheTargetsLimit() {
        Api.Shop shop = api.newShop(json("maxSharersPerManager", 1));
        long storeA = manager(shop, "Store A", "store-a");
        long storeB = manager(shop, "Store B", "store-b");
        shop.post("/api/v1/sharers", json("externalUserId", "amy", "groupId", storeA)).expect(201);
        long bob = shop.post("/api/v1/sharers", json("externalUserId", "bob", "groupId", storeB)).expect(201).id();
        Console.Session managerB = new Console(api).session(shop, "store-b", "password-store-b");
        assertThat(managerB.put("/api/v1/sharers/" + bob + "/group", json("groupId", null)).expect(403).get("code").asString())
                .isEqualTo("owner_only");

        assertThat(shop.put("/api/v1/sharers/" + bob + "/group", json("groupId", storeA)).expect(409).get("code").asString())
                .isEqualTo("limit_sharers_per_manager");
        assertThat(shop.get("/api/v1/sharers/" + bob).expect(200).get("groupId").asLong()).isEqualTo(storeB);
        assertThat(shop.put("/api/v1/sharers/" + bob + "/group", json("groupId", 999_999)).expect(400).get("code").asString())
                .isEqualTo("invalid_group_id");

        assertThat(shop.put("/api/v1/sharers/" + bob + "/group", json("groupId", null)).expect(200).get("groupId").isNull()).isTrue();
        managerB.get("/api/v1/sharers/" + bob).expect(404);
        managerB.post("/api/v1/sharers", json("externalUserId", "cat")).expect(201);
    }

    @Test
    void aCsvImportThatWouldExceedALimitImportsNothingEvenWhenPartial() {
        Api.Shop shop = api.newShop(json("maxSharersPerManager", 3));
        manager(shop, "Store A", "store-a");
        Console.Session manager = new Console(api).session(shop, "store-a", "password-store-a");
        manager.post("/api/v1/sharers", json("externalUserId", "amy")).expect(201);

        JsonNode refused = manager.postCsv("/api/v1/sharers/import?partial=true", """
                externalUserId,name,type
                ben,Ben,0
                bad,Bad,7
                cat,Cat,0
                dan,Dan,0
                """).expect(409).body();

        assertThat(refused.get("code").asString()).isEqualTo("limit_sharers_per_manager");
        assertThat(refused.get("detail").asString()).startsWith("Row 5: ").endsWith("Nothing was imported.");
        assertThat(manager.get("/api/v1/sharers").expect(200).body()).as("not even ben and cat").hasSize(1);
        manager.postCsv("/api/v1/sharers/import?partial=true", """
                externalUserId,name,type
                ben,Ben,0
                bad,Bad,7
                cat,Cat,0
                """).expect(200);
        assertThat(manager.get("/api/v1/sharers").expect(200).body()).hasSize(3);
    }

    @Test
    void aPersonIsASharerOfAtMostAsManyShopsAsTheAddingShopAllows() {
        String person = "unionid-" + UUID.randomUUID();
        Api.Shop first = api.newShop(json("maxShopsPerPerson", 2));
        Api.Shop second = api.newShop(json("maxShopsPerPerson", 2));
        Api.Shop third = api.newShop(json("maxShopsPerPerson", 2));
        Api.Shop generous = api.newShop(json("maxShopsPerPerson", 4));
        long inFirst = first.sharer(person, null);
        second.sharer(person, null);

        JsonNode refused = third.post("/api/v1/sharers", json("externalUserId", person)).expect(409).body();
        assertThat(refused.get("code").asString()).isEqualTo("limit_shops_per_person");
        assertThat(refused.get("detail").asString())
                .isEqualTo("User " + person + " is already a sharer of 2 shops, the most one person may join (this shop's limit).");
        JsonNode csv = api.callCsv(org.springframework.http.HttpMethod.POST, "/api/v1/sharers/import?partial=true",
                "externalUserId\nsomeone-else-" + person + "\n" + person + "\n", third.apiKey).expect(409).body();
        assertThat(csv.get("code").asString()).isEqualTo("limit_shops_per_person");
        assertThat(third.get("/api/v1/sharers").expect(200).body()).isEmpty();

        generous.sharer(person, null);
        first.post("/api/v1/sharers/" + inFirst + "/remove", null).expect(200);
        assertThat(third.post("/api/v1/sharers", json("externalUserId", person)).status())
                .as("now in 2 shops again (second, generous) — still at the third shop's limit").isEqualTo(409);
        Api.Shop fourth = api.newShop(json("maxShopsPerPerson", 3));
        fourth.sharer(person, null);
    }

    @Test
    void aRejectedApplicationFreesThePersonsPlace() {
        String person = "unionid-" + UUID.randomUUID();
        Api.Shop first = api.newShop(json("maxShopsPerPerson", 1, "approvalRequired", true));
        Api.Shop second = api.newShop(json("maxShopsPerPerson", 1));
        long applied = first.post("/api/v1/sharers/applications", json("externalUserId", person)).expect(201).id();
        // an application holds a place
        second.post("/api/v1/sharers", json("externalUserId", person)).expect(409);

        first.post("/api/v1/sharers/" + applied + "/reject", json("reason", "not a customer")).expect(200);
        second.sharer(person, null);
        // applying again needs a place
        first.post("/api/v1/sharers/applications", json("externalUserId", person)).expect(409);
    }

    @Test
    void parallelAddsIntoOneGroupNeverPassItsLimitTogether() throws Exception {
        Api.Shop shop = api.newShop(json("maxSharersPerManager", 3));
        long group = manager(shop, "Store A", "store-a");
        sharers.add(new ShopId(shop.id), sharer("first", group));

        List<String> outcomes = race(12, i -> () -> {
            sharers.add(new ShopId(shop.id), sharer("racer-" + i, group));
            return "added";
        });

        assertThat(outcomes).filteredOn("added"::equals).hasSize(2);
        assertThat(outcomes).filteredOn("limit_sharers_per_manager"::equals).hasSize(10);
        assertThat(shop.get("/api/v1/sharers?groupId=" + group).expect(200).body()).hasSize(3);
    }

    @Test
    void parallelManagerCreationsNeverPassTheShopsLimitTogether() throws Exception {
        Api.Shop shop = api.newShop(json("maxManagers", 4));
        manager(shop, "Store 0", "store-0");

        List<String> outcomes = race(10, i -> () -> {
            groups.create(new ShopId(shop.id), "Store " + (i + 1), "store-" + (i + 1), "password-" + i);
            return "created";
        });

        assertThat(outcomes).filteredOn("created"::equals).hasSize(3);
        assertThat(outcomes).filteredOn("limit_managers_per_shop"::equals).hasSize(7);
        assertThat(shop.get("/api/v1/managers").expect(200).body()).hasSize(4);
    }

    @Test
    void parallelShopsAddingOnePersonNeverPassThePersonsLimitTogether() throws Exception {
        String person = "unionid-" + UUID.randomUUID();
        List<Api.Shop> shops = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            shops.add(api.newShop(json("maxShopsPerPerson", 3)));
        }

        List<String> outcomes = race(8, i -> () -> {
            sharers.add(new ShopId(shops.get(i).id), sharer(person, null));
            return "added";
        });

        assertThat(outcomes).filteredOn("added"::equals).hasSize(3);
        assertThat(outcomes).filteredOn("limit_shops_per_person"::equals).hasSize(5);
    }

    private static NewSharer sharer(String externalUserId, Long group) {
        return new NewSharer(externalUserId, null, null, 0, null, null, null, null, group);
    }

    private static long manager(Api.Shop shop, String name, String username) {
        return shop.post("/api/v1/managers", json("name", name, "username", username, "password", "password-" + username))
                .expect(201).id();
    }

    /**
     * Runs the calls released at one instant; each outcome is the call's result or the code of the
     * problem it was refused with. Anything else (a deadlock, a raw SQL error) fails the test.
     */
    private static List<String> race(int callers, IntFunction<Callable<String>> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Callable<String> task = call.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return task.call();
                    } catch (ApiProblem problem) {
                        return problem.code();
                    }
                }));
            }
            start.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
