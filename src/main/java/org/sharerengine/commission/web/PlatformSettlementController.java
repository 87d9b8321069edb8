package org.sharerengine.commission.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.sharerengine.commission.Settlement;
import org.sharerengine.shared.AsOf;
import org.sharerengine.shared.ShopByShop;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Platform")
class PlatformSettlementController {

    private final Settlement settlement;

    PlatformSettlementController(Settlement settlement) {
        this.settlement = settlement;
    }

    @PostMapping("/api/v1/platform/settlement-runs")
    @Operation(summary = "Settle every shop as of asOf (what the schedule does as of now); safe to repeat")
    ShopByShop.Outcome<Settlement.Result> settleAllShops(@RequestBody AsOf run) {
        return settlement.settleAllShops(AsOf.required(run));
    }
}
