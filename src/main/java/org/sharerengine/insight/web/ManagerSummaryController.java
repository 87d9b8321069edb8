package org.sharerengine.insight.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.sharerengine.insight.ManagerSummaries;
import org.sharerengine.shop.Actor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Managers")
class ManagerSummaryController {

    private final ManagerSummaries summaries;

    ManagerSummaryController(ManagerSummaries summaries) {
        this.summaries = summaries;
    }

    @GetMapping("/api/v1/managers/summary")
    @Operation(summary = "Per manager group: sharers (active/total) now; orders, kept sales and commission of the group's "
            + "sharers for orders paid in [from, to). An owner sees every group, a manager its own")
    ManagerSummaries.Summary summary(Actor actor, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        return summaries.summarize(actor, from, to);
    }
}
