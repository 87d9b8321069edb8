package org.sharerengine.teambonus.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.sharerengine.network.Team;
import org.sharerengine.network.TeamId;
import org.sharerengine.network.TeamMember;
import org.sharerengine.network.Teams;
import org.sharerengine.shop.Actor;
import org.sharerengine.teambonus.TeamResults;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The team page: it lives here because its results need sales, which the network module may not read. */
@RestController
@Tag(name = "Teams")
class TeamPageController {

    private final Teams teams;
    private final TeamResults results;

    TeamPageController(Teams teams, TeamResults results) {
        this.teams = teams;
        this.results = results;
    }

    record TeamPage(Team team, List<TeamMember> members, TeamResults.PeriodResults currentPeriod) {
    }

    @GetMapping("/api/v1/teams/{id}")
    @Operation(summary = "A team: its leader and current members, and this period's sales, tier and bonus so far")
    TeamPage get(Actor actor, @PathVariable long id) {
        Team team = teams.get(actor, new TeamId(id));
        return new TeamPage(team, teams.members(actor.shop(), team.id(), false), results.currentPeriod(actor.shop(), team));
    }
}
