package org.sharerengine.catalog.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.sharerengine.catalog.Product;
import org.sharerengine.catalog.Products;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shop.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1/products")
@Tag(name = "Products", description = "The promoted product library (推广商品) and each product's commission mode; "
        + "managers read it, only the owner changes it")
class ProductController {

    private final Products products;

    ProductController(Products products) {
        this.products = products;
    }

    @PutMapping("/{productId}")
    @Operation(summary = "Put a product into the library (or change it): LEVEL_RATE, FIXED_RATE (bp) or FIXED_AMOUNT (fen per unit)")
    Product put(Actor actor, @PathVariable String productId, @Valid @RequestBody Products.ProductTerms terms) {
        return products.put(actor.requireOwner().shop(), productId, terms);
    }

    @GetMapping("/{productId}")
    Product get(ShopId shop, @PathVariable String productId) {
        return products.get(shop, productId);
    }

    @GetMapping
    List<Product> list(ShopId shop, @RequestParam(defaultValue = "") String after,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return products.list(shop, after, limit);
    }

    @DeleteMapping("/{productId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(Actor actor, @PathVariable String productId) {
        products.remove(actor.requireOwner().shop(), productId);
    }
}
