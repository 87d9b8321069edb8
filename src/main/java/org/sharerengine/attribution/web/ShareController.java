package org.sharerengine.attribution.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.sharerengine.attribution.Binding;
import org.sharerengine.attribution.Bindings;
import org.sharerengine.attribution.Share;
import org.sharerengine.attribution.Shares;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.SharerId;
import org.sharerengine.network.SharerScope;
import org.sharerengine.shop.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Shares and bindings", description = "Share tokens, visits through them and customer bindings (锁客)")
class ShareController {

    private final Shares shares;
    private final Bindings bindings;
    private final SharerScope scope;

    ShareController(Shares shares, Bindings bindings, SharerScope scope) {
        this.shares = shares;
        this.bindings = bindings;
        this.scope = scope;
    }

    record NewShare(@NotNull Long sharerId, @NotNull Share.TargetType targetType, @NotBlank @Size(max = 128) String targetId,
            @Size(max = 40) String parentToken) {
    }

    record NewVisit(@NotBlank @Size(max = 40) String token, @NotBlank @Size(max = 128) String customerId, Instant visitedAt) {
    }

    @PostMapping("/shares")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a share token for a sharer and a target; re-shares name their parent token")
    Share share(Actor actor, @Valid @RequestBody NewShare request) {
        return shares.create(actor.requireOwner().shop(), new SharerId(request.sharerId()), request.targetType(), request.targetId(),
                request.parentToken());
    }

    @GetMapping("/shares/{token}")
    Share get(Actor actor, @PathVariable String token) {
        Share share = shares.get(actor.shop(), token);
        scope.require(actor, share.sharerId(), "share", token);
        return share;
    }

    @PostMapping("/visits")
    @Operation(summary = "Record an identified visit through a share; binds the customer under the shop's policy")
    Bindings.VisitResult visit(Actor actor, @Valid @RequestBody NewVisit request) {
        return bindings.visit(actor.requireOwner().shop(), request.token(), request.customerId(), request.visitedAt());
    }

    @GetMapping("/customers/{customerId}/binding")
    Binding binding(Actor actor, @PathVariable String customerId) {
        return bindings.find(actor.shop(), customerId).filter(b -> scope.covers(actor, b.sharerId()))
                .orElseThrow(() -> ApiProblem.notFound("binding", customerId));
    }
}
