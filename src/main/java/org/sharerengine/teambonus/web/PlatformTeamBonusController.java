package org.sharerengine.teambonus.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.sharerengine.shared.AsOf;
import org.sharerengine.shared.ShopByShop;
import org.sharerengine.teambonus.TeamBonusRun;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Platform")
class PlatformTeamBonusController {

    private final TeamBonusRun run;

    PlatformTeamBonusController(TeamBonusRun run) {
        this.run = run;
    }

    @PostMapping("/api/v1/platform/team-bonus-runs")
    @Operation(summary = "Run the team bonus of every shop with a policy as of asOf (what the schedule does as of now); safe to repeat")
    ShopByShop.Outcome<TeamBonusRun.Result> runAllShops(@RequestBody AsOf body) {
        return run.runAllShops(AsOf.required(body));
    }
}
