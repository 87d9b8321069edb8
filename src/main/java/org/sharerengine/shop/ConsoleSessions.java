package org.sharerengine.shop;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.Fingerprint;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Console sessions: an opaque token {@code cs_<shopId>_<256 random bits>}, stored as its SHA-256
 * (random tokens need no slow hash), valid for a fixed time from login or until logout. The
 * shop id in the token keeps the look-up inside one tenant's rows, as with API keys.
 */
@Service
public class ConsoleSessions {

    public static final String TOKEN_PREFIX = "cs_";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** One message for an unknown shop, an unknown user and a wrong password: no user enumeration. */
    private static final String REFUSED = "Unknown username or wrong password.";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ConsoleUsers users;
    private final Duration lifetime;

    ConsoleSessions(JdbcClient jdbc, Clock clock, ConsoleUsers users,
            @Value("${engine.console.session-lifetime:PT12H}") Duration lifetime) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.users = users;
        this.lifetime = lifetime;
    }

    public record Session(String token, Instant expiresAt, Actor.Role role, long userId, Long managerGroupId) {
    }

    @Transactional
    public Session login(Long shopId, String username, String password) {
        if (shopId == null) {
            throw ApiProblem.invalid("shopId", "is required");
        }
        ShopId shop = new ShopId(shopId);
        var user = users.verify(shop, username, password);
        if (user.isEmpty()) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "invalid_credentials", REFUSED, Map.of());
        }
        Instant now = clock.instant();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = TOKEN_PREFIX + shop.value() + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expiresAt = now.plus(lifetime);
        // Expired sessions of this user are of no further use; dropping them here keeps the table small.
        jdbc.sql("delete from console_session where shop_id = :shop and user_id = :user and expires_at <= :now")
                .param("shop", shop.value()).param("user", user.get().id()).param("now", Timestamps.utc(now)).update();
        jdbc.sql("""
                insert into console_session (shop_id, token_hash, user_id, created_at, expires_at)
                values (:shop, :hash, :user, :now, :expires)""")
                .param("shop", shop.value()).param("hash", Fingerprint.sha256(token)).param("user", user.get().id())
                .param("now", Timestamps.utc(now)).param("expires", Timestamps.utc(expiresAt)).update();
        return new Session(token, expiresAt, user.get().role(), user.get().id(), user.get().managerGroupId());
    }

    /** The actor of a live session, or empty for an unknown, expired or ended token. */
    public Optional<Actor> authenticate(String token) {
        return shopOf(token).flatMap(shop -> jdbc.sql("""
                        select u.* from console_session s join console_user u on u.shop_id = s.shop_id and u.id = s.user_id
                        where s.shop_id = :shop and s.token_hash = :hash and s.ended_at is null and s.expires_at > :now""")
                .param("shop", shop.value()).param("hash", Fingerprint.sha256(token))
                .param("now", Timestamps.utc(clock.instant()))
                .query(ConsoleUsers::map).optional()
                .map(user -> new Actor(shop, user.role(), user.id(), user.managerGroupId())));
    }

    /** Logs out: the token stops working at once. Ending an ended session changes nothing. */
    @Transactional
    public void end(String token) {
        ShopId shop = shopOf(token).orElseThrow(() -> ApiProblem.invalid("Authorization",
                "must carry a console session token (Bearer cs_…); an API key has no session to end"));
        jdbc.sql("""
                update console_session set ended_at = coalesce(ended_at, :now)
                where shop_id = :shop and token_hash = :hash""")
                .param("now", Timestamps.utc(clock.instant())).param("shop", shop.value())
                .param("hash", Fingerprint.sha256(token)).update();
    }

    public static boolean isSessionToken(String token) {
        return token != null && token.startsWith(TOKEN_PREFIX);
    }

    private static Optional<ShopId> shopOf(String token) {
        if (!isSessionToken(token) || token.length() > 200) {
            return Optional.empty();
        }
        int end = token.indexOf('_', TOKEN_PREFIX.length());
        if (end < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ShopId(Long.parseLong(token.substring(TOKEN_PREFIX.length(), end))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
