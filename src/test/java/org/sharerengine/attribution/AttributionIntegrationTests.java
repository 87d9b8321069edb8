package org.sharerengine.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@ApiTest
class AttributionIntegrationTests {

    @Autowired
    Api api;

    static String share(Api.Shop shop, long sharer) {
        return shop.post("/api/v1/shares", json("sharerId", sharer, "targetType", "PRODUCT", "targetId", "tea"))
                .expect(201).get("token").asString();
    }

    static String visit(Api.Shop shop, String token, String customer, String at) {
        return shop.post("/api/v1/visits", json("token", token, "customerId", customer, "visitedAt", at))
                .expect(200).get("outcome").asString();
    }

    static JsonNode attribution(Api.Shop shop, String orderId, String customer, String paidAt) {
        return shop.order(orderId, customer, null, paidAt, line("l", "tea", 1, 10_000)).expect(201).get("attribution");
    }

    @Test
    void firstTouchKeepsTheCustomerWithTheFirstSharerUntilTheBindingExpires() {
        Api.Shop shop = api.newShop(json("bindingProtection", "FIRST_TOUCH", "bindingValidityDays", 7));
        long alice = shop.sharer("alice", null);
        long bob = shop.sharer("bob", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        String aliceShare = share(shop, alice);
        String bobShare = share(shop, bob);

        assertThat(visit(shop, aliceShare, "carol", "2026-03-01T00:00:00Z")).isEqualTo("BOUND");
        assertThat(visit(shop, bobShare, "carol", "2026-03-02T00:00:00Z")).isEqualTo("PROTECTED");
        JsonNode first = attribution(shop, "o-1", "carol", "2026-03-03T00:00:00Z");
        assertThat(first.get("sharerId").asLong()).isEqualTo(alice);
        assertThat(first.get("rule").asString()).isEqualTo("BINDING");

        // Seven days after alice's visit the binding has expired: bob's share now takes carol.
        assertThat(visit(shop, bobShare, "carol", "2026-03-08T00:00:01Z")).isEqualTo("BOUND");
        assertThat(attribution(shop, "o-2", "carol", "2026-03-09T00:00:00Z").get("sharerId").asLong()).isEqualTo(bob);
    }

    @Test
    void lastTouchGivesTheCustomerToTheLatestShareVisited() {
        Api.Shop shop = api.newShop(json("bindingProtection", "LAST_TOUCH", "bindingValidityDays", 7));
        long alice = shop.sharer("alice", null);
        long bob = shop.sharer("bob", null);
        shop.product("tea", "LEVEL_RATE", null, null);

        visit(shop, share(shop, alice), "carol", "2026-03-01T00:00:00Z");
        assertThat(visit(shop, share(shop, bob), "carol", "2026-03-02T00:00:00Z")).isEqualTo("BOUND");

        assertThat(attribution(shop, "o-1", "carol", "2026-03-03T00:00:00Z").get("sharerId").asLong()).isEqualTo(bob);
    }

    @Test
    void anExpiredBindingAttributesNothing() {
        Api.Shop shop = api.newShop(json("bindingValidityDays", 7));
        long alice = shop.sharer("alice", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        visit(shop, share(shop, alice), "carol", "2026-03-01T00:00:00Z");

        JsonNode attribution = attribution(shop, "o-1", "carol", "2026-03-08T00:00:00Z");

        assertThat(attribution.get("rule").asString()).isEqualTo("NONE");
        assertThat(attribution.get("sharerId").isNull()).isTrue();
    }

    @Test
    void aPermanentBindingNeverExpires() {
        Api.Shop shop = api.newShop(json("bindingPermanent", true));
        long alice = shop.sharer("alice", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        visit(shop, share(shop, alice), "carol", "2020-03-01T00:00:00Z");

        assertThat(attribution(shop, "o-1", "carol", "2026-03-01T00:00:00Z").get("sharerId").asLong()).isEqualTo(alice);
    }

    @Test
    void theOrdersOwnSharerAndShareTokenComeBeforeTheBinding() {
        Api.Shop shop = api.newShop();
        long alice = shop.sharer("alice", null);
        long bob = shop.sharer("bob", null);
        long dan = shop.sharer("dan", null);
        shop.product("tea", "LEVEL_RATE", null, null);
        visit(shop, share(shop, alice), "carol", "2026-03-01T00:00:00Z");

        JsonNode named = shop.order("o-1", "carol", bob, "2026-03-02T00:00:00Z", line("l", "tea", 1, 100)).expect(201)
                .get("attribution");
        String danShare = share(shop, dan);
        JsonNode tokened = shop.post("/api/v1/orders", json("orderId", "o-2", "customerId", "carol", "shareToken", danShare,
                "paidAt", "2026-03-02T00:00:00Z", "lines", java.util.List.of(line("l", "tea", 1, 100)))).expect(201)
                .get("attribution");

        assertThat(named.get("rule").asString()).isEqualTo("ORDER_SHARER");
        assertThat(named.get("sharerId").asLong()).isEqualTo(bob);
        assertThat(tokened.get("rule").asString()).isEqualTo("SHARE_TOKEN");
        assertThat(tokened.get("sharerId").asLong()).isEqualTo(dan);
    }

    @Test
    void aSharerIsNeverBoundToThemselves() {
        Api.Shop shop = api.newShop();
        long alice = shop.sharer("alice", null);

        assertThat(visit(shop, share(shop, alice), "alice", "2026-03-01T00:00:00Z")).isEqualTo("SELF_VISIT");
        shop.get("/api/v1/customers/alice/binding").expect(404);
    }

    @Test
    void refusesAnOrderNamingAnUnknownSharerOrShareAndStoresNothing() {
        Api.Shop shop = api.newShop();
        shop.product("tea", "LEVEL_RATE", null, null);

        JsonNode problem = shop.order("o-1", "carol", 999_999L, null, line("l", "tea", 1, 100)).expect(400).body();
        shop.post("/api/v1/orders", json("orderId", "o-1", "customerId", "carol", "shareToken", "nope",
                "lines", java.util.List.of(line("l", "tea", 1, 100)))).expect(400);

        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("sharerId");
        shop.get("/api/v1/orders/o-1").expect(404);
    }
}
