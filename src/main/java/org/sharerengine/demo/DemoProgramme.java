package org.sharerengine.demo;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.sharerengine.commission.CommissionTemplates;
import org.sharerengine.commission.CommissionTemplates.RateTerms;
import org.sharerengine.commission.CommissionTemplates.TemplateTerms;
import org.sharerengine.commission.CommissionTemplates.TierTerms;
import org.sharerengine.commission.TierMetric;
import org.sharerengine.leveling.Condition;
import org.sharerengine.leveling.Level;
import org.sharerengine.leveling.LevelActivity;
import org.sharerengine.leveling.LevelProgramme;
import org.sharerengine.leveling.LevelProgrammes;
import org.sharerengine.leveling.Validity;
import org.sharerengine.network.ManagerGroup;
import org.sharerengine.network.ManagerGroups;
import org.sharerengine.network.Sharers;
import org.sharerengine.network.SharerStatus;
import org.sharerengine.network.TeamId;
import org.sharerengine.network.Teams;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shop.Actor;
import org.sharerengine.shop.ConsoleUsers;
import org.sharerengine.teambonus.PeriodUnit;
import org.sharerengine.teambonus.TeamBonusPolicies;
import org.sharerengine.teambonus.TeamBonusPolicy;
import org.springframework.stereotype.Component;

/**
 * The demo's programme beyond the defaults (SPEC §4, §5, §8, §13): the seed's level ladder,
 * two commission templates, a store manager with its own sharers, an owner login and one team
 * with a team bonus. Everything goes through the engine's services, like the rest of the seed.
 */
@Component
class DemoProgramme {

    static final String OWNER_LOGIN = "owner";
    static final String OWNER_PASSWORD = "owner-demo-password";
    static final String MANAGER_LOGIN = "xihu";
    static final String MANAGER_PASSWORD = "xihu-demo-password";

    /** The commission templates every demo sharer is given, the store's and everybody else's. */
    record Templates(long standard, long store) {
    }

    private final LevelProgrammes programmes;
    private final LevelActivity levelActivity;
    private final CommissionTemplates templates;
    private final ConsoleUsers consoleUsers;
    private final ManagerGroups managerGroups;
    private final Sharers sharers;
    private final Teams teams;
    private final TeamBonusPolicies bonusPolicies;

    DemoProgramme(LevelProgrammes programmes, LevelActivity levelActivity, CommissionTemplates templates,
            ConsoleUsers consoleUsers, ManagerGroups managerGroups, Sharers sharers, Teams teams, TeamBonusPolicies bonusPolicies) {
        this.programmes = programmes;
        this.levelActivity = levelActivity;
        this.templates = templates;
        this.consoleUsers = consoleUsers;
        this.managerGroups = managerGroups;
        this.sharers = sharers;
        this.teams = teams;
        this.bonusPolicies = bonusPolicies;
    }

    /** Before anyone joins, so recruits already earn their inviters level points. */
    Templates establish(ShopId shop) {
        Validity quarter = new Validity(Validity.Unit.MONTHS, 3);
        programmes.save(shop, new LevelProgramme(1, 0, 50, 80, 20, List.of(
                new Level(1, "普通分享员", null, null, Validity.PERMANENT, false),
                new Level(2, "中级分享员", points(1_000), points(3_000), quarter, false),
                new Level(3, "高级分享员", points(3_000), null, quarter, false),
                new Level(4, "金牌分享员", points(8_000), null, quarter, true))));
        long standard = templates.create(shop, new TemplateTerms("标准提成", List.of(
                new RateTerms(1, 500, 100, null), new RateTerms(2, 800, 150, null),
                new RateTerms(3, 1_000, 200, null), new RateTerms(4, 1_200, 250, null)),
                List.of(new TierTerms(TierMetric.ORDERS, 20L, 1_000)))).template().id();
        long store = templates.create(shop, new TemplateTerms("门店导购", List.of(
                new RateTerms(1, 600, 100, null), new RateTerms(3, 900, 150, null)), List.of())).template().id();
        consoleUsers.create(shop, OWNER_LOGIN, OWNER_PASSWORD, Actor.Role.OWNER, null);
        return new Templates(standard, store);
    }

    /**
     * After the network has grown: the trees of every fifth shop-staff root work for the West
     * Lake store and earn by the store's template; the first root leads a team of its direct
     * invitees from the start of the history, so the history's orders earn monthly team bonuses.
     */
    void organise(ShopId shop, Templates chosen, List<DemoNetwork.Member> members, Instant historyStart) {
        ManagerGroup store = managerGroups.create(shop, "西湖门店", MANAGER_LOGIN, MANAGER_PASSWORD);
        managerGroups.assignTemplates(shop, store.id(), List.of(chosen.store()));
        List<DemoNetwork.Member> roots = members.stream().filter(m -> m.depth() == 0).toList();
        Set<SharerId> storeSharers = new HashSet<>();
        for (int i = 4; i < roots.size(); i += 5) {
            SharerId root = roots.get(i).id();
            storeSharers.add(root);
            sharers.subtree(shop, root, 50, 1_000).forEach(m -> storeSharers.add(m.sharer().id()));
        }
        for (DemoNetwork.Member member : members) {
            boolean inStore = storeSharers.contains(member.id());
            if (inStore) {
                sharers.assignGroup(shop, member.id(), store.id());
            }
            sharers.assignTemplate(shop, member.id(), inStore ? chosen.store() : chosen.standard());
        }
        DemoNetwork.Member leader = roots.getFirst();
        TeamId team = teams.form(shop, leader.id().value(), leader.name() + "的团队", historyStart).id();
        sharers.subtree(shop, leader.id(), 1, 1_000).stream()
                .filter(m -> m.sharer().status() == SharerStatus.ACTIVE)
                .limit(12)
                .forEach(m -> teams.addMember(shop, team, m.sharer().id().value(), historyStart));
        bonusPolicies.change(shop, PeriodUnit.MONTH, List.of(
                new TeamBonusPolicy.Tier(100_000, 100), new TeamBonusPolicy.Tier(500_000, 200)));
    }

    /** The programme starts today, so the history's sales predate it; an opening grant spreads the ladder. */
    void openingGrants(ShopId shop, List<DemoNetwork.Member> members, Random random) {
        for (DemoNetwork.Member member : members) {
            long points = member.depth() == 0 ? 2_000 + random.nextInt(7_000) : random.nextInt(3_500);
            levelActivity.grant(shop, member.id(), points, "开业积分 (opening grant of the demo)", "demo-opening-" + member.id().value());
        }
    }

    private static Condition points(long points) {
        return new Condition(Condition.Match.ANY, points, null, null, null);
    }
}
