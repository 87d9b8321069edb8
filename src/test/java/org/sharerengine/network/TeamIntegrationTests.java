package org.sharerengine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;

import org.junit.jupiter.api.Test;
import org.sharerengine.shared.SharerId;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import tools.jackson.databind.JsonNode;

@ApiTest
@RecordApplicationEvents
class TeamIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    ApplicationEvents events;

    static long team(Api.Shop shop, long leader, String name, String at) {
        return shop.post("/api/v1/teams", json("leaderId", leader, "name", name, "at", at)).expect(201).id();
    }

    static Api.Response join(Api.Shop shop, long team, long sharer, String at) {
        return shop.post("/api/v1/teams/" + team + "/members", json("sharerId", sharer, "at", at));
    }

    @Test
    void theOwnerMakesALeaderWhoseMembersKeepTheirInviter() {
        Api.Shop shop = api.newShop();
        long inviter = shop.sharer("inviter", null);
        long leader = shop.sharer("leader", null);
        long member = shop.sharer("member", inviter);

        JsonNode formed = shop.post("/api/v1/teams", json("leaderId", leader, "name", "东区团", "at", "2026-03-01T00:00:00Z"))
                .expect(201).body();
        long team = formed.get("id").asLong();
        assertThat(formed.get("leaderId").asLong()).isEqualTo(leader);
        assertThat(formed.get("formedAt").asString()).isEqualTo("2026-03-01T00:00:00Z");
        JsonNode joined = join(shop, team, member, "2026-03-15T00:00:00Z").expect(201).body();

        assertThat(joined.get("role").asString()).isEqualTo("MEMBER");
        assertThat(joined.get("joinedAt").asString()).isEqualTo("2026-03-15T00:00:00Z");
        assertThat(shop.get("/api/v1/sharers/" + member).expect(200).get("parentId").asLong())
                .as("a member keeps its inviter").isEqualTo(inviter);
        assertThat(events.stream(TeamMemberJoined.class))
                .containsExactly(new TeamMemberJoined(new org.sharerengine.shared.ShopId(shop.id), new SharerId(leader),
                        new SharerId(member), java.time.Instant.parse("2026-03-15T00:00:00Z")));
        JsonNode members = shop.get("/api/v1/teams/" + team + "/members").expect(200).body();
        assertThat(members).hasSize(2);
        assertThat(members.get(0).get("sharerId").asLong()).isEqualTo(leader);
        assertThat(members.get(0).get("role").asString()).isEqualTo("LEADER");
        assertThat(members.get(1).get("sharerId").asLong()).isEqualTo(member);
        JsonNode listed = shop.get("/api/v1/teams").expect(200).body();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("memberCount").asInt()).isEqualTo(1);
        assertThat(listed.get(0).get("name").asString()).isEqualTo("东区团");
    }

    @Test
    void aSharerIsInOneTeamAtATimeAndAddingACurrentMemberAgainIsAReplay() {
        Api.Shop shop = api.newShop();
        long east = shop.sharer("east-leader", null);
        long west = shop.sharer("west-leader", null);
        long member = shop.sharer("member", null);
        long eastTeam = team(shop, east, "East", "2026-03-01T00:00:00Z");
        long westTeam = team(shop, west, "West", "2026-03-01T00:00:00Z");
        join(shop, eastTeam, member, "2026-03-02T00:00:00Z").expect(201);

        JsonNode again = join(shop, eastTeam, member, "2026-03-09T00:00:00Z").expect(200).body();
        assertThat(again.get("joinedAt").asString()).as("the replay returns the stay that exists").isEqualTo("2026-03-02T00:00:00Z");
        assertThat(join(shop, westTeam, member, null).expect(409).get("code").asString()).isEqualTo("already_in_team");
        assertThat(join(shop, westTeam, east, null).expect(409).get("code").asString())
                .as("a leader is in its own team").isEqualTo("already_in_team");
        assertThat(shop.post("/api/v1/teams", json("leaderId", member, "name", "Third")).expect(409).get("code").asString())
                .isEqualTo("already_in_team");
        assertThat(shop.delete("/api/v1/teams/" + eastTeam + "/members/" + east).expect(409).get("code").asString())
                .isEqualTo("leader_cannot_leave");
        assertThat(events.stream(TeamMemberJoined.class)).as("only the first join is announced").hasSize(1);
        assertThat(shop.get("/api/v1/teams/" + westTeam + "/members").expect(200).body()).hasSize(1);
    }

    @Test
    void leavingKeepsTheStayAsHistoryAndTheSharerMayJoinAnotherTeamAfterwards() {
        Api.Shop shop = api.newShop();
        long east = shop.sharer("east-leader", null);
        long west = shop.sharer("west-leader", null);
        long member = shop.sharer("member", null);
        long eastTeam = team(shop, east, "East", "2026-03-01T00:00:00Z");
        long westTeam = team(shop, west, "West", "2026-03-01T00:00:00Z");
        join(shop, eastTeam, member, "2026-03-02T00:00:00Z").expect(201);

        shop.delete("/api/v1/teams/" + eastTeam + "/members/" + member + "?at=2026-03-01T00:00:00Z").expect(400);
        JsonNode left = shop.delete("/api/v1/teams/" + eastTeam + "/members/" + member + "?at=2026-03-20T00:00:00Z").expect(200).body();
        assertThat(left.get("leftAt").asString()).isEqualTo("2026-03-20T00:00:00Z");
        assertThat(shop.delete("/api/v1/teams/" + eastTeam + "/members/" + member).expect(200).get("leftAt").asString())
                .as("leaving again returns the stay that ended").isEqualTo("2026-03-20T00:00:00Z");

        JsonNode overlapping = join(shop, westTeam, member, "2026-03-19T00:00:00Z").expect(400).body();
        assertThat(overlapping.get("errors").get(0).get("field").asString()).isEqualTo("at");
        join(shop, westTeam, member, "2026-03-20T00:00:00Z").expect(201);

        assertThat(shop.get("/api/v1/teams/" + eastTeam + "/members").expect(200).body()).hasSize(1);
        JsonNode history = shop.get("/api/v1/teams/" + eastTeam + "/members?history=true").expect(200).body();
        assertThat(history).hasSize(2);
        assertThat(history.get(1).get("joinedAt").asString()).isEqualTo("2026-03-02T00:00:00Z");
        assertThat(history.get(1).get("leftAt").asString()).isEqualTo("2026-03-20T00:00:00Z");
        assertThat(shop.get("/api/v1/teams/" + westTeam + "/members").expect(200).body()).hasSize(2);
    }

    @Test
    void aMemberMayJoinAtTheVeryInstantTheTeamWasFormedWhateverThePrecisionSent() {
        Api.Shop shop = api.newShop();
        long leader = shop.sharer("leader", null);
        long member = shop.sharer("member", leader);
        // The database keeps microseconds; a nanosecond time must compare as it is stored, not fall "before" itself.
        String formedAt = "2026-03-01T00:00:00.123456789Z";
        long team = team(shop, leader, "精确团", formedAt);

        assertThat(join(shop, team, member, formedAt).expect(201).get("joinedAt").asString())
                .isEqualTo("2026-03-01T00:00:00.123456Z");
    }

    @Test
    void refusesBadRequestsAndWritesNothing() {
        Api.Shop shop = api.newShop(json("approvalRequired", true));
        Api.Shop other = api.newShop();
        long leader = shop.sharer("leader", null);
        long applicant = shop.post("/api/v1/sharers/applications", json("externalUserId", "applicant")).expect(201).id();
        long stranger = other.sharer("stranger", null);
        long otherTeam = team(other, stranger, "Theirs", null);

        assertThat(shop.post("/api/v1/teams", json("leaderId", stranger, "name", "T")).expect(400).get("code").asString())
                .isEqualTo("invalid_leader_id");
        assertThat(shop.post("/api/v1/teams", json("leaderId", leader, "name", " ")).expect(400).get("code").asString())
                .isEqualTo("invalid_name");
        assertThat(shop.post("/api/v1/teams", json("leaderId", applicant, "name", "T")).expect(409).get("code").asString())
                .isEqualTo("sharer_not_active");
        assertThat(shop.post("/api/v1/teams", json("leaderId", leader, "name", "T", "at", "2999-01-01T00:00:00Z")).expect(400)
                .get("code").asString()).isEqualTo("invalid_at");
        shop.post("/api/v1/teams", json("leaderId", leader, "name", "T", "color", "red")).expect(400);
        assertThat(shop.get("/api/v1/teams").expect(200).body()).isEmpty();

        long team = team(shop, leader, "T", "2026-03-01T00:00:00Z");
        assertThat(shop.post("/api/v1/teams", json("leaderId", shop.sharer("second", null), "name", "T")).expect(409)
                .get("code").asString()).isEqualTo("team_name_taken");
        shop.get("/api/v1/teams/" + otherTeam).expect(404);
        shop.get("/api/v1/teams/" + otherTeam + "/members").expect(404);
        join(shop, otherTeam, leader, null).expect(404);
        assertThat(join(shop, team, stranger, null).expect(400).get("code").asString()).isEqualTo("invalid_sharer_id");
        assertThat(join(shop, team, applicant, null).expect(409).get("code").asString()).isEqualTo("sharer_not_active");
        long member = shop.sharer("member", null);
        assertThat(join(shop, team, member, "2026-02-28T00:00:00Z").expect(400).get("code").asString())
                .as("nobody joins before the team is formed").isEqualTo("invalid_at");
        shop.delete("/api/v1/teams/" + team + "/members/" + member).expect(404);
        assertThat(shop.get("/api/v1/teams/" + team + "/members").expect(200).body()).hasSize(1);
        assertThat(events.stream(TeamMemberJoined.class)).isEmpty();
    }
}
