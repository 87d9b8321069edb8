package org.sharerengine.insight.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.sharerengine.insight.Leaderboards;
import org.sharerengine.shop.Actor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Leaderboards", description = "Rankings of sharers (分销排行榜)")
class LeaderboardController {

    private final Leaderboards leaderboards;

    LeaderboardController(Leaderboards leaderboards) {
        this.leaderboards = leaderboards;
    }

    @GetMapping("/api/v1/leaderboards/sales")
    @Operation(summary = "The top sharers of a calendar month (yyyy-MM in the shop's time zone; default the month running now) "
            + "by what their customers kept after refunds; ties by sharer id. limit 1..100, default 20. An owner ranks the "
            + "whole shop, a manager its own group")
    Leaderboards.SalesBoard sales(Actor actor, @RequestParam(required = false) String month,
            @RequestParam(required = false) Integer limit) {
        return leaderboards.sales(actor, month, limit);
    }
}
