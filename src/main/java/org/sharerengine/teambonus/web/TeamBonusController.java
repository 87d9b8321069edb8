package org.sharerengine.teambonus.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.sharerengine.network.Team;
import org.sharerengine.network.TeamId;
import org.sharerengine.network.Teams;
import org.sharerengine.shared.AsOf;
import org.sharerengine.shop.Actor;
import org.sharerengine.teambonus.PeriodUnit;
import org.sharerengine.teambonus.TeamBonusLine;
import org.sharerengine.teambonus.TeamBonusLines;
import org.sharerengine.teambonus.TeamBonusPolicies;
import org.sharerengine.teambonus.TeamBonusPolicy;
import org.sharerengine.teambonus.TeamBonusRun;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Team bonus", description = "The team bonus (团队业绩奖励金): policy, runs and explained lines")
class TeamBonusController {

    private final TeamBonusPolicies policies;
    private final TeamBonusRun run;
    private final TeamBonusLines lines;
    private final Teams teams;

    TeamBonusController(TeamBonusPolicies policies, TeamBonusRun run, TeamBonusLines lines, Teams teams) {
        this.policies = policies;
        this.run = run;
        this.lines = lines;
        this.teams = teams;
    }

    record PolicyChange(PeriodUnit period, List<TeamBonusPolicy.Tier> tiers) {
    }

    record ExplainedLine(TeamBonusLine line, String explanation) {
    }

    @GetMapping("/team-bonus/policy")
    @Operation(summary = "The team bonus policy in force (version 0 and no tiers: none set, nothing is paid)")
    TeamBonusPolicy policy(Actor actor) {
        return policies.current(actor.requireOwner().shop());
    }

    @PutMapping("/team-bonus/policy")
    @Operation(summary = "Set the period (WEEK, MONTH (default) or QUARTER in the shop's time zone) and the tiers; "
            + "periods already run keep the tiers they were computed with")
    TeamBonusPolicy changePolicy(Actor actor, @RequestBody PolicyChange body) {
        return policies.change(actor.requireOwner().shop(), body.period(), body.tiers());
    }

    @PostMapping("/team-bonus-runs")
    @Operation(summary = "Compute every period that ended by asOf and post each team's bonus, or the difference to what "
            + "was posted before; safe to repeat")
    TeamBonusRun.Result run(Actor actor, @RequestBody AsOf body) {
        return run.run(actor.requireOwner().shop(), AsOf.required(body));
    }

    @GetMapping("/team-bonus-lines")
    @Operation(summary = "A team's bonus lines with their explanations: period, sales, tier, rate, due, previously posted")
    List<ExplainedLine> lines(Actor actor, @RequestParam long teamId) {
        Team team = teams.get(actor, new TeamId(teamId));
        return lines.ofTeam(actor.shop(), team.id()).stream().map(l -> new ExplainedLine(l, l.explanation())).toList();
    }
}
