package org.sharerengine.commission.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.sharerengine.commission.CommissionLine;
import org.sharerengine.commission.Commissions;
import org.sharerengine.commission.Settlement;
import org.sharerengine.shared.AsOf;
import org.sharerengine.shared.SharerId;
import org.sharerengine.network.SharerScope;
import org.sharerengine.shop.Actor;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Commission", description = "Commission lines with their explanations, and settlement runs")
class CommissionController {

    private final Commissions commissions;
    private final Settlement settlement;
    private final SharerScope scope;

    CommissionController(Commissions commissions, Settlement settlement, SharerScope scope) {
        this.commissions = commissions;
        this.settlement = settlement;
        this.scope = scope;
    }

    @GetMapping("/commission-lines/{id}")
    @Operation(summary = "A commission line and its explanation: inputs, rule, rate, formula, refunds")
    CommissionLine.Explanation explain(Actor actor, @PathVariable long id) {
        CommissionLine.Explanation explanation = commissions.explain(actor.shop(), id);
        scope.require(actor, explanation.line().beneficiarySharerId(), "commission_line", id);
        return explanation;
    }

    @GetMapping("/sharers/{sharerId}/commission-lines")
    List<CommissionLine> ofSharer(Actor actor, @PathVariable long sharerId,
            @RequestParam(defaultValue = "9223372036854775807") long before,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return commissions.ofBeneficiary(actor.shop(), scope.sharer(actor, new SharerId(sharerId)).id(), before, limit);
    }

    @PostMapping("/settlement-runs")
    @Operation(summary = "Settle every pending line of this shop that is due at asOf (pending → available); safe to repeat")
    Settlement.Result settle(Actor actor, @RequestBody AsOf run) {
        return settlement.settle(actor.requireOwner().shop(), AsOf.required(run));
    }
}
