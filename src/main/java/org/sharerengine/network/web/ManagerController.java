package org.sharerengine.network.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.sharerengine.network.ManagerGroup;
import org.sharerengine.network.ManagerGroups;
import org.sharerengine.shop.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1/managers")
@Tag(name = "Managers", description = "Manager groups (导购管理员): their console users and the templates they may assign")
class ManagerController {

    private final ManagerGroups groups;

    ManagerController(ManagerGroups groups) {
        this.groups = groups;
    }

    record NewManager(String name, String username, String password) {
    }

    record Templates(List<Long> templateIds) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a manager group and its manager's console user (owner only); "
            + "409 limit_managers_per_shop at the shop's limit")
    ManagerGroup create(Actor actor, @RequestBody NewManager body) {
        return groups.create(actor.requireOwner().shop(), body.name(), body.username(), body.password());
    }

    @GetMapping
    List<ManagerGroup> list(Actor actor) {
        return groups.list(actor.requireOwner().shop());
    }

    @GetMapping("/me")
    @Operation(summary = "The calling manager's group and the templates it may give its sharers")
    ManagerGroup mine(Actor actor) {
        return groups.mine(actor);
    }

    @GetMapping("/{id}")
    ManagerGroup get(Actor actor, @PathVariable long id) {
        return groups.get(actor, id);
    }

    @PutMapping("/{id}/templates")
    @Operation(summary = "Set the commission templates the group's manager chooses from (owner only); sharers keep theirs")
    ManagerGroup assignTemplates(Actor actor, @PathVariable long id, @RequestBody Templates body) {
        return groups.assignTemplates(actor.requireOwner().shop(), id, body.templateIds());
    }
}
