package org.sharerengine.leveling.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.sharerengine.leveling.LevelActivity;
import org.sharerengine.leveling.LevelChange;
import org.sharerengine.leveling.LevelChanges;
import org.sharerengine.leveling.LevelProgress;
import org.sharerengine.leveling.PointsGrant;
import org.sharerengine.leveling.SharerLevels;
import org.sharerengine.leveling.SharerNotification;
import org.sharerengine.shared.SharerId;
import org.sharerengine.network.SharerScope;
import org.sharerengine.shop.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1/sharers/{id}")
@Tag(name = "Levels")
class SharerLevelController {

    private final SharerLevels levels;
    private final LevelChanges changes;
    private final LevelActivity activity;
    private final SharerScope scope;

    SharerLevelController(SharerLevels levels, LevelChanges changes, LevelActivity activity, SharerScope scope) {
        this.levels = levels;
        this.changes = changes;
        this.activity = activity;
        this.scope = scope;
    }

    /** A manager reads only its own group's sharers; others answer like unknown ids. */
    private SharerId visible(Actor actor, long id) {
        return scope.sharer(actor, new SharerId(id)).id();
    }

    record LevelSetting(Integer rank, String reason, Boolean locked) {
    }

    record Grant(Long points, String reason) {
    }

    @GetMapping("/level")
    @Operation(summary = "The sharer's level, this period's figures, the next level's entry and the current level's keep thresholds")
    LevelProgress progress(Actor actor, @PathVariable long id) {
        return levels.progress(actor.shop(), visible(actor, id));
    }

    @PutMapping("/level")
    @Operation(summary = "Set the sharer's level by hand (owner only; audited), optionally locked against automatic changes")
    LevelProgress set(Actor actor, @PathVariable long id, @RequestBody LevelSetting body) {
        return changes.setByOwner(actor.requireOwner().shop(), new SharerId(id), body.rank(), body.reason(),
                Boolean.TRUE.equals(body.locked()));
    }

    @PostMapping("/level-points")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Grant level points by hand with a reason (owner only); negative points correct an earlier grant")
    PointsGrant grant(Actor actor, @PathVariable long id, @RequestBody Grant body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return activity.grant(actor.requireOwner().shop(), new SharerId(id), body.points(), body.reason(), idempotencyKey);
    }

    @GetMapping("/level-history")
    @Operation(summary = "The sharer's level changes, newest first: from, to, cause, the figures behind it, when")
    List<LevelChange> history(Actor actor, @PathVariable long id,
            @RequestParam(defaultValue = "9223372036854775807") long before,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return levels.history(actor.shop(), visible(actor, id), before, limit);
    }

    @GetMapping("/notifications")
    @Operation(summary = "The sharer's notifications, newest first")
    List<SharerNotification> notifications(Actor actor, @PathVariable long id,
            @RequestParam(defaultValue = "9223372036854775807") long before,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return levels.notifications(actor.shop(), visible(actor, id), before, limit);
    }
}
