package org.sharerengine.network.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.StringReader;
import java.util.List;
import org.sharerengine.network.ManagerGroups;
import org.sharerengine.network.NewSharer;
import org.sharerengine.network.Sharer;
import org.sharerengine.network.SharerImport;
import org.sharerengine.network.SharerScope;
import org.sharerengine.network.SharerStatus;
import org.sharerengine.network.Sharers;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shop.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1/sharers")
@Tag(name = "Sharers", description = "Sharers (分享员), applications, invitations and the inviter tree")
class SharerController {

    private final Sharers sharers;
    private final SharerImport sharerImport;
    private final SharerScope scope;
    private final ManagerGroups groups;

    SharerController(Sharers sharers, SharerImport sharerImport, SharerScope scope, ManagerGroups groups) {
        this.sharers = sharers;
        this.sharerImport = sharerImport;
        this.scope = scope;
        this.groups = groups;
    }

    record Reason(String reason) {
    }

    record MoveRequest(Long parentId, String reason) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a sharer (active at once), optionally under an inviter. A manager adds into its own group and "
            + "must pick one of the group's templates; 409 limit_… when a limit is reached")
    Sharer add(Actor actor, @Valid @RequestBody NewSharer request) {
        return sharers.add(actor.shop(), groups.place(actor, request));
    }

    @PostMapping("/applications")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Apply to become a sharer; APPLIED if the shop approves applications, else ACTIVE")
    Sharer apply(Actor actor, @Valid @RequestBody NewSharer request) {
        return sharers.apply(actor.requireOwner().shop(), request);
    }

    @GetMapping
    @Operation(summary = "Sharers by id; a manager sees only its own group's, an owner may filter by groupId")
    List<Sharer> list(Actor actor, @RequestParam(required = false) SharerStatus status, @RequestParam(required = false) Long groupId,
            @RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        if (!actor.isOwner() && groupId != null && !groupId.equals(actor.managerGroupId())) {
            throw ApiProblem.notFound("manager_group", groupId);
        }
        return sharers.list(actor.shop(), status, actor.isOwner() ? groupId : actor.managerGroupId(), after, limit);
    }

    @GetMapping("/{id}")
    Sharer get(Actor actor, @PathVariable long id) {
        return scope.sharer(actor, new SharerId(id));
    }

    @GetMapping("/by-external-user-id/{externalUserId}")
    Sharer byExternalUserId(Actor actor, @PathVariable String externalUserId) {
        return sharers.findByExternalUserId(actor.shop(), externalUserId).filter(s -> scope.covers(actor, s))
                .orElseThrow(() -> ApiProblem.notFound("sharer", externalUserId));
    }

    /** A manager decides the applications of its own group; the owner decides all. */
    @PostMapping("/{id}/approve")
    Sharer approve(Actor actor, @PathVariable long id) {
        return sharers.approve(actor.shop(), scope.sharer(actor, new SharerId(id)).id());
    }

    @PostMapping("/{id}/reject")
    Sharer reject(Actor actor, @PathVariable long id, @RequestBody Reason body) {
        return sharers.reject(actor.shop(), scope.sharer(actor, new SharerId(id)).id(), body.reason());
    }

    /** Freezing and removing stop a sharer's earnings: the owner's decision, not a manager's. */
    @PostMapping("/{id}/freeze")
    Sharer freeze(Actor actor, @PathVariable long id) {
        return sharers.freeze(actor.requireOwner().shop(), new SharerId(id));
    }

    @PostMapping("/{id}/unfreeze")
    Sharer unfreeze(Actor actor, @PathVariable long id) {
        return sharers.unfreeze(actor.requireOwner().shop(), new SharerId(id));
    }

    @PostMapping("/{id}/remove")
    Sharer remove(Actor actor, @PathVariable long id) {
        return sharers.remove(actor.requireOwner().shop(), new SharerId(id));
    }

    record TemplateChoice(Long templateId) {
    }

    /** The commission template the sharer earns by; null returns the sharer to the shop's default rates. */
    @PutMapping("/{id}/template")
    Sharer assignTemplate(Actor actor, @PathVariable long id, @RequestBody TemplateChoice body) {
        return sharers.assignTemplate(actor.requireOwner().shop(), new SharerId(id), body.templateId());
    }

    record GroupChoice(Long groupId) {
    }

    /** The manager group the sharer belongs to; null takes it out of every group. */
    @PutMapping("/{id}/group")
    @Operation(summary = "Move a sharer into another manager group or out of all (groupId null); owner only; "
            + "409 limit_sharers_per_manager when the group is full")
    Sharer assignGroup(Actor actor, @PathVariable long id, @RequestBody GroupChoice body) {
        return sharers.assignGroup(actor.requireOwner().shop(), new SharerId(id), body.groupId());
    }

    @PostMapping("/{id}/move")
    @Operation(summary = "Move a sharer under another inviter (or to the root with parentId null); audited, refuses cycles")
    Sharer move(Actor actor, @PathVariable long id, @RequestBody MoveRequest body) {
        return sharers.move(actor.requireOwner().shop(), new SharerId(id), body.parentId() == null ? null : new SharerId(body.parentId()), body.reason());
    }

    @GetMapping("/{id}/moves")
    List<Sharers.Move> moves(Actor actor, @PathVariable long id) {
        return sharers.moves(actor.shop(), scope.sharer(actor, new SharerId(id)).id());
    }

    @GetMapping("/{id}/upline")
    @Operation(summary = "The sharer's inviters, nearest first (for a manager: those in its group)")
    List<Sharer> upline(Actor actor, @PathVariable long id) {
        scope.sharer(actor, new SharerId(id));
        List<Sharer> chain = sharers.upline(actor.shop(), new SharerId(id), 10_000);
        return chain.subList(1, chain.size()).stream().filter(s -> scope.covers(actor, s)).toList();
    }

    @GetMapping("/{id}/subtree")
    @Operation(summary = "The sharer's invitees down to `depth` generations (for a manager: those in its group)")
    List<Sharers.Member> subtree(Actor actor, @PathVariable long id, @RequestParam(defaultValue = "3") @Min(1) @Max(50) int depth,
            @RequestParam(defaultValue = "1000") @Min(1) @Max(10000) int limit) {
        SharerId root = scope.sharer(actor, new SharerId(id)).id();
        return sharers.subtree(actor.shop(), root, depth, limit).stream().filter(m -> scope.covers(actor, m.sharer())).toList();
    }

    @PostMapping(value = "/import", consumes = {"text/csv", "text/plain"})
    @Operation(summary = "Import sharers from CSV (header: externalUserId,name,phone,type,parentExternalUserId,inviteCode,"
            + "templateId,groupId); all or nothing unless partial=true; a file exceeding a limit imports nothing (409)")
    ResponseEntity<SharerImport.Report> importCsv(Actor actor, @RequestBody String csv,
            @RequestParam(defaultValue = "false") boolean partial) {
        SharerImport.Report report = sharerImport.importCsv(actor, new StringReader(csv), partial);
        return ResponseEntity.status(report.imported() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT).body(report);
    }
}
