package org.sharerengine.commission.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import org.sharerengine.commission.CommissionLine;
import org.sharerengine.commission.Commissions;
import org.sharerengine.commission.Settlement;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Commission", description = "Commission lines with their explanations, and settlement runs")
class CommissionController {

    private final Commissions commissions;
    private final Settlement settlement;

    CommissionController(Commissions commissions, Settlement settlement) {
        this.commissions = commissions;
        this.settlement = settlement;
    }

    record SettlementRun(Instant asOf) {

        static Instant asOf(SettlementRun run) {
            if (run == null || run.asOf() == null) {
                throw ApiProblem.invalid("asOf", "is required (ISO-8601 instant, e.g. 2026-11-23T00:00:00Z)");
            }
            return run.asOf();
        }
    }

    @GetMapping("/commission-lines/{id}")
    @Operation(summary = "A commission line and its explanation: inputs, rule, rate, formula, refunds")
    CommissionLine.Explanation explain(ShopId shop, @PathVariable long id) {
        return commissions.explain(shop, id);
    }

    @GetMapping("/sharers/{sharerId}/commission-lines")
    List<CommissionLine> ofSharer(ShopId shop, @PathVariable long sharerId,
            @RequestParam(defaultValue = "9223372036854775807") long before,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return commissions.ofBeneficiary(shop, new SharerId(sharerId), before, limit);
    }

    @PostMapping("/settlement-runs")
    @Operation(summary = "Settle every pending line of this shop that is due at asOf (pending → available); safe to repeat")
    Settlement.Result settle(ShopId shop, @RequestBody SettlementRun run) {
        return settlement.settle(shop, SettlementRun.asOf(run));
    }
}
