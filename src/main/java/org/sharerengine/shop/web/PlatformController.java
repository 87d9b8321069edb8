package org.sharerengine.shop.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shop.ApiKeys;
import org.sharerengine.shop.ProgrammeSettings;
import org.sharerengine.shop.Shop;
import org.sharerengine.shop.Shops;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1/platform/shops")
@Tag(name = "Platform", description = "The platform administrator creates shops and their first API key (HTTP Basic)")
class PlatformController {

    private final Shops shops;
    private final ApiKeys apiKeys;

    PlatformController(Shops shops, ApiKeys apiKeys) {
        this.shops = shops;
        this.apiKeys = apiKeys;
    }

    record NewShop(String name, SettingsChange settings) {
    }

    record CreatedShop(Shop shop, ApiKeys.IssuedKey apiKey) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    @Operation(summary = "Create a shop with default (or given) programme settings and its first API key, shown once")
    CreatedShop create(@RequestBody NewShop request) {
        ProgrammeSettings settings = request.settings() == null ? ProgrammeSettings.defaults()
                : request.settings().applyTo(ProgrammeSettings.defaults());
        Shop shop = shops.create(request.name(), settings);
        return new CreatedShop(shop, apiKeys.issue(shop.id(), "first key"));
    }

    @GetMapping
    List<Shop> list() {
        return shops.all();
    }

    @PostMapping("/{shopId}/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    ApiKeys.IssuedKey issue(@PathVariable long shopId) {
        return apiKeys.issue(shops.get(new ShopId(shopId)).id(), "issued by platform");
    }

    @DeleteMapping("/{shopId}/api-keys/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable long shopId, @PathVariable long keyId) {
        apiKeys.revoke(new ShopId(shopId), keyId);
    }
}
