package org.sharerengine.commission.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.sharerengine.commission.CommissionTemplate;
import org.sharerengine.commission.CommissionTemplates;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shop.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1/commission-templates")
@Tag(name = "Commission templates", description = "提成模版: rates per level rank and depth, and tier steps (阶梯佣金); the owner writes them")
class CommissionTemplateController {

    private final CommissionTemplates templates;

    CommissionTemplateController(CommissionTemplates templates) {
        this.templates = templates;
    }

    @PostMapping
    @Operation(summary = "Create a template (owner only); the same name and terms again return the stored template (200), "
            + "the same name with other terms is 409")
    ResponseEntity<CommissionTemplate> create(Actor actor, @RequestBody CommissionTemplates.TemplateTerms terms) {
        CommissionTemplates.Created created = templates.create(actor.requireOwner().shop(), terms);
        return ResponseEntity.status(created.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(created.template());
    }

    @GetMapping
    List<CommissionTemplate> list(ShopId shop) {
        return templates.list(shop);
    }

    @GetMapping("/{id}")
    CommissionTemplate get(ShopId shop, @PathVariable long id) {
        return templates.get(shop, id);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Replace a template's name, rates and tiers (owner only); lines already computed keep their rates")
    CommissionTemplate update(Actor actor, @PathVariable long id, @RequestBody CommissionTemplates.TemplateTerms terms) {
        return templates.update(actor.requireOwner().shop(), id, terms);
    }
}
