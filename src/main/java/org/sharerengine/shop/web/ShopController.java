package org.sharerengine.shop.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shop.Actor;
import org.sharerengine.shop.ApiKeys;
import org.sharerengine.shop.Shop;
import org.sharerengine.shop.Shops;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Shop", description = "The calling shop, its programme settings and API keys (changes: owner only)")
class ShopController {

    private final Shops shops;
    private final ApiKeys apiKeys;

    ShopController(Shops shops, ApiKeys apiKeys) {
        this.shops = shops;
        this.apiKeys = apiKeys;
    }

    record KeyRequest(String name) {
    }

    @GetMapping("/shop")
    @Operation(summary = "The shop the API key belongs to, with its programme settings")
    Shop shop(ShopId shop) {
        return shops.get(shop);
    }

    @PatchMapping("/shop/settings")
    @Operation(summary = "Change programme settings; absent fields keep their value, out-of-range values are refused")
    Shop changeSettings(Actor actor, @RequestBody SettingsChange change) {
        ShopId shop = actor.requireOwner().shop();
        return shops.updateSettings(shop, change.applyTo(shops.settings(shop)));
    }

    @GetMapping("/api-keys")
    List<ApiKeys.KeyInfo> keys(Actor actor) {
        ShopId shop = actor.requireOwner().shop();
        return apiKeys.list(shop);
    }

    @PostMapping("/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue another API key; the key is shown only in this response")
    ApiKeys.IssuedKey issue(Actor actor, @RequestBody(required = false) KeyRequest request) {
        ShopId shop = actor.requireOwner().shop();
        return apiKeys.issue(shop, request == null ? null : request.name());
    }

    @DeleteMapping("/api-keys/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(Actor actor, @PathVariable long keyId) {
        ShopId shop = actor.requireOwner().shop();
        apiKeys.revoke(shop, keyId);
    }
}
