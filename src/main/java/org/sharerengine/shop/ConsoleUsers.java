package org.sharerengine.shop;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The people who log in to a shop's console (SPEC §13): owners (店长), who see the whole shop,
 * and managers (导购管理员), each scoped to one manager group. Usernames are unique per shop and
 * compared without case, as a merchant typing them on a phone expects.
 */
@Service
public class ConsoleUsers {

    private static final Pattern USERNAME = Pattern.compile("^[\\p{L}\\p{N}._@-]{3,64}$");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final PasswordHash passwords;

    ConsoleUsers(JdbcClient jdbc, Clock clock, @Value("${engine.console.password-iterations:600000}") int iterations) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.passwords = new PasswordHash(iterations);
    }

    /** @param managerGroupId the manager's group; null for an owner */
    public record ConsoleUser(long id, String username, Actor.Role role, Long managerGroupId, Instant createdAt) {
    }

    /** Creates an owner, or a manager of a group; refuses a taken username with 409 before writing. */
    @Transactional
    public ConsoleUser create(ShopId shop, String username, String password, Actor.Role role, Long managerGroupId) {
        String name = normalize(username);
        if (!USERNAME.matcher(name).matches()) {
            throw ApiProblem.invalid("username", "must be 3 to 64 letters, digits or . _ @ -");
        }
        if (password == null || password.length() < 8 || password.length() > 128) {
            throw ApiProblem.invalid("password", "must be 8 to 128 characters");
        }
        if ((role == Actor.Role.MANAGER) != (managerGroupId != null)) {
            throw new IllegalArgumentException("a manager needs a group and an owner has none");
        }
        if (find(shop, name).isPresent()) {
            throw ApiProblem.conflict("username_taken", "The username " + name + " is already used in this shop.");
        }
        Instant now = clock.instant();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into console_user (shop_id, username, password_hash, role, group_id, created_at)
                values (:shop, :username, :hash, :role, :group, :now)""")
                .param("shop", shop.value()).param("username", name).param("hash", passwords.hash(password))
                .param("role", role.name()).param("group", managerGroupId).param("now", Timestamps.utc(now))
                .update(key, "id");
        return new ConsoleUser(key.getKey().longValue(), name, role, managerGroupId, now);
    }

    public List<ConsoleUser> list(ShopId shop) {
        return jdbc.sql("select * from console_user where shop_id = :shop order by id")
                .param("shop", shop.value()).query(ConsoleUsers::map).list();
    }

    /** The user whose password this is, or empty: an unknown user costs as much time as a wrong password. */
    Optional<ConsoleUser> verify(ShopId shop, String username, String password) {
        String name = normalize(username);
        // No stored password is longer than 128 characters; a longer one is wrong, but is still made to cost a check.
        String given = password == null ? "" : password.length() > 128 ? password.substring(0, 129) : password;
        var row = jdbc.sql("select * from console_user where shop_id = :shop and username = :username")
                .param("shop", shop.value()).param("username", name)
                .query((rs, n) -> new Stored(map(rs, n), rs.getString("password_hash"))).optional();
        if (row.isEmpty()) {
            passwords.burn(given);
            return Optional.empty();
        }
        return passwords.matches(given, row.get().hash()) ? Optional.of(row.get().user()) : Optional.empty();
    }

    private record Stored(ConsoleUser user, String hash) {
    }

    private Optional<ConsoleUser> find(ShopId shop, String username) {
        return jdbc.sql("select * from console_user where shop_id = :shop and username = :username")
                .param("shop", shop.value()).param("username", username).query(ConsoleUsers::map).optional();
    }

    private static String normalize(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    static ConsoleUser map(ResultSet rs, int row) throws SQLException {
        return new ConsoleUser(rs.getLong("id"), rs.getString("username"), Actor.Role.valueOf(rs.getString("role")),
                rs.getObject("group_id", Long.class), Timestamps.instant(rs, "created_at"));
    }
}
