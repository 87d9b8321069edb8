package org.sharerengine.shop;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.Fingerprint;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Per-shop API keys: shown once, stored as a SHA-256 hash (the key is 256 random bits, so a
 * slow password hash would add nothing), revocable. The shop id is part of the key so that
 * the look-up stays inside one tenant's rows.
 *
 * <p>Every API call authenticates, so a valid key is remembered for a short while
 * ({@code engine.api-keys.cache-ttl}; zero remembers nothing): revoking a key forgets it at once on
 * this instance, and other instances refuse it once their memory of it expires.
 */
@Service
public class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Far more keys than any instance serves at once; an evicted key is just read again. */
    private static final int REMEMBERED_KEYS = 10_000;

    private final JdbcClient jdbc;
    private final Clock clock;
    /** Key hash -> its shop, for valid keys only (an unknown key is read each time, so a new key works at once). */
    private final Cache<String, ShopId> valid;

    ApiKeys(JdbcClient jdbc, Clock clock, @Value("${engine.api-keys.cache-ttl:PT5S}") Duration cacheTtl) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.valid = cacheTtl.isZero() ? null
                : Caffeine.newBuilder().maximumSize(REMEMBERED_KEYS).expireAfterWrite(cacheTtl).build();
    }

    public record IssuedKey(long id, String name, String key, String hint, Instant createdAt) {
    }

    public record KeyInfo(long id, String name, String hint, Instant createdAt, Instant revokedAt) {
    }

    @Transactional
    public IssuedKey issue(ShopId shop, String name) {
        String label = name == null || name.isBlank() ? "default" : name.strip();
        if (label.length() > 100) {
            throw ApiProblem.invalid("name", "must be at most 100 characters");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = "sk_" + shop.value() + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return store(shop, label, key);
    }

    /** Registers a key chosen by the operator (the demo shop's well-known key). */
    @Transactional
    public IssuedKey register(ShopId shop, String name, String key) {
        if (shopOf(key).filter(shop::equals).isEmpty()) {
            throw ApiProblem.invalid("key", "must look like sk_<shopId>_<secret>");
        }
        return store(shop, name, key);
    }

    private IssuedKey store(ShopId shop, String name, String key) {
        Instant now = clock.instant();
        String hint = key.substring(0, Math.min(key.length(), key.indexOf('_', 3) + 5)) + "…";
        GeneratedKeyHolder id = new GeneratedKeyHolder();
        jdbc.sql("insert into api_key (shop_id, name, key_hash, hint, created_at) values (:shop, :name, :hash, :hint, :now)")
                .param("shop", shop.value()).param("name", name).param("hash", Fingerprint.sha256(key))
                .param("hint", hint).param("now", Timestamps.utc(now))
                .update(id, "id");
        return new IssuedKey(id.getKey().longValue(), name, key, hint, now);
    }

    public Optional<ShopId> authenticate(String key) {
        Optional<ShopId> shop = shopOf(key);
        if (shop.isEmpty()) {
            return shop;
        }
        String hash = Fingerprint.sha256(key);
        if (valid == null) {
            return shop.filter(s -> isValid(s, hash));
        }
        // A miss loads nothing for an invalid key (null is not cached).
        return Optional.ofNullable(valid.get(hash, h -> isValid(shop.get(), h) ? shop.get() : null));
    }

    private boolean isValid(ShopId shop, String hash) {
        return jdbc.sql("select count(*) from api_key where shop_id = :shop and key_hash = :hash and revoked_at is null")
                .param("shop", shop.value()).param("hash", hash)
                .query(Long.class).single() > 0;
    }

    public List<KeyInfo> list(ShopId shop) {
        return jdbc.sql("select * from api_key where shop_id = :shop order by id").param("shop", shop.value())
                .query((rs, n) -> new KeyInfo(rs.getLong("id"), rs.getString("name"), rs.getString("hint"),
                        Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "revoked_at")))
                .list();
    }

    /**
     * Not one transaction on purpose: the revocation is committed by its own statement before the
     * key is forgotten, so a request authenticating meanwhile cannot remember it again as valid.
     */
    public void revoke(ShopId shop, long keyId) {
        String hash = jdbc.sql("select key_hash from api_key where shop_id = :shop and id = :id")
                .param("shop", shop.value()).param("id", keyId).query(String.class).optional()
                .orElseThrow(() -> ApiProblem.notFound("api_key", keyId));
        jdbc.sql("update api_key set revoked_at = coalesce(revoked_at, :now) where shop_id = :shop and id = :id")
                .param("now", Timestamps.utc(clock.instant())).param("shop", shop.value()).param("id", keyId).update();
        if (valid != null) {
            valid.invalidate(hash);
        }
    }

    private static Optional<ShopId> shopOf(String key) {
        if (key == null || !key.startsWith("sk_") || key.length() > 200) {
            return Optional.empty();
        }
        int end = key.indexOf('_', 3);
        if (end < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ShopId(Long.parseLong(key.substring(3, end))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
