package org.sharerengine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

@ApiTest
class NetworkIntegrationTests {

    @Autowired
    Api api;

    @Test
    void anApplicationWaitsForApprovalAndARejectionKeepsItsReason() {
        Api.Shop shop = api.newShop(json("approvalRequired", true));
        long inviter = shop.sharer("inviter", null);
        String code = shop.get("/api/v1/sharers/" + inviter).expect(200).get("inviteCode").asString();

        JsonNode applied = shop.post("/api/v1/sharers/applications", json("externalUserId", "amy", "inviteCode", code)).expect(201).body();
        assertThat(applied.get("status").asString()).isEqualTo("APPLIED");
        assertThat(applied.get("parentId").asLong()).as("an invite code makes the new sharer its child").isEqualTo(inviter);
        long amy = applied.get("id").asLong();
        assertThat(shop.post("/api/v1/sharers/" + amy + "/approve", null).expect(200).get("status").asString()).isEqualTo("ACTIVE");

        long ben = shop.post("/api/v1/sharers/applications", json("externalUserId", "ben")).expect(201).id();
        shop.post("/api/v1/sharers/" + ben + "/reject", json("reason", " ")).expect(400);
        JsonNode rejected = shop.post("/api/v1/sharers/" + ben + "/reject", json("reason", "not a customer yet")).expect(200).body();
        assertThat(rejected.get("status").asString()).isEqualTo("REJECTED");
        assertThat(rejected.get("rejectReason").asString()).isEqualTo("not a customer yet");
        shop.post("/api/v1/sharers/" + ben + "/approve", null).expect(409);
    }

    @Test
    void anApplicationIsActiveAtOnceWithAutoApprovalAndRefusedWhenRecruitmentIsClosed() {
        Api.Shop shop = api.newShop(json("approvalRequired", false));
        assertThat(shop.post("/api/v1/sharers/applications", json("externalUserId", "amy")).expect(201).get("status").asString())
                .isEqualTo("ACTIVE");
        shop.patch("/api/v1/shop/settings", json("recruitmentOpen", false)).expect(200);
        assertThat(shop.post("/api/v1/sharers/applications", json("externalUserId", "ben")).expect(409).get("code").asString())
                .isEqualTo("recruitment_closed");
    }

    @Test
    void movingASharerIsAuditedAndCanNeverCloseACycle() {
        Api.Shop shop = api.newShop();
        long a = shop.sharer("a", null);
        long b = shop.sharer("b", a);
        long c = shop.sharer("c", b);
        long d = shop.sharer("d", null);

        JsonNode cycle = shop.post("/api/v1/sharers/" + a + "/move", json("parentId", c, "reason", "reorganisation")).expect(400).body();
        assertThat(cycle.get("errors").get(0).get("field").asString()).isEqualTo("parentId");
        shop.post("/api/v1/sharers/" + a + "/move", json("parentId", a, "reason", "self")).expect(400);
        shop.post("/api/v1/sharers/" + b + "/move", json("parentId", d, "reason", "")).expect(400);

        shop.post("/api/v1/sharers/" + b + "/move", json("parentId", d, "reason", "joined d's store")).expect(200);

        assertThat(ids(shop.get("/api/v1/sharers/" + c + "/upline").expect(200).body())).containsExactly(b, d);
        JsonNode moves = shop.get("/api/v1/sharers/" + b + "/moves").expect(200).body();
        assertThat(moves.get(0).get("fromParentId").asLong()).isEqualTo(a);
        assertThat(moves.get(0).get("toParentId").asLong()).isEqualTo(d);
        assertThat(moves.get(0).get("reason").asString()).isEqualTo("joined d's store");
    }

    @Test
    void readsTheSubtreeGenerationByGeneration() {
        Api.Shop shop = api.newShop();
        long root = shop.sharer("root", null);
        long child1 = shop.sharer("child1", root);
        long child2 = shop.sharer("child2", root);
        long grandchild = shop.sharer("grandchild", child1);
        shop.sharer("great-grandchild", grandchild);

        JsonNode twoGenerations = shop.get("/api/v1/sharers/" + root + "/subtree?depth=2").expect(200).body();

        List<String> members = new ArrayList<>();
        twoGenerations.forEach(m -> members.add(m.get("depth").asInt() + ":" + m.get("sharer").get("id").asLong()));
        assertThat(members).containsExactly("1:" + child1, "1:" + child2, "2:" + grandchild);
    }

    @Test
    void refusesADuplicateSharerAndAnUnknownInviter() {
        Api.Shop shop = api.newShop();
        shop.sharer("amy", null);

        assertThat(shop.post("/api/v1/sharers", json("externalUserId", "amy")).expect(409).get("code").asString())
                .isEqualTo("sharer_exists");
        shop.post("/api/v1/sharers", json("externalUserId", "ben", "inviteCode", "NOPE1234")).expect(400);
        shop.post("/api/v1/sharers", json("externalUserId", "ben", "type", 7)).expect(400);
        shop.post("/api/v1/sharers", json("externalUserId", "")).expect(400);
        assertThat(shop.get("/api/v1/sharers").expect(200).body().size()).isEqualTo(1);
    }

    @Test
    void importsACsvFileAllOrNothingWithAReportPerRow() {
        Api.Shop shop = api.newShop();
        shop.sharer("existing", null);
        String csv = """
                externalUserId,name,phone,parentExternalUserId
                u1,One,13800000001,
                u2,Two,13800000002,u1
                existing,Again,,
                u3,Three,not-a-phone,u2
                """;

        JsonNode refused = csvImport(shop, csv, false).expect(422).body();

        assertThat(refused.get("imported").asBoolean()).isFalse();
        assertThat(refused.get("failed").asInt()).isEqualTo(2);
        assertThat(refused.get("results").get(2).get("row").asInt()).isEqualTo(4);
        assertThat(refused.get("results").get(2).get("error").asString()).contains("already");
        assertThat(refused.get("results").get(3).get("error").asString()).contains("phone");
        shop.get("/api/v1/sharers/by-external-user-id/u1").expect(404);

        JsonNode partial = csvImport(shop, csv, true).expect(200).body();
        assertThat(partial.get("succeeded").asInt()).isEqualTo(2);
        long u1 = shop.get("/api/v1/sharers/by-external-user-id/u1").expect(200).id();
        assertThat(shop.get("/api/v1/sharers/by-external-user-id/u2").expect(200).get("parentId").asLong()).isEqualTo(u1);
    }

    @Test
    void refusesAnUnreadableCsvFile() {
        Api.Shop shop = api.newShop();
        assertThat(csvImport(shop, "name,colour\nx,blue\n", false).expect(400).get("errors").get(0).get("field").asString())
                .isEqualTo("file");
        csvImport(shop, "externalUserId\n", false).expect(400);
    }

    private Api.Response csvImport(Api.Shop shop, String csv, boolean partial) {
        return api.callCsv(HttpMethod.POST, "/api/v1/sharers/import?partial=" + partial, csv, shop.apiKey);
    }

    private static List<Long> ids(JsonNode sharers) {
        List<Long> ids = new ArrayList<>();
        sharers.forEach(s -> ids.add(s.get("id").asLong()));
        return ids;
    }
}
