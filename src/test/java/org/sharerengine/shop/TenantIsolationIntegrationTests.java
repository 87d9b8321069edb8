package org.sharerengine.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Shop B's key on shop A's ids sees nothing and changes nothing: A's ids look exactly like missing ones. */
@ApiTest
class TenantIsolationIntegrationTests {

    @Autowired
    Api api;

    @Test
    void anotherShopsKeySeesNothingOfThisShop() {
        Api.Shop a = api.newShop(json("settlementDelayDays", 0));
        Api.Shop b = api.newShop();
        long inviter = a.sharer("inviter", null);
        long sharer = a.sharer("sharer", inviter);
        a.product("tea", "LEVEL_RATE", null, null);
        String token = a.post("/api/v1/shares", json("sharerId", sharer, "targetType", "PRODUCT", "targetId", "tea"))
                .expect(201).get("token").asString();
        a.post("/api/v1/visits", json("token", token, "customerId", "carol")).expect(200);
        JsonNode order = a.order("o-1", "carol", sharer, "2026-03-01T00:00:00Z", line("l", "tea", 1, 100_000)).expect(201).body();
        long commissionLine = order.get("commission").get(0).get("id").asLong();
        a.refund("o-1", "r-1", "l", 1_000).expect(201);
        a.post("/api/v1/orders/o-1/completion", json("at", "2026-03-01T00:00:00Z")).expect(200);
        a.post("/api/v1/settlement-runs", json("asOf", "2026-03-02T00:00:00Z")).expect(200);
        long withdrawal = a.post("/api/v1/withdrawals", json("sharerId", sharer, "amountFen", 1_000, "channel", "ALIPAY",
                "accountNo", "a@b.c", "accountName", "S"), Map.of("Idempotency-Key", "w-1")).expect(201).id();
        long keyId = a.get("/api/v1/api-keys").expect(200).body().get(0).get("id").asLong();
        JsonNode walletBefore = a.wallet(sharer);

        String s = "/api/v1/sharers/" + sharer;
        for (String path : new String[] {s, s + "/wallet", s + "/ledger-entries", s + "/commission-lines", s + "/moves",
                s + "/upline", s + "/subtree", "/api/v1/sharers/by-external-user-id/sharer", "/api/v1/products/tea",
                "/api/v1/shares/" + token, "/api/v1/customers/carol/binding", "/api/v1/orders/o-1",
                "/api/v1/orders/o-1/refunds/r-1", "/api/v1/commission-lines/" + commissionLine,
                "/api/v1/withdrawals/" + withdrawal}) {
            assertThat(b.get(path).status()).as("GET " + path).isEqualTo(404);
        }
        for (String path : new String[] {s + "/approve", s + "/freeze", s + "/unfreeze", s + "/remove",
                "/api/v1/orders/o-1/completion", "/api/v1/orders/o-1/settle-event", "/api/v1/withdrawals/" + withdrawal + "/approve",
                "/api/v1/withdrawals/" + withdrawal + "/mark-paid"}) {
            assertThat(b.post(path, null).status()).as("POST " + path).isEqualTo(404);
        }
        assertThat(b.post(s + "/reject", json("reason", "x")).status()).isEqualTo(404);
        assertThat(b.post(s + "/move", json("parentId", null, "reason", "x")).status()).isEqualTo(404);
        assertThat(b.post("/api/v1/withdrawals/" + withdrawal + "/reject", json("reason", "x")).status()).isEqualTo(404);
        assertThat(b.refund("o-1", "r-2", "l", 1).status()).isEqualTo(404);
        assertThat(b.delete("/api/v1/products/tea").status()).isEqualTo(404);
        assertThat(b.delete("/api/v1/api-keys/" + keyId).status()).isEqualTo(404);
        assertThat(b.post("/api/v1/visits", json("token", token, "customerId", "dan")).status()).isEqualTo(400);
        assertThat(b.order("o-9", "dan", sharer, null, line("l", "tea", 1, 100)).status()).isEqualTo(400);
        assertThat(b.post("/api/v1/sharers", json("externalUserId", "x", "parentId", sharer)).status()).isEqualTo(400);
        assertThat(b.get("/api/v1/sharers").body().size()).isZero();
        assertThat(b.get("/api/v1/products").body().size()).isZero();
        assertThat(b.get("/api/v1/withdrawals").body().size()).isZero();
        assertThat(b.get("/api/v1/ledger/audit").body().get("byAccount").size()).isZero();

        assertThat(a.wallet(sharer)).isEqualTo(walletBefore);
        assertThat(a.get("/api/v1/withdrawals/" + withdrawal).expect(200).get("status").asString()).isEqualTo("REQUESTED");
        assertThat(a.get(s).expect(200).get("status").asString()).isEqualTo("ACTIVE");
        assertThat(a.get("/api/v1/products/tea").status()).isEqualTo(200);
        a.get("/api/v1/shop").expect(200);
        a.assertBooksBalance();
    }
}
