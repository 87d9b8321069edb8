package org.sharerengine.teambonus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.sharerengine.ledger.Account;
import org.sharerengine.ledger.Journal;
import org.sharerengine.ledger.Journal.Leg;
import org.sharerengine.ledger.Ledger;
import org.sharerengine.network.SharerStatus;
import org.sharerengine.network.Team;
import org.sharerengine.network.TeamId;
import org.sharerengine.network.Teams;
import org.sharerengine.order.SalesFigures;
import org.sharerengine.shared.ShopByShop;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.ProgrammeSettings;
import org.sharerengine.shop.Shops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The team bonus run (SPEC §8) as of an instant: for every period that ended at or before
 * {@code asOf}, recomputes each team's due bonus from its effective sales and posts the
 * difference to what was posted before. A first posting is the bonus; later ones adjust it for
 * refunds and late orders. So a rerun with the same {@code asOf} posts nothing, and a crash
 * between periods (one transaction each) is repaired by the next run.
 */
@Service
public class TeamBonusRun {

    private static final Logger log = LoggerFactory.getLogger(TeamBonusRun.class);

    private final JdbcClient jdbc;
    private final TeamBonusPolicies policies;
    private final TeamBonusLines lines;
    private final SalesFigures salesFigures;
    private final Teams teams;
    private final Shops shops;
    private final Ledger ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;

    TeamBonusRun(JdbcClient jdbc, TeamBonusPolicies policies, TeamBonusLines lines, SalesFigures salesFigures, Teams teams,
            Shops shops, Ledger ledger, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.lines = lines;
        this.salesFigures = salesFigures;
        this.teams = teams;
        this.shops = shops;
        this.ledger = ledger;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * @param postedFen     positive postings (bonuses and upward adjustments)
     * @param takenBackFen  what negative adjustments took back (from pending or available)
     */
    public record Result(Instant asOf, int periods, int lines, long postedFen, long takenBackFen) {
        Result plus(Result other) {
            return new Result(asOf, periods + other.periods, lines + other.lines, postedFen + other.postedFen,
                    takenBackFen + other.takenBackFen);
        }
    }

    /** Runs the shop's team bonus as of {@code asOf}, which may not lie in the future; the shop needs a policy. */
    public Result run(ShopId shop, Instant asOf) {
        Timestamps.notInFuture("asOf", asOf, clock);
        ProgrammeSettings settings = shops.settings(shop);
        TeamBonusPolicy policy = policies.current(shop);
        if (policy.version() == 0) {
            throw TeamBonusPolicies.noPolicy();
        }
        // Read once for all the periods: the teams, and the tiers of each version a period is computed by.
        Map<Integer, TeamBonusPolicy> versions = new HashMap<>(Map.of(policy.version(), policy));
        IntFunction<TeamBonusPolicy> byVersion = version -> versions.computeIfAbsent(version,
                v -> new TeamBonusPolicy(v, policy.period(), policies.tiers(shop, v), null));
        Map<TeamId, Team> teamsById = teams.all(shop).stream().collect(Collectors.toMap(Team::id, Function.identity()));
        Result total = new Result(asOf, 0, 0, 0, 0);
        for (Period period : closedPeriods(shop, asOf, settings.zone(), policy.period(), teamsById.values())) {
            Result result = transactions.execute(tx -> runPeriod(shop, period, asOf, settings, byVersion, teamsById));
            total = total.plus(result);
        }
        return total;
    }

    /**
     * The periods already computed that ended by {@code asOf}, then the new ones: from the end of
     * the last computed period (or the start of the period in which the shop's first team was
     * formed) up to the last whole period that ended by {@code asOf}. A team formed with a time
     * before the first computed period (a backdated formation) adds the periods before it, ending
     * where the computed ones begin, so no period is skipped and none overlaps another.
     */
    private List<Period> closedPeriods(ShopId shop, Instant asOf, ZoneId zone, PeriodUnit unit, Collection<Team> teams) {
        List<Period> known = jdbc.sql("select period_start, period_end from team_bonus_period where shop_id = :shop order by period_start")
                .param("shop", shop.value())
                .query((rs, n) -> new Period(Timestamps.instant(rs, "period_start"), Timestamps.instant(rs, "period_end"))).list();
        Optional<Instant> firstFormation = teams.stream().map(Team::formedAt).min(Instant::compareTo)
                .map(t -> unit.containing(t, zone).start());
        if (firstFormation.isEmpty()) {
            return List.of();
        }
        List<Period> periods = new ArrayList<>();
        Instant firstKnown = known.isEmpty() ? null : known.getFirst().start();
        Instant from = firstFormation.get();
        if (firstKnown != null) {
            for (Period next = unit.startingAt(from, zone); next.start().isBefore(firstKnown); next = unit.startingAt(next.end(), zone)) {
                periods.add(next.end().isAfter(firstKnown) ? new Period(next.start(), firstKnown) : next);
            }
            known.stream().filter(p -> !p.end().isAfter(asOf)).forEach(periods::add);
            from = known.getLast().end();
        }
        for (Period next = unit.startingAt(from, zone); !next.end().isAfter(asOf); next = unit.startingAt(next.end(), zone)) {
            periods.add(next);
        }
        return periods;
    }

    private record Posting(Team team, long salesFen, TeamBonusPolicy.Tier tier, long dueFen, long previousFen, int previousLines) {
        long difference() {
            return dueFen - previousFen;
        }
    }

    private Result runPeriod(ShopId shop, Period period, Instant asOf, ProgrammeSettings settings, IntFunction<TeamBonusPolicy> byVersion,
            Map<TeamId, Team> teamsById) {
        TeamBonusPolicy policy = byVersion.apply(policyVersionOf(shop, period, policies.lockVersion(shop)));
        Map<TeamId, Long> sales = salesFigures.teamSales(shop, period.start(), period.end());
        Map<TeamId, TeamBonusLines.Posted> posted = lines.postedByTeam(shop, period.start());
        TreeSet<Long> teamIds = new TreeSet<>();
        sales.keySet().forEach(t -> teamIds.add(t.value()));
        posted.keySet().forEach(t -> teamIds.add(t.value()));
        List<Posting> raises = new ArrayList<>();
        List<Posting> cuts = new ArrayList<>();
        for (long id : teamIds) {
            TeamId teamId = new TeamId(id);
            Team team = teamsById.get(teamId);
            // Formed (backdated) after this run read the teams: the next run, which recomputes every closed period, pays it.
            if (team == null) {
                continue;
            }
            long teamSales = sales.getOrDefault(teamId, 0L);
            TeamBonusLines.Posted before = posted.getOrDefault(teamId, TeamBonusLines.Posted.NONE);
            Posting posting = new Posting(team, teamSales, policy.tierFor(teamSales).orElse(null),
                    policy.bonusOn(teamSales), before.fen(), before.lines());
            // A leader who is not active earns nothing new; what it is due waits for a run while it is active again.
            if (posting.difference() > 0 && posting.team().leaderStatus() == SharerStatus.ACTIVE) {
                raises.add(posting);
            } else if (posting.difference() < 0) {
                cuts.add(posting);
            }
        }
        Instant settleAfter = period.end().plus(Duration.ofDays(settings.settlementDelayDays()));
        List<TeamBonusLine> newLines = new ArrayList<>();
        for (Posting raise : raises) {
            newLines.add(newLine(raise, period, policy, asOf, raise.difference(), 0, 0, TeamBonusLine.Status.PENDING, settleAfter));
        }
        Map<TeamId, Long> reversed = cuts.isEmpty() ? Map.of() : lines.reversePending(shop, period.start(),
                cuts.stream().collect(Collectors.toMap(c -> c.team().id(), c -> -c.difference())));
        for (Posting cut : cuts) {
            long fromPending = reversed.getOrDefault(cut.team().id(), 0L);
            newLines.add(newLine(cut, period, policy, asOf, 0, fromPending, -cut.difference() - fromPending,
                    TeamBonusLine.Status.APPLIED, null));
        }
        long[] ids = lines.insert(shop, newLines);
        List<Journal> journals = new ArrayList<>();
        long postedFen = 0;
        long takenBack = 0;
        for (int i = 0; i < ids.length; i++) {
            TeamBonusLine line = newLines.get(i);
            String reference = "team-bonus-line:" + ids[i];
            if (line.differenceFen() > 0) {
                journals.add(Journal.transfer("TEAM_BONUS", reference, Leg.shop(Account.SHOP_COMMISSION, -line.differenceFen()),
                        Leg.of(Account.SHARER_PENDING, line.leaderId(), line.differenceFen())));
                postedFen += line.differenceFen();
            } else {
                journals.add(Journal.transfer("TEAM_BONUS_REVERSAL", reference,
                        Leg.of(Account.SHARER_PENDING, line.leaderId(), -line.reversedFen()), Leg.shop(Account.SHOP_COMMISSION, line.reversedFen())));
                journals.add(Journal.transfer("TEAM_BONUS_CLAWBACK", reference,
                        Leg.of(Account.SHARER_AVAILABLE, line.leaderId(), -line.clawedBackFen()),
                        Leg.shop(Account.SHOP_COMMISSION, line.clawedBackFen())));
                takenBack += -line.differenceFen();
            }
        }
        ledger.post(shop, journals);
        return new Result(asOf, 1, ids.length, postedFen, takenBack);
    }

    /** The policy version a period is computed by: the version of its first run, recorded then and never changed. */
    private int policyVersionOf(ShopId shop, Period period, int inForce) {
        Optional<Integer> recorded = jdbc.sql("select policy_version from team_bonus_period where shop_id = :shop and period_start = :start")
                .param("shop", shop.value()).param("start", Timestamps.utc(period.start())).query(Integer.class).optional();
        if (recorded.isPresent()) {
            return recorded.get();
        }
        jdbc.sql("""
                insert into team_bonus_period (shop_id, period_start, period_end, policy_version, first_run_at)
                values (:shop, :start, :end, :version, :now)""")
                .param("shop", shop.value()).param("start", Timestamps.utc(period.start()))
                .param("end", Timestamps.utc(period.end())).param("version", inForce)
                .param("now", Timestamps.utc(clock.instant())).update();
        return inForce;
    }

    private static TeamBonusLine newLine(Posting posting, Period period, TeamBonusPolicy policy, Instant asOf, long amount,
            long reversed, long clawedBack, TeamBonusLine.Status status, Instant settleAfter) {
        return new TeamBonusLine(0, posting.team().id(), posting.team().leaderId(), period.start(), period.end(), policy.version(),
                posting.previousLines() == 0 ? TeamBonusLine.Kind.BONUS : TeamBonusLine.Kind.ADJUSTMENT, posting.salesFen(),
                posting.tier() == null ? null : posting.tier().minSalesFen(), posting.tier() == null ? 0 : posting.tier().rateBp(),
                posting.dueFen(), posting.previousFen(), posting.difference(), amount, reversed, clawedBack, status, settleAfter, null,
                asOf, null);
    }

    /** Runs every shop that has a team bonus policy as of {@code asOf}, shop by shop; the totals of all shops. */
    public ShopByShop.Outcome<Result> runAllShops(Instant asOf) {
        Timestamps.notInFuture("asOf", asOf, clock);
        List<ShopId> shops = jdbc.sql("select shop_id from team_bonus_policy order by shop_id").query(Long.class).list().stream()
                .map(ShopId::new).toList();
        return ShopByShop.run("Team bonus run", shops, new Result(asOf, 0, 0, 0, 0), Result::plus, shop -> {
            Result result = run(shop, asOf);
            if (result.lines() > 0) {
                log.info("Team bonus of shop {} as of {}: {} lines, {} fen posted, {} fen taken back", shop.value(), asOf, result.lines(),
                        result.postedFen(), result.takenBackFen());
            }
            return result;
        });
    }

    /**
     * The schedule runs every shop as of now; ShedLock makes sure one instance runs it at a time.
     * The line at the end says which instance (its scheduler thread) ran which run.
     */
    @Scheduled(cron = "${engine.team-bonus.cron}")
    @SchedulerLock(name = "team-bonus", lockAtMostFor = "PT30M")
    public void onSchedule() {
        ShopByShop.Outcome<Result> outcome = runAllShops(clock.instant());
        Result result = outcome.total();
        log.info("Scheduled team bonus run as of {} finished: {} lines, {} fen posted; shops failed: {}", result.asOf(), result.lines(),
                result.postedFen(), outcome.failedShops());
    }
}
