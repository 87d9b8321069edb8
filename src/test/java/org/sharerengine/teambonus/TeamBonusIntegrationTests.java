package org.sharerengine.teambonus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharerengine.support.Api.json;
import static org.sharerengine.support.Api.line;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * The team bonus through the API, months apart with explicit instants. Shops here are in
 * Asia/Shanghai (the default), so March is [2026-02-28T16:00Z, 2026-03-31T16:00Z).
 *
 * <p>Issue 3: "Team bonus: a tiered rate on the team's effective sales per period (default calendar
 * month in the shop's time zone), computed by an `asOf` job, posted as a commission-like line that
 * settles and reverses like commission (a refund after the bonus run adjusts the next run)."
 */
@ApiTest
class TeamBonusIntegrationTests {

    /** SPEC §8's example tiers: ≥ ¥10,000 → 1 %, ≥ ¥50,000 → 2 %. */
    static final Map<String, Object> SPEC_TIERS = json("tiers", List.of(json("minSalesFen", 1_000_000, "rateBp", 100),
            json("minSalesFen", 5_000_000, "rateBp", 200)));

    @Autowired
    Api api;

    static long team(Api.Shop shop, long leader, String name, String at) {
        return shop.post("/api/v1/teams", json("leaderId", leader, "name", name, "at", at)).expect(201).id();
    }

    static void join(Api.Shop shop, long team, long sharer, String at) {
        shop.post("/api/v1/teams/" + team + "/members", json("sharerId", sharer, "at", at)).expect(201);
    }

    static JsonNode run(Api.Shop shop, String asOf) {
        return shop.post("/api/v1/team-bonus-runs", json("asOf", asOf)).expect(200).body();
    }

    static JsonNode lines(Api.Shop shop, long team) {
        return shop.get("/api/v1/team-bonus-lines?teamId=" + team).expect(200).body();
    }

    static void sale(Api.Shop shop, String orderId, long sharer, String paidAt, long amountFen) {
        shop.order(orderId, "customer-" + orderId, sharer, paidAt, line("l", "tea", 1, amountFen)).expect(201);
    }

    /** The reference and amount of the leader's one TEAM_BONUS ledger entry. */
    static String bonusPosting(Api.Shop shop, long leader) {
        List<String> postings = new ArrayList<>();
        shop.get("/api/v1/sharers/" + leader + "/ledger-entries").expect(200).body().forEach(e -> {
            if (e.get("kind").asString().equals("TEAM_BONUS")) {
                postings.add(e.get("reference").asString() + " " + e.get("amountFen").asLong());
            }
        });
        assertThat(postings).hasSize(1);
        return postings.getFirst();
    }

    private Api.Shop newShop(Map<String, ?> settings) {
        Api.Shop shop = api.newShop(settings);
        shop.product("tea", "LEVEL_RATE", null, null);
        shop.put("/api/v1/team-bonus/policy", SPEC_TIERS).expect(200);
        return shop;
    }

    @Test
    void aTeamFormedBeforeTheFirstComputedPeriodGetsItsEarlierMonthsComputedToo() {
        Api.Shop shop = newShop(Map.of());
        long east = shop.sharer("east", null);
        long west = shop.sharer("west", null);
        team(shop, east, "East", "2026-03-01T00:00:00Z");
        sale(shop, "e-1", east, "2026-03-05T00:00:00Z", 2_000_000);
        assertThat(run(shop, "2026-04-01T00:00:00Z").get("periods").asInt()).as("March").isEqualTo(1);

        // Formed afterwards but dated January: January and February did not exist for this shop yet.
        long westTeam = team(shop, west, "West", "2026-01-10T00:00:00Z");
        sale(shop, "w-1", west, "2026-01-20T00:00:00Z", 1_500_000);
        sale(shop, "w-2", west, "2026-02-20T00:00:00Z", 6_000_000);
        JsonNode rerun = run(shop, "2026-04-01T00:00:00Z");

        assertThat(rerun.get("periods").asInt()).as("January, February, and March again").isEqualTo(3);
        assertThat(rerun.get("postedFen").asLong()).isEqualTo(15_000 + 120_000);
        JsonNode westLines = lines(shop, westTeam);
        assertThat(westLines).hasSize(2);
        assertThat(westLines.get(0).get("line").get("periodStart").asString()).isEqualTo("2025-12-31T16:00:00Z");
        assertThat(westLines.get(0).get("line").get("dueFen").asLong()).isEqualTo(15_000);
        assertThat(westLines.get(1).get("line").get("periodEnd").asString()).isEqualTo("2026-02-28T16:00:00Z");
        assertThat(westLines.get(1).get("line").get("dueFen").asLong()).isEqualTo(120_000);
        assertThat(run(shop, "2026-04-01T00:00:00Z").get("postedFen").asLong()).as("and nothing twice").isZero();
        shop.assertBooksBalance();
    }

    @Test
    void paysTheHighestTierReachedOnTheTeamsSalesInTheShopsMonthAsInTheSpecExample() {
        Api.Shop shop = newShop(Map.of());
        long east = shop.sharer("east", null);
        long eastMember = shop.sharer("east-member", null);
        long west = shop.sharer("west", null);
        long north = shop.sharer("north", null);
        long eastTeam = team(shop, east, "East", "2026-03-01T00:00:00Z");
        long westTeam = team(shop, west, "West", "2026-03-01T00:00:00Z");
        long northTeam = team(shop, north, "North", "2026-03-01T00:00:00Z");
        join(shop, eastTeam, eastMember, "2026-03-01T00:00:00Z");
        sale(shop, "e-1", east, "2026-03-05T00:00:00Z", 3_000_000);
        sale(shop, "e-2", eastMember, "2026-03-06T00:00:00Z", 3_000_000);
        sale(shop, "w-1", west, "2026-03-10T00:00:00Z", 2_000_000);
        // 00:30 on 1 April in Shanghai: April's sales, though still March in UTC.
        sale(shop, "w-2", west, "2026-03-31T16:30:00Z", 4_000_000);
        sale(shop, "n-1", north, "2026-03-20T00:00:00Z", 999_999);

        JsonNode march = run(shop, "2026-04-01T00:00:00Z");

        assertThat(march.get("periods").asInt()).isEqualTo(1);
        assertThat(march.get("lines").asInt()).isEqualTo(2);
        assertThat(march.get("postedFen").asLong()).isEqualTo(120_000 + 20_000);
        JsonNode eastLine = lines(shop, eastTeam).get(0);
        assertThat(eastLine.get("line").get("periodStart").asString()).isEqualTo("2026-02-28T16:00:00Z");
        assertThat(eastLine.get("line").get("periodEnd").asString()).isEqualTo("2026-03-31T16:00:00Z");
        assertThat(eastLine.get("line").get("salesFen").asLong()).isEqualTo(6_000_000);
        assertThat(eastLine.get("line").get("tierMinSalesFen").asLong()).isEqualTo(5_000_000);
        assertThat(eastLine.get("line").get("rateBp").asInt()).isEqualTo(200);
        assertThat(eastLine.get("line").get("dueFen").asLong()).isEqualTo(120_000);
        assertThat(eastLine.get("line").get("previouslyPostedFen").asLong()).isZero();
        assertThat(eastLine.get("line").get("kind").asString()).isEqualTo("BONUS");
        assertThat(eastLine.get("line").get("status").asString()).isEqualTo("PENDING");
        assertThat(eastLine.get("explanation").asString()).contains("due floor(6000000 × 200 / 10000) = 120000 fen");
        JsonNode westLine = lines(shop, westTeam).get(0).get("line");
        assertThat(westLine.get("salesFen").asLong()).isEqualTo(2_000_000);
        assertThat(westLine.get("rateBp").asInt()).isEqualTo(100);
        assertThat(westLine.get("dueFen").asLong()).isEqualTo(20_000);
        assertThat(lines(shop, northTeam)).as("¥9,999.99 reaches no tier").isEmpty();
        assertThat(bonusPosting(shop, east)).as("each leader's posting names its own line")
                .isEqualTo("team-bonus-line:" + eastLine.get("line").get("id").asLong() + " 120000");
        assertThat(bonusPosting(shop, west)).isEqualTo("team-bonus-line:" + lines(shop, westTeam).get(0).get("line").get("id").asLong() + " 20000");
        assertThat(shop.wallet(east).get("pendingFen").asLong()).as("6 % commission on its own order + the bonus")
                .isEqualTo(180_000 + 120_000);
        assertThat(shop.wallet(eastMember).get("pendingFen").asLong()).as("the member gets its commission, no bonus")
                .isEqualTo(180_000);

        JsonNode april = run(shop, "2026-05-01T00:00:00Z");
        assertThat(april.get("periods").asInt()).as("March again, and April").isEqualTo(2);
        assertThat(april.get("lines").asInt()).isEqualTo(1);
        JsonNode westApril = lines(shop, westTeam).get(1).get("line");
        assertThat(westApril.get("periodStart").asString()).isEqualTo("2026-03-31T16:00:00Z");
        assertThat(westApril.get("salesFen").asLong()).isEqualTo(4_000_000);
        assertThat(westApril.get("dueFen").asLong()).isEqualTo(40_000);
        shop.assertBooksBalance();
    }

    @Test
    void aMemberCountsOnlyWhileInTheTeamAndKeepsItsInvitersCommission() {
        Api.Shop shop = newShop(Map.of());
        long inviter = shop.sharer("inviter", null);
        long leader = shop.sharer("leader", null);
        long member = shop.sharer("member", inviter);
        long team = team(shop, leader, "May team", "2026-05-01T00:00:00Z");
        sale(shop, "l-1", leader, "2026-05-03T00:00:00Z", 400_000);
        sale(shop, "m-1", member, "2026-05-10T00:00:00Z", 2_000_000);
        join(shop, team, member, "2026-05-15T00:00:00Z");
        JsonNode counted = shop.order("m-2", "c", member, "2026-05-20T00:00:00Z", line("l", "tea", 1, 800_000)).expect(201).body();
        shop.delete("/api/v1/teams/" + team + "/members/" + member + "?at=2026-05-25T00:00:00Z").expect(200);
        sale(shop, "m-3", member, "2026-05-28T00:00:00Z", 5_000_000);

        JsonNode may = run(shop, "2026-06-01T00:00:00Z");

        assertThat(may.get("postedFen").asLong()).as("(¥4,000 + ¥8,000) × 1 %").isEqualTo(12_000);
        JsonNode bonus = lines(shop, team).get(0).get("line");
        assertThat(bonus.get("salesFen").asLong()).isEqualTo(1_200_000);
        assertThat(bonus.get("rateBp").asInt()).isEqualTo(100);
        JsonNode commission = counted.get("commission");
        assertThat(commission).hasSize(2);
        assertThat(commission.get(0).get("beneficiarySharerId").asLong()).isEqualTo(member);
        assertThat(commission.get(0).get("amountFen").asLong()).isEqualTo(48_000);
        assertThat(commission.get(1).get("beneficiarySharerId").asLong()).as("the inviter keeps its level-2 commission")
                .isEqualTo(inviter);
        assertThat(commission.get(1).get("amountFen").asLong()).isEqualTo(8_000);
        assertThat(shop.wallet(leader).get("pendingFen").asLong()).as("6 % of its own ¥4,000 + the bonus, nothing of the member's")
                .isEqualTo(24_000 + 12_000);
        shop.assertBooksBalance();
    }

    @Test
    void aRefundAfterTheRunIsReversedFromPendingByTheNextRunAndARerunPostsNothing() {
        Api.Shop shop = newShop(Map.of());
        long leader = shop.sharer("leader", null);
        long team = team(shop, leader, "T", "2026-03-01T00:00:00Z");
        sale(shop, "o-1", leader, "2026-03-05T00:00:00Z", 6_000_000);
        run(shop, "2026-04-01T00:00:00Z");
        assertThat(shop.wallet(leader).get("pendingFen").asLong()).isEqualTo(360_000 + 120_000);

        JsonNode again = run(shop, "2026-04-01T00:00:00Z");
        assertThat(again.get("lines").asInt()).as("the same asOf twice posts nothing the second time").isZero();
        assertThat(again.get("postedFen").asLong()).isZero();
        shop.refund("o-1", "r-1", "l", 1_500_000).expect(201);
        JsonNode adjusted = run(shop, "2026-04-02T00:00:00Z");

        assertThat(adjusted.get("lines").asInt()).isEqualTo(1);
        assertThat(adjusted.get("takenBackFen").asLong()).as("120,000 due at 2 %, 45,000 at 1 % on ¥45,000").isEqualTo(75_000);
        JsonNode all = lines(shop, team);
        assertThat(all).hasSize(2);
        JsonNode first = all.get(0).get("line");
        assertThat(first.get("amountFen").asLong()).isEqualTo(45_000);
        assertThat(first.get("reversedFen").asLong()).isEqualTo(75_000);
        assertThat(first.get("status").asString()).isEqualTo("PENDING");
        JsonNode adjustment = all.get(1).get("line");
        assertThat(adjustment.get("kind").asString()).isEqualTo("ADJUSTMENT");
        assertThat(adjustment.get("salesFen").asLong()).isEqualTo(4_500_000);
        assertThat(adjustment.get("rateBp").asInt()).isEqualTo(100);
        assertThat(adjustment.get("dueFen").asLong()).isEqualTo(45_000);
        assertThat(adjustment.get("previouslyPostedFen").asLong()).isEqualTo(120_000);
        assertThat(adjustment.get("differenceFen").asLong()).isEqualTo(-75_000);
        assertThat(adjustment.get("reversedFen").asLong()).isEqualTo(75_000);
        assertThat(adjustment.get("clawedBackFen").asLong()).isZero();
        assertThat(shop.wallet(leader).get("pendingFen").asLong()).as("commission on the kept ¥45,000 + the bonus at 1 %")
                .isEqualTo(270_000 + 45_000);
        assertThat(run(shop, "2026-04-02T00:00:00Z").get("lines").asInt()).isZero();

        shop.refund("o-1", "r-2", "l", 4_500_000).expect(201);
        run(shop, "2026-04-03T00:00:00Z");
        JsonNode reversed = lines(shop, team).get(0).get("line");
        assertThat(reversed.get("amountFen").asLong()).isZero();
        assertThat(reversed.get("status").asString()).as("a full refund reverses the whole bonus").isEqualTo("REVERSED");
        assertThat(shop.wallet(leader).get("pendingFen").asLong()).isZero();
        shop.assertBooksBalance();
    }

    @Test
    void theBonusSettlesAfterTheDelayFromThePeriodEndAndALaterRefundClawsItBack() {
        Api.Shop shop = newShop(Map.of("settlementDelayDays", 8));
        long leader = shop.sharer("leader", null);
        long team = team(shop, leader, "T", "2026-03-01T00:00:00Z");
        sale(shop, "o-1", leader, "2026-03-05T00:00:00Z", 6_000_000);
        run(shop, "2026-04-02T00:00:00Z");

        JsonNode early = shop.post("/api/v1/settlement-runs", json("asOf", "2026-04-08T15:59:59Z")).expect(200).body();
        assertThat(early.get("settledLines").asInt()).isZero();
        JsonNode settled = shop.post("/api/v1/settlement-runs", json("asOf", "2026-04-08T16:00:00Z")).expect(200).body();
        assertThat(settled.get("settledLines").asInt()).as("the bonus line; the order is not completed").isEqualTo(1);
        assertThat(settled.get("settledFen").asLong()).isEqualTo(120_000);
        assertThat(shop.post("/api/v1/settlement-runs", json("asOf", "2026-04-09T00:00:00Z")).expect(200).get("settledLines").asInt())
                .as("nothing settles twice").isZero();
        assertThat(shop.wallet(leader).get("availableFen").asLong()).isEqualTo(120_000);

        shop.refund("o-1", "r-1", "l", 1_500_000).expect(201);
        JsonNode adjusted = run(shop, "2026-04-10T00:00:00Z");

        assertThat(adjusted.get("takenBackFen").asLong()).isEqualTo(75_000);
        JsonNode adjustment = lines(shop, team).get(1).get("line");
        assertThat(adjustment.get("clawedBackFen").asLong()).isEqualTo(75_000);
        assertThat(adjustment.get("reversedFen").asLong()).isZero();
        assertThat(lines(shop, team).get(0).get("line").get("status").asString()).isEqualTo("SETTLED");
        JsonNode wallet = shop.wallet(leader);
        assertThat(wallet.get("availableFen").asLong()).isEqualTo(45_000);
        assertThat(wallet.get("pendingFen").asLong()).as("the commission on the kept ¥45,000, not settled yet").isEqualTo(270_000);
        assertThat(run(shop, "2026-04-10T00:00:00Z").get("lines").asInt()).isZero();
        shop.assertBooksBalance();
    }

    @Test
    void aPeriodKeepsThePolicyItWasFirstComputedWithAndALateOrderRaisesItsBonus() {
        Api.Shop shop = newShop(Map.of());
        long leader = shop.sharer("leader", null);
        long team = team(shop, leader, "T", "2026-03-01T00:00:00Z");
        sale(shop, "o-1", leader, "2026-03-05T00:00:00Z", 2_000_000);
        run(shop, "2026-04-01T00:00:00Z");
        JsonNode changed = shop.put("/api/v1/team-bonus/policy", json("tiers", List.of(json("minSalesFen", 1_000_000, "rateBp", 300))))
                .expect(200).body();
        assertThat(changed.get("version").asInt()).isEqualTo(2);
        sale(shop, "o-2", leader, "2026-03-20T00:00:00Z", 1_000_000);
        sale(shop, "o-3", leader, "2026-04-20T00:00:00Z", 1_000_000);

        run(shop, "2026-05-01T00:00:00Z");

        JsonNode all = lines(shop, team);
        assertThat(all).hasSize(3);
        JsonNode marchAdjustment = all.get(1).get("line");
        assertThat(marchAdjustment.get("policyVersion").asInt()).isEqualTo(1);
        assertThat(marchAdjustment.get("salesFen").asLong()).isEqualTo(3_000_000);
        assertThat(marchAdjustment.get("dueFen").asLong()).as("still 1 %: March was computed by version 1").isEqualTo(30_000);
        assertThat(marchAdjustment.get("differenceFen").asLong()).isEqualTo(10_000);
        assertThat(marchAdjustment.get("status").asString()).isEqualTo("PENDING");
        JsonNode april = all.get(2).get("line");
        assertThat(april.get("policyVersion").asInt()).isEqualTo(2);
        assertThat(april.get("dueFen").asLong()).isEqualTo(30_000);
        shop.assertBooksBalance();
    }

    @Test
    void aLeaderWhoIsNotActiveEarnsNoNewBonusUntilActiveAgain() {
        Api.Shop shop = newShop(Map.of());
        long leader = shop.sharer("leader", null);
        long member = shop.sharer("member", null);
        long team = team(shop, leader, "T", "2026-03-01T00:00:00Z");
        join(shop, team, member, "2026-03-01T00:00:00Z");
        sale(shop, "o-1", member, "2026-03-05T00:00:00Z", 2_000_000);
        shop.post("/api/v1/sharers/" + leader + "/freeze", null).expect(200);

        assertThat(run(shop, "2026-04-01T00:00:00Z").get("lines").asInt()).isZero();
        assertThat(shop.wallet(leader).get("pendingFen").asLong()).isZero();
        shop.post("/api/v1/sharers/" + leader + "/unfreeze", null).expect(200);

        assertThat(run(shop, "2026-04-02T00:00:00Z").get("postedFen").asLong()).isEqualTo(20_000);
        assertThat(shop.wallet(leader).get("pendingFen").asLong()).isEqualTo(20_000);
        shop.assertBooksBalance();
    }

    @Test
    void theTeamPageShowsThisPeriodsSalesTierAndTheGapToTheNextTier() {
        Api.Shop shop = newShop(Map.of());
        long leader = shop.sharer("leader", null);
        long team = team(shop, leader, "T", null);
        shop.order("now-1", "c", leader, null, line("l", "tea", 1, 1_200_000)).expect(201);

        JsonNode page = shop.get("/api/v1/teams/" + team).expect(200).body();

        assertThat(page.get("team").get("leaderId").asLong()).isEqualTo(leader);
        assertThat(page.get("members")).hasSize(1);
        JsonNode current = page.get("currentPeriod");
        assertThat(current.get("salesFen").asLong()).isEqualTo(1_200_000);
        assertThat(current.get("tier").get("rateBp").asInt()).isEqualTo(100);
        assertThat(current.get("bonusSoFarFen").asLong()).isEqualTo(12_000);
        assertThat(current.get("nextTier").get("minSalesFen").asLong()).isEqualTo(5_000_000);
        assertThat(current.get("toNextTierFen").asLong()).isEqualTo(3_800_000);
    }

    @Test
    void refusesBadPoliciesAndRunsAndWritesNothing() {
        Api.Shop shop = api.newShop();
        long leader = shop.sharer("leader", null);
        long team = team(shop, leader, "T", "2026-03-01T00:00:00Z");
        assertThat(shop.post("/api/v1/team-bonus-runs", json("asOf", "2026-04-01T00:00:00Z")).expect(409).get("code").asString())
                .isEqualTo("no_team_bonus_policy");
        assertThat(shop.get("/api/v1/team-bonus/policy").expect(200).get("version").asInt()).isZero();

        JsonNode descending = shop.put("/api/v1/team-bonus/policy", json("tiers", List.of(json("minSalesFen", 5_000_000, "rateBp", 200),
                json("minSalesFen", 1_000_000, "rateBp", 100)))).expect(400).body();
        assertThat(descending.get("errors").get(0).get("field").asString()).isEqualTo("tiers[1].minSalesFen");
        JsonNode lowerRate = shop.put("/api/v1/team-bonus/policy", json("tiers", List.of(json("minSalesFen", 1_000_000, "rateBp", 200),
                json("minSalesFen", 5_000_000, "rateBp", 100)))).expect(400).body();
        assertThat(lowerRate.get("errors").get(0).get("field").asString()).isEqualTo("tiers[1].rateBp");
        shop.put("/api/v1/team-bonus/policy", json("tiers", List.of(json("minSalesFen", 0, "rateBp", 100)))).expect(400);
        shop.put("/api/v1/team-bonus/policy", json("tiers", List.of(json("minSalesFen", 100, "rateBp", 10_001)))).expect(400);
        shop.put("/api/v1/team-bonus/policy", json("period", "YEAR", "tiers", List.of())).expect(400);
        shop.put("/api/v1/team-bonus/policy", json("period", "MONTH")).expect(400);
        assertThat(shop.get("/api/v1/team-bonus/policy").expect(200).get("version").asInt()).isZero();

        JsonNode set = shop.put("/api/v1/team-bonus/policy", SPEC_TIERS).expect(200).body();
        assertThat(set.get("period").asString()).isEqualTo("MONTH");
        assertThat(shop.put("/api/v1/team-bonus/policy", SPEC_TIERS).expect(200).get("version").asInt())
                .as("the same policy again is no new version").isEqualTo(1);
        assertThat(shop.post("/api/v1/team-bonus-runs", json("asOf", "2999-01-01T00:00:00Z")).expect(400).get("code").asString())
                .isEqualTo("invalid_as_of");
        assertThat(shop.post("/api/v1/team-bonus-runs", json()).expect(400).get("errors").get(0).get("field").asString()).isEqualTo("asOf");
        shop.get("/api/v1/team-bonus-lines?teamId=" + (team + 1_000_000)).expect(404);
        assertThat(lines(shop, team)).isEmpty();
    }

    @Test
    void thePlatformRunCoversEveryShopWithAPolicyAndNeedsTheAdministrator() {
        Api.Shop one = newShop(Map.of());
        Api.Shop two = newShop(Map.of());
        long first = one.sharer("first", null);
        long second = two.sharer("second", null);
        team(one, first, "One", "2026-03-01T00:00:00Z");
        team(two, second, "Two", "2026-03-01T00:00:00Z");
        sale(one, "o-1", first, "2026-03-05T00:00:00Z", 1_000_000);
        sale(two, "o-1", second, "2026-03-05T00:00:00Z", 5_000_000);

        Map<String, String> admin = Map.of("Authorization", "Basic YWRtaW46YWRtaW4=");
        assertThat(api.call(HttpMethod.POST, "/api/v1/platform/team-bonus-runs", json("asOf", "2026-04-01T00:00:00Z"),
                Map.of("X-Api-Key", one.apiKey)).status()).isEqualTo(401);
        assertThat(api.call(HttpMethod.POST, "/api/v1/platform/team-bonus-runs", json(), admin).expect(400).get("code").asString())
                .isEqualTo("invalid_as_of");
        JsonNode both = api.call(HttpMethod.POST, "/api/v1/platform/team-bonus-runs", json("asOf", "2026-04-01T00:00:00Z"), admin)
                .expect(200).body();
        assertThat(both.get("lines").asInt()).as("at least the two shops' March bonuses").isGreaterThanOrEqualTo(2);

        assertThat(one.wallet(first).get("pendingFen").asLong()).isEqualTo(60_000 + 10_000);
        assertThat(two.wallet(second).get("pendingFen").asLong()).isEqualTo(300_000 + 100_000);
        one.assertBooksBalance();
        two.assertBooksBalance();
    }
}
