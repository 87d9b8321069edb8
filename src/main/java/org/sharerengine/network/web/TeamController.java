package org.sharerengine.network.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import org.sharerengine.network.Team;
import org.sharerengine.network.TeamId;
import org.sharerengine.network.TeamMember;
import org.sharerengine.network.Teams;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shop.Actor;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

/**
 * Teams and their members. The team page with this period's results is served by the team
 * bonus module (GET /api/v1/teams/{id}), which may read sales; this module may not.
 */
@RestController
@RequestMapping("/api/v1/teams")
@Tag(name = "Teams", description = "Team leaders (社群团长) and their members")
class TeamController {

    private final Teams teams;

    TeamController(Teams teams) {
        this.teams = teams;
    }

    record NewTeam(Long leaderId, String name, Instant at) {
    }

    record NewMember(Long sharerId, Instant at) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Make an active sharer a team leader (owner); `at` (default now) is when the team is formed")
    Team form(Actor actor, @RequestBody NewTeam body) {
        return teams.form(actor.requireOwner().shop(), body.leaderId(), body.name(), body.at());
    }

    @GetMapping
    @Operation(summary = "The teams the caller may see (a manager: those led by a sharer of its group)")
    List<Team> list(Actor actor, @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return teams.list(actor, after, limit);
    }

    @GetMapping("/{id}/members")
    @Operation(summary = "The team's leader and members; with history=true also the stays that were left")
    List<TeamMember> members(Actor actor, @PathVariable long id, @RequestParam(defaultValue = "false") boolean history) {
        Team team = teams.get(actor, new TeamId(id));
        return teams.members(actor.shop(), team.id(), history);
    }

    @PostMapping("/{id}/members")
    @Operation(summary = "Add an active sharer to the team as of `at` (default now); it keeps its inviter. "
            + "201 when added, 200 when it already is a member")
    ResponseEntity<TeamMember> addMember(Actor actor, @PathVariable long id, @RequestBody NewMember body) {
        Teams.Joined joined = teams.addMember(actor.requireOwner().shop(), new TeamId(id), body.sharerId(), body.at());
        return ResponseEntity.status(joined.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(joined.member());
    }

    @DeleteMapping("/{id}/members/{sharerId}")
    @Operation(summary = "The member leaves the team as of `at` (default now); its stay is kept as history")
    TeamMember removeMember(Actor actor, @PathVariable long id, @PathVariable long sharerId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant at) {
        return teams.removeMember(actor.requireOwner().shop(), new TeamId(id), new SharerId(sharerId), at);
    }
}
