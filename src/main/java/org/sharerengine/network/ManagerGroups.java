package org.sharerengine.network;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.Actor;
import org.sharerengine.shop.ConsoleUsers;
import org.sharerengine.shop.ProgrammeSettings;
import org.sharerengine.shop.Shops;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Manager groups (导购管理员, SPEC §1, §2): the owner creates a group together with its manager's
 * console user, and assigns the commission templates the manager may choose from.
 */
@Service
public class ManagerGroups {

    private final JdbcClient jdbc;
    private final Shops shops;
    private final ConsoleUsers users;
    private final Clock clock;

    ManagerGroups(JdbcClient jdbc, Shops shops, ConsoleUsers users, Clock clock) {
        this.jdbc = jdbc;
        this.shops = shops;
        this.users = users;
        this.clock = clock;
    }

    /**
     * Creates a group and its manager. The shop's row is locked while the groups are counted, so
     * two concurrent creations can never both take the last place under the limit.
     */
    @Transactional
    public ManagerGroup create(ShopId shop, String name, String username, String password) {
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > 100) {
            throw ApiProblem.invalid("name", "must be 1 to 100 characters");
        }
        ProgrammeSettings settings = shops.settings(shop);
        jdbc.sql("select id from shop where id = :shop for update").param("shop", shop.value()).query(Long.class).single();
        long groups = jdbc.sql("select count(*) from manager_group where shop_id = :shop")
                .param("shop", shop.value()).query(Long.class).single();
        if (groups >= settings.maxManagers()) {
            throw ApiProblem.conflict("limit_managers_per_shop", "This shop already has " + groups
                    + " managers, the most it allows (" + settings.maxManagers() + ").");
        }
        if (jdbc.sql("select count(*) from manager_group where shop_id = :shop and name = :name")
                .param("shop", shop.value()).param("name", label).query(Long.class).single() > 0) {
            throw ApiProblem.conflict("manager_group_exists", "A manager group named " + label + " already exists.");
        }
        Instant now = clock.instant();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("insert into manager_group (shop_id, name, created_at) values (:shop, :name, :now)")
                .param("shop", shop.value()).param("name", label).param("now", Timestamps.utc(now))
                .update(key, "id");
        long id = key.getKey().longValue();
        // A refused username or password rolls the group back with it: nothing is half-created.
        users.create(shop, username, password, Actor.Role.MANAGER, id);
        return get(shop, id);
    }

    public List<ManagerGroup> list(ShopId shop) {
        return read(shop, null);
    }

    public ManagerGroup get(ShopId shop, long id) {
        List<ManagerGroup> found = read(shop, id);
        if (found.isEmpty()) {
            throw ApiProblem.notFound("manager_group", id);
        }
        return found.getFirst();
    }

    /** An owner reads any group, a manager only its own (another group is answered as unknown). */
    public ManagerGroup get(Actor actor, long id) {
        if (!actor.isOwner() && actor.managerGroupId() != id) {
            throw ApiProblem.notFound("manager_group", id);
        }
        return get(actor.shop(), id);
    }

    /** The calling manager's own group. */
    public ManagerGroup mine(Actor actor) {
        if (actor.isOwner()) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "manager_only",
                    "Only a manager's console session has a group of its own; owners read GET /api/v1/managers.", Map.of());
        }
        return get(actor.shop(), actor.managerGroupId());
    }

    /** Replaces the templates a group's manager may choose from; sharers keep the templates they have. */
    @Transactional
    public ManagerGroup assignTemplates(ShopId shop, long id, List<Long> templateIds) {
        if (templateIds == null || templateIds.stream().anyMatch(t -> t == null)) {
            throw ApiProblem.invalid("templateIds", "must be a list of commission template ids (empty for none)");
        }
        Set<Long> wanted = new LinkedHashSet<>(templateIds);
        // Locks the group, so that two concurrent assignments apply one after the other.
        if (jdbc.sql("select id from manager_group where shop_id = :shop and id = :id for update")
                .param("shop", shop.value()).param("id", id).query(Long.class).optional().isEmpty()) {
            throw ApiProblem.notFound("manager_group", id);
        }
        if (!wanted.isEmpty()) {
            Set<Long> known = new HashSet<>(jdbc.sql("select id from commission_template where shop_id = :shop and id = any(:ids)")
                    .param("shop", shop.value()).param("ids", wanted.toArray(Long[]::new)).query(Long.class).list());
            List<Long> unknown = wanted.stream().filter(t -> !known.contains(t)).toList();
            if (!unknown.isEmpty()) {
                throw ApiProblem.invalid("templateIds", "names no commission template of this shop: " + unknown);
            }
        }
        jdbc.sql("delete from manager_group_template where shop_id = :shop and group_id = :id")
                .param("shop", shop.value()).param("id", id).update();
        for (Long template : wanted) {
            jdbc.sql("insert into manager_group_template (shop_id, group_id, template_id) values (:shop, :id, :template)")
                    .param("shop", shop.value()).param("id", id).param("template", template).update();
        }
        return get(shop, id);
    }

    /**
     * The sharer a caller asks to add, placed by the caller's role: an owner adds into any group
     * or none, with any template; a manager only into its own group, with one of its templates.
     */
    public NewSharer place(Actor actor, NewSharer request) {
        return placement(actor).apply(request);
    }

    /** {@link #place} for many requests of one caller (an import): the group's templates are read once. */
    UnaryOperator<NewSharer> placement(Actor actor) {
        if (actor.isOwner()) {
            return UnaryOperator.identity();
        }
        long group = actor.managerGroupId();
        AssignedTemplates templates = new AssignedTemplates(templatesOf(actor.shop(), group));
        return request -> {
            if (request.groupId() != null && request.groupId() != group) {
                throw ApiProblem.invalid("groupId", "a manager adds sharers to its own group only (" + group + ")");
            }
            return new NewSharer(request.externalUserId(), request.name(), request.phone(), request.type(), request.parentId(),
                    request.parentExternalUserId(), request.inviteCode(), templates.requireChoice(request.templateId()), group);
        };
    }

    private Set<Long> templatesOf(ShopId shop, long groupId) {
        return Set.copyOf(jdbc.sql("select template_id from manager_group_template where shop_id = :shop and group_id = :group")
                .param("shop", shop.value()).param("group", groupId).query(Long.class).list());
    }

    private List<ManagerGroup> read(ShopId shop, Long onlyId) {
        String filter = onlyId == null ? "" : " and id = :id";
        var query = jdbc.sql("select * from manager_group where shop_id = :shop" + filter + " order by id")
                .param("shop", shop.value());
        if (onlyId != null) {
            query = query.param("id", onlyId);
        }
        record Row(long id, String name, Instant createdAt) {
        }
        List<Row> rows = query.query((rs, n) -> new Row(rs.getLong("id"), rs.getString("name"),
                Timestamps.instant(rs, "created_at"))).list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<Long>> templates = new TreeMap<>();
        jdbc.sql("select group_id, template_id from manager_group_template where shop_id = :shop order by group_id, template_id")
                .param("shop", shop.value())
                .query((rs, n) -> templates.computeIfAbsent(rs.getLong("group_id"), g -> new ArrayList<>()).add(rs.getLong("template_id")))
                .list();
        Map<Long, List<String>> managers = users.list(shop).stream().filter(u -> u.managerGroupId() != null)
                .collect(Collectors.groupingBy(ConsoleUsers.ConsoleUser::managerGroupId,
                        Collectors.mapping(ConsoleUsers.ConsoleUser::username, Collectors.toList())));
        return rows.stream().map(r -> new ManagerGroup(r.id(), r.name(), managers.getOrDefault(r.id(), List.of()),
                templates.getOrDefault(r.id(), List.of()), r.createdAt())).toList();
    }
}
