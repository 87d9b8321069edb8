package org.sharerengine.leveling.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.sharerengine.leveling.LevelProgramme;
import org.sharerengine.leveling.LevelProgrammes;
import org.sharerengine.leveling.LevelRuns;
import org.sharerengine.shared.AsOf;
import org.sharerengine.shared.ShopByShop;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shop.Actor;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Levels", description = "Level programmes (分享员等级), points, automatic upgrade and downgrade")
class LevelProgrammeController {

    private final LevelProgrammes programmes;
    private final LevelRuns runs;

    LevelProgrammeController(LevelProgrammes programmes, LevelRuns runs) {
        this.programmes = programmes;
        this.runs = runs;
    }

    @GetMapping("/level-programme")
    @Operation(summary = "The shop's level programme: point sources and the ladder of levels (404 when the shop has none)")
    LevelProgramme get(ShopId shop) {
        return programmes.get(shop);
    }

    @PutMapping("/level-programme")
    @Operation(summary = "Define or replace the level programme (owner only); 409 if the ladder would drop a rank sharers hold")
    LevelProgramme put(Actor actor, @RequestBody LevelProgramme programme) {
        return programmes.save(actor.requireOwner().shop(), programme);
    }

    @PostMapping("/level-runs")
    @Operation(summary = "Judge every level period that ended by asOf: keep or downgrade, then start the next period; safe to repeat")
    LevelRuns.Result run(Actor actor, @RequestBody AsOf run) {
        return runs.run(actor.requireOwner().shop(), AsOf.required(run));
    }

    @PostMapping("/platform/level-runs")
    @Operation(summary = "Run the level job for every shop as of asOf (what the schedule does as of now); safe to repeat")
    ShopByShop.Outcome<LevelRuns.Result> runAllShops(@RequestBody AsOf run) {
        return runs.runAllShops(AsOf.required(run));
    }
}
