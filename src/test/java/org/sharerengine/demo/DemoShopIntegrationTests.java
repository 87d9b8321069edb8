package org.sharerengine.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.sharerengine.ledger.Ledger;
import org.sharerengine.shop.ProgrammeSettings;
import org.sharerengine.teambonus.PeriodUnit;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.sharerengine.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The demo seeding runs in the test profile only when called: here on a fresh, smaller shop,
 * checked through the API with the demo key and against the tables the API cannot list.
 */
@ApiTest
class DemoShopIntegrationTests {

    private static final DemoSize SIZE = new DemoSize(60, 400);

    @Autowired
    DemoSeed seed;
    @Autowired
    DemoBanner banner;
    @Autowired
    Ledger ledger;
    @Autowired
    Api api;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationContext context;
    @Autowired
    Clock clock;

    @Test
    void seedsAShopOfTheRequestedSizeWhoseBooksBalanceAndShowEveryState() {
        DemoSeed.Seeded seeded = seed.seed(SIZE);
        long shop = seeded.shop().id().value();
        String key = seeded.apiKey();

        assertThat(key).isEqualTo("sk_" + shop + "_demo-key-change-me");
        assertThat(get(key, "/api/v1/shop").get("name").asString()).isEqualTo("Demo Tea House 演示茶铺");

        JsonNode sharers = get(key, "/api/v1/sharers?limit=1000");
        assertThat(sharers.size()).isEqualTo(SIZE.sharers());
        Map<String, Long> byStatus = stream(sharers).collect(Collectors.groupingBy(s -> s.get("status").asString(), Collectors.counting()));
        assertThat(byStatus.keySet()).containsExactlyInAnyOrder("ACTIVE", "FROZEN", "APPLIED", "REJECTED");
        int deepest = stream(sharers).mapToInt(s -> get(key, "/api/v1/sharers/" + s.get("id").asLong() + "/upline").size()).max().orElseThrow();
        assertThat(deepest).isBetween(4, 6);

        assertThat(number("select count(*) from shop_order where shop_id = :shop", shop)).isEqualTo(SIZE.orders());
        assertThat(groups("select attribution_rule k, count(*) n from shop_order where shop_id = :shop group by attribution_rule", shop))
                .containsOnlyKeys("ORDER_SHARER", "SHARE_TOKEN", "BINDING", "NONE");
        assertThat(number("select count(*) from shop_order where shop_id = :shop and self_purchase", shop)).isPositive();
        long refunded = number("select count(distinct order_id) from refund where shop_id = :shop", shop);
        assertThat(refunded).isBetween(SIZE.orders() * 4L / 100, SIZE.orders() * 12L / 100);

        assertThat(groups("select status k, count(*) n from commission_line where shop_id = :shop group by status", shop))
                .containsOnlyKeys("PENDING", "SETTLED", "REVERSED");
        assertThat(groups("select rule k, count(*) n from commission_line where shop_id = :shop group by rule", shop))
                .containsOnlyKeys("LEVEL_RATE", "FIXED_RATE", "FIXED_AMOUNT");
        assertThat(groups("select depth k, count(*) n from commission_line where shop_id = :shop group by depth", shop))
                .containsOnlyKeys("1", "2");
        assertThat(groups("select kind k, count(*) n from commission_adjustment where shop_id = :shop group by kind", shop))
                .containsOnlyKeys("REVERSAL", "CLAWBACK");

        JsonNode withdrawals = get(key, "/api/v1/withdrawals?limit=1000");
        assertThat(stream(withdrawals).map(w -> w.get("status").asString()).distinct())
                .containsExactlyInAnyOrder("REQUESTED", "APPROVED", "PAID", "REJECTED");
        assertThat(stream(withdrawals).anyMatch(w -> get(key, "/api/v1/sharers/" + w.get("sharerId").asLong() + "/wallet")
                .get("availableFen").asLong() > 0)).isTrue();

        assertThat(ledger.audit(seeded.shop().id()).balanced()).isTrue();
        JsonNode audit = get(key, "/api/v1/ledger/audit");
        assertThat(audit.get("totalFen").asLong()).isZero();
        assertThat(audit.get("mismatches").isEmpty()).isTrue();
        // The wallets hold exactly what the commission and team bonus lines say: pending lines are pending money,
        // settled lines are available, frozen in a withdrawal, paid out, or kept by the shop as withdrawal fees;
        // a bonus correction after settlement has clawed its amount back from available money.
        long bonusPending = number("select coalesce(sum(amount_fen), 0) from team_bonus_line where shop_id = :shop and status = 'PENDING'", shop);
        long bonusSettled = number("select coalesce(sum(amount_fen), 0) from team_bonus_line where shop_id = :shop and status = 'SETTLED'", shop)
                - number("select coalesce(sum(clawed_back_fen), 0) from team_bonus_line where shop_id = :shop", shop);
        assertThat(number("select count(*) from team_bonus_line where shop_id = :shop", shop)).as("the demo team earned bonuses").isPositive();
        Instant thisMonth = PeriodUnit.MONTH.containing(clock.instant(), ProgrammeSettings.defaults().zone()).start();
        assertThat(jdbc.sql("select max(period_end) from team_bonus_period where shop_id = :shop").param("shop", shop)
                .query(OffsetDateTime.class).single().toInstant()).as("the seed's last run computes the month that just ended")
                .isEqualTo(thisMonth);
        assertThat(number("select coalesce(sum(pending_fen), 0) from wallet where shop_id = :shop", shop))
                .isEqualTo(number("select coalesce(sum(amount_fen), 0) from commission_line where shop_id = :shop and status = 'PENDING'", shop)
                        + bonusPending);
        assertThat(number("select coalesce(sum(available_fen + frozen_fen + paid_out_fen), 0) from wallet where shop_id = :shop", shop)
                + audit.get("byAccount").path("SHOP_WITHDRAWAL_FEES").asLong(0))
                .isEqualTo(number("select coalesce(sum(amount_fen), 0) from commission_line where shop_id = :shop and status = 'SETTLED'", shop)
                        + bonusSettled);

        String text = banner.render(seeded.shop(), seeded.describe(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThat(text).contains("/swagger-ui.html", key, "admin / admin", "Books           balanced", "/wallet ",
                "owner / owner-demo-password", "xihu / xihu-demo-password");

        // The programme beyond the defaults: a level ladder everyone stands on, templates, a store manager, a team.
        assertThat(groups("select l.level_rank k, count(*) n from sharer_level l where l.shop_id = :shop group by l.level_rank", shop))
                .containsKeys("1", "2", "3", "4");
        assertThat(number("select count(*) from level_history where shop_id = :shop", shop)).isPositive();
        assertThat(groups("select coalesce(template_id, 0) k, count(*) n from sharer where shop_id = :shop and status = 'ACTIVE' group by template_id", shop))
                .hasSize(2).doesNotContainKey("0");
        assertThat(number("select count(*) from sharer where shop_id = :shop and group_id is not null", shop)).isPositive();
        assertThat(number("select count(*) from commission_line where shop_id = :shop and template_id is not null", shop)).isPositive();
    }

    /**
     * PostgreSQL plans statements from statistics that autovacuum gathers from committed rows only,
     * and the seed is one transaction: it gathers them itself, or its statements are planned for the
     * empty tables they began with (the demo took 4 minutes to seed on PostgreSQL, 20 s with them).
     */
    @Test
    void onPostgresTheSeedGathersStatisticsOfItsOwnRows() {
        assumeThat(TestDatabase.postgres()).as("PostgreSQL's planner statistics").isTrue();
        Map<String, Long> before = analyses();

        seed.seed(new DemoSize(30, 200));

        Map<String, Long> after = analyses();
        assertThat(after.get("sharer")).as("analysed once the network is planted").isGreaterThan(before.get("sharer"));
        assertThat(after.get("commission_line") - before.get("commission_line")).as("and again on the settlement days")
                .isGreaterThan(1);
    }

    /** How often each table was analysed by hand (ANALYZE, not autovacuum). */
    private Map<String, Long> analyses() {
        return jdbc.sql("select relname, analyze_count from pg_stat_user_tables where relname in ('sharer', 'commission_line')")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void neverSeedsOnItsOwnInTheTestProfile() {
        assertThat(context.getBeanNamesForType(DemoShop.class)).isEmpty();
    }

    private JsonNode get(String key, String path) {
        return api.call(HttpMethod.GET, path, null, Map.of("X-Api-Key", key)).expect(200).body();
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    /** The single number the query selects (a count or a sum). */
    private long number(String sql, long shop) {
        return jdbc.sql(sql).param("shop", shop).query(Long.class).single();
    }

    private Map<String, Long> groups(String sql, long shop) {
        Map<String, Long> groups = new HashMap<>();
        jdbc.sql(sql).param("shop", shop).query(rs -> {
            groups.put(rs.getString("k"), rs.getLong("n"));
        });
        return groups;
    }
}
