package org.sharerengine.commission.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.sharerengine.commission.Boost;
import org.sharerengine.commission.Boosts;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shop.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1/boosts")
@Tag(name = "Boosts", description = "短期激励: an extra depth-1 rate on a product or a category for a time window")
class BoostController {

    private final Boosts boosts;

    BoostController(Boosts boosts) {
        this.boosts = boosts;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a boost (owner only): extraRateBp on productId or category for orders paid in [startsAt, endsAt)")
    Boost create(Actor actor, @RequestBody Boosts.NewBoost request) {
        return boosts.create(actor.requireOwner().shop(), request);
    }

    @GetMapping
    List<Boost> list(ShopId shop) {
        return boosts.list(shop);
    }

    @GetMapping("/{id}")
    Boost get(ShopId shop, @PathVariable long id) {
        return boosts.get(shop, id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a boost (owner only); lines already paid with it keep it")
    void delete(Actor actor, @PathVariable long id) {
        boosts.delete(actor.requireOwner().shop(), id);
    }
}
