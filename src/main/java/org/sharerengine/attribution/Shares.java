package org.sharerengine.attribution;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.sharerengine.network.Sharer;
import org.sharerengine.network.SharerStatus;
import org.sharerengine.network.Sharers;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.Database;
import org.sharerengine.shared.KeyLookup;
import org.sharerengine.shared.Reads;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Share tokens; a re-share names its parent, so every original share grows a cascade. */
@Service
public class Shares {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Sharers sharers;
    private final Clock clock;
    private final KeyLookup byToken;

    Shares(JdbcClient jdbc, Sharers sharers, Clock clock, Database database) {
        this.jdbc = jdbc;
        this.sharers = sharers;
        this.clock = clock;
        this.byToken = database.lookup("share", "s", "token", "varchar");
    }

    @Transactional
    public Share create(ShopId shop, SharerId sharerId, Share.TargetType targetType, String targetId, String parentToken) {
        Sharer sharer = sharers.find(shop, sharerId).orElseThrow(() -> ApiProblem.invalid("sharerId", "names no sharer of this shop"));
        if (sharer.status() != SharerStatus.ACTIVE) {
            throw ApiProblem.conflict("sharer_not_active", "Sharer " + sharerId + " is " + sharer.status() + " and cannot share.");
        }
        if (targetType == null) {
            throw ApiProblem.invalid("targetType", "must be SHOP, PRODUCT, LIVE_ROOM or SHORT_VIDEO");
        }
        if (targetId == null || targetId.isBlank() || targetId.length() > 128) {
            throw ApiProblem.invalid("targetId", "must be 1 to 128 characters");
        }
        if (parentToken != null && find(shop, parentToken).isEmpty()) {
            throw ApiProblem.invalid("parentToken", "names no share of this shop");
        }
        byte[] random = new byte[15];
        RANDOM.nextBytes(random);
        String token = "s" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant now = clock.instant();
        jdbc.sql("""
                insert into share (shop_id, token, sharer_id, target_type, target_id, parent_token, created_at)
                values (:shop, :token, :sharer, :type, :target, :parent, :now)""")
                .param("shop", shop.value()).param("token", token).param("sharer", sharerId.value())
                .param("type", targetType.name()).param("target", targetId.strip()).param("parent", parentToken)
                .param("now", Timestamps.utc(now)).update();
        return new Share(token, sharerId, targetType, targetId.strip(), parentToken, now);
    }

    public Optional<Share> find(ShopId shop, String token) {
        if (!possible(token)) {
            return Optional.empty();
        }
        return jdbc.sql("select * from share where shop_id = :shop and token = :token")
                .param("shop", shop.value()).param("token", token).query(Shares::map).optional();
    }

    /** The shares of these tokens, by token, in one read among {@code reads}; a token that names no share has no entry. */
    Reads.Answer<Map<String, Share>> findAll(Reads reads, ShopId shop, Collection<String> tokens) {
        String[] possible = possible(tokens);
        if (possible.length == 0) {
            return Reads.answered(Map.of());
        }
        return reads.rows("select s.* " + byToken.from(), byToken.args(shop.value(), possible), Shares::map)
                .then(found -> found.stream().collect(Collectors.toMap(Share::token, share -> share)));
    }

    /** The query of the sharers who made these shares, for {@link Sharers#chains} to start from. */
    Sharers.SharerIdsQuery sharersOf(ShopId shop, Collection<String> tokens) {
        return new Sharers.SharerIdsQuery("select s.sharer_id " + byToken.from(), byToken.args(shop.value(), possible(tokens)));
    }

    /** Tokens are at most 40 characters: a longer one names no share, without asking the database. */
    private static boolean possible(String token) {
        return token != null && token.length() <= 40;
    }

    private static String[] possible(Collection<String> tokens) {
        return tokens.stream().filter(Shares::possible).distinct().toArray(String[]::new);
    }

    private static Share map(ResultSet rs, int row) throws SQLException {
        return new Share(rs.getString("token"), new SharerId(rs.getLong("sharer_id")),
                Share.TargetType.valueOf(rs.getString("target_type")), rs.getString("target_id"),
                rs.getString("parent_token"), Timestamps.instant(rs, "created_at"));
    }

    public Share get(ShopId shop, String token) {
        return find(shop, token).orElseThrow(() -> ApiProblem.notFound("share", token));
    }
}
