package org.sharerengine.network.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.StringReader;
import java.util.List;
import org.sharerengine.network.NewSharer;
import org.sharerengine.network.Sharer;
import org.sharerengine.network.SharerImport;
import org.sharerengine.network.SharerStatus;
import org.sharerengine.network.Sharers;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shop.Actor;
import org.sharerengine.shared.ShopId;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1/sharers")
@Tag(name = "Sharers", description = "Sharers (分享员), applications, invitations and the inviter tree")
class SharerController {

    private final Sharers sharers;
    private final SharerImport sharerImport;

    SharerController(Sharers sharers, SharerImport sharerImport) {
        this.sharers = sharers;
        this.sharerImport = sharerImport;
    }

    record Reason(String reason) {
    }

    record MoveRequest(Long parentId, String reason) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a sharer (active at once), optionally under an inviter")
    Sharer add(ShopId shop, @Valid @RequestBody NewSharer request) {
        return sharers.add(shop, request);
    }

    @PostMapping("/applications")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Apply to become a sharer; APPLIED if the shop approves applications, else ACTIVE")
    Sharer apply(ShopId shop, @Valid @RequestBody NewSharer request) {
        return sharers.apply(shop, request);
    }

    @GetMapping
    List<Sharer> list(ShopId shop, @RequestParam(required = false) SharerStatus status,
            @RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return sharers.list(shop, status, after, limit);
    }

    @GetMapping("/{id}")
    Sharer get(ShopId shop, @PathVariable long id) {
        return sharers.get(shop, new SharerId(id));
    }

    @GetMapping("/by-external-user-id/{externalUserId}")
    Sharer byExternalUserId(ShopId shop, @PathVariable String externalUserId) {
        return sharers.findByExternalUserId(shop, externalUserId)
                .orElseThrow(() -> ApiProblem.notFound("sharer", externalUserId));
    }

    @PostMapping("/{id}/approve")
    Sharer approve(ShopId shop, @PathVariable long id) {
        return sharers.approve(shop, new SharerId(id));
    }

    @PostMapping("/{id}/reject")
    Sharer reject(ShopId shop, @PathVariable long id, @RequestBody Reason body) {
        return sharers.reject(shop, new SharerId(id), body.reason());
    }

    @PostMapping("/{id}/freeze")
    Sharer freeze(ShopId shop, @PathVariable long id) {
        return sharers.freeze(shop, new SharerId(id));
    }

    @PostMapping("/{id}/unfreeze")
    Sharer unfreeze(ShopId shop, @PathVariable long id) {
        return sharers.unfreeze(shop, new SharerId(id));
    }

    @PostMapping("/{id}/remove")
    Sharer remove(ShopId shop, @PathVariable long id) {
        return sharers.remove(shop, new SharerId(id));
    }

    record TemplateChoice(Long templateId) {
    }

    /** The commission template the sharer earns by; null returns the sharer to the shop's default rates. */
    @PutMapping("/{id}/template")
    Sharer assignTemplate(Actor actor, @PathVariable long id, @RequestBody TemplateChoice body) {
        return sharers.assignTemplate(actor.requireOwner().shop(), new SharerId(id), body.templateId());
    }

    @PostMapping("/{id}/move")
    @Operation(summary = "Move a sharer under another inviter (or to the root with parentId null); audited, refuses cycles")
    Sharer move(ShopId shop, @PathVariable long id, @RequestBody MoveRequest body) {
        return sharers.move(shop, new SharerId(id), body.parentId() == null ? null : new SharerId(body.parentId()), body.reason());
    }

    @GetMapping("/{id}/moves")
    List<Sharers.Move> moves(ShopId shop, @PathVariable long id) {
        return sharers.moves(shop, new SharerId(id));
    }

    @GetMapping("/{id}/upline")
    @Operation(summary = "The sharer's inviters, nearest first")
    List<Sharer> upline(ShopId shop, @PathVariable long id) {
        List<Sharer> chain = sharers.upline(shop, new SharerId(id), 10_000);
        if (chain.isEmpty()) {
            throw ApiProblem.notFound("sharer", id);
        }
        return chain.subList(1, chain.size());
    }

    @GetMapping("/{id}/subtree")
    @Operation(summary = "The sharer's invitees down to `depth` generations")
    List<Sharers.Member> subtree(ShopId shop, @PathVariable long id, @RequestParam(defaultValue = "3") @Min(1) @Max(50) int depth,
            @RequestParam(defaultValue = "1000") @Min(1) @Max(10000) int limit) {
        return sharers.subtree(shop, new SharerId(id), depth, limit);
    }

    @PostMapping(value = "/import", consumes = {"text/csv", "text/plain"})
    @Operation(summary = "Import sharers from CSV (header: externalUserId,name,phone,type,parentExternalUserId,inviteCode); "
            + "all or nothing unless partial=true")
    ResponseEntity<SharerImport.Report> importCsv(ShopId shop, @RequestBody String csv,
            @RequestParam(defaultValue = "false") boolean partial) {
        SharerImport.Report report = sharerImport.importCsv(shop, new StringReader(csv), partial);
        return ResponseEntity.status(report.imported() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT).body(report);
    }
}
