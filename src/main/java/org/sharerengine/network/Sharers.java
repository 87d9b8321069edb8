package org.sharerengine.network;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.stream.IntStream;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.Database;
import org.sharerengine.shared.KeyLookup;
import org.sharerengine.shared.Reads;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.ProgrammeSettings;
import org.sharerengine.shop.Shops;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The sharers of a shop and the inviter forest they form (SPEC §2). */
@Service
public class Sharers {

    private static final String CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A bound on tree walks; a forest built by this class is never this deep, and a bug must not loop forever. */
    private static final int MAX_WALK = 10_000;
    /** The columns {@link #map} reads: {@link #chains} names them once for each sharer of its rows. */
    private static final List<String> COLUMNS = List.of("id", "external_user_id", "name", "phone", "sharer_type", "status",
            "parent_id", "invite_code", "reject_reason", "created_at", "updated_at", "group_id", "template_id");

    private final JdbcClient jdbc;
    private final Shops shops;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final SharerLimits limits;
    private final KeyLookup byId;
    private final KeyLookup byExternalUserId;

    Sharers(JdbcClient jdbc, Shops shops, Clock clock, ApplicationEventPublisher events, SharerLimits limits, Database database) {
        this.jdbc = jdbc;
        this.shops = shops;
        this.clock = clock;
        this.events = events;
        this.limits = limits;
        this.byId = database.lookup("sharer", "s", "id", "bigint");
        this.byExternalUserId = database.lookup("sharer", "s", "external_user_id", "varchar");
    }

    /**
     * Added by the owner, a manager or the integrator: active at once. Every refusal happens
     * before the first write, so a refused row need not doom a surrounding import.
     */
    @Transactional(noRollbackFor = ApiProblem.class)
    public Sharer add(ShopId shop, NewSharer request) {
        return add(shop, shops.settings(shop), request);
    }

    /** {@link #add(ShopId, NewSharer)} with the shop's settings read once by a caller that adds many (an import). */
    @Transactional(noRollbackFor = ApiProblem.class)
    Sharer add(ShopId shop, ProgrammeSettings settings, NewSharer request) {
        return register(shop, settings, request, SharerStatus.ACTIVE);
    }

    /** A person applies on the recruitment page, possibly with an inviter's code. */
    @Transactional
    public Sharer apply(ShopId shop, NewSharer request) {
        ProgrammeSettings settings = shops.settings(shop);
        if (!settings.recruitmentOpen()) {
            throw ApiProblem.conflict("recruitment_closed", "This shop is not recruiting sharers at the moment.");
        }
        return register(shop, settings, request, settings.approvalRequired() ? SharerStatus.APPLIED : SharerStatus.ACTIVE);
    }

    private Sharer register(ShopId shop, ProgrammeSettings settings, NewSharer request, SharerStatus status) {
        String externalUserId = request.externalUserId() == null ? "" : request.externalUserId().strip();
        if (externalUserId.isEmpty()) {
            throw ApiProblem.invalid("externalUserId", "must not be blank");
        }
        SharerId parent = resolveParent(shop, request);
        requireTemplate(shop, request.templateId());
        requireGroup(shop, request.groupId());
        Optional<Sharer> existing = findByExternalUserId(shop, externalUserId);
        Instant now = clock.instant();
        if (existing.isPresent()) {
            Sharer former = existing.get();
            if (former.status() != SharerStatus.REJECTED) {
                throw ApiProblem.conflict("sharer_exists", "User " + externalUserId + " is already sharer " + former.id()
                        + " of this shop (" + former.status() + ").");
            }
            limits.admit(shop, settings, externalUserId, request.groupId());
            // A rejected applicant may apply again; the row keeps its id and invite code.
            jdbc.sql("""
                    update sharer set status = :status, parent_id = :parent, name = :name, phone = :phone, sharer_type = :type,
                      template_id = :template, group_id = :group, reject_reason = null, updated_at = :now
                    where shop_id = :shop and id = :id""")
                    .param("status", status.name()).param("parent", parent == null ? null : parent.value())
                    .param("template", request.templateId()).param("group", request.groupId())
                    .param("name", request.name()).param("phone", request.phone()).param("type", request.typeOrDefault())
                    .param("now", Timestamps.utc(now)).param("shop", shop.value()).param("id", former.id().value()).update();
            return joined(shop, get(shop, former.id()));
        }
        limits.admit(shop, settings, externalUserId, request.groupId());
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into sharer (shop_id, external_user_id, name, phone, sharer_type, status, parent_id, invite_code,
                  template_id, group_id, created_at, updated_at)
                values (:shop, :ext, :name, :phone, :type, :status, :parent, :code, :template, :group, :now, :now)""")
                .param("shop", shop.value()).param("ext", externalUserId).param("name", request.name())
                .param("phone", request.phone()).param("type", request.typeOrDefault()).param("status", status.name())
                .param("parent", parent == null ? null : parent.value()).param("code", freeInviteCode(shop))
                .param("template", request.templateId()).param("group", request.groupId())
                .param("now", Timestamps.utc(now))
                .update(key, "id");
        return joined(shop, get(shop, new SharerId(key.getKey().longValue())));
    }

    /** Announces a sharer who has just become active, so the inviter's recruit counts (SPEC §5). */
    private Sharer joined(ShopId shop, Sharer sharer) {
        if (sharer.status() == SharerStatus.ACTIVE) {
            events.publishEvent(new SharerJoined(shop, sharer.id(), sharer.parentId(), sharer.updatedAt()));
        }
        return sharer;
    }

    /** Gives a sharer another commission template, or none (null: the shop's default rates). */
    @Transactional
    public Sharer assignTemplate(ShopId shop, SharerId id, Long templateId) {
        get(shop, id);
        requireTemplate(shop, templateId);
        jdbc.sql("update sharer set template_id = :template, updated_at = :now where shop_id = :shop and id = :id")
                .param("template", templateId).param("now", Timestamps.utc(clock.instant()))
                .param("shop", shop.value()).param("id", id.value()).update();
        return get(shop, id);
    }

    /**
     * Moves a sharer into another manager group, or out of every group (null); owner only. The
     * target group's limit applies; the sharer's template, inviter and past commission stay.
     */
    @Transactional
    public Sharer assignGroup(ShopId shop, SharerId id, Long groupId) {
        Sharer sharer = get(shop, id);
        requireGroup(shop, groupId);
        if (Objects.equals(sharer.groupId(), groupId)) {
            return sharer;
        }
        if (groupId != null && SharerLimits.isMember(sharer.status())) {
            limits.admitToGroup(shop, shops.settings(shop), groupId);
        }
        jdbc.sql("update sharer set group_id = :group, updated_at = :now where shop_id = :shop and id = :id")
                .param("group", groupId).param("now", Timestamps.utc(clock.instant()))
                .param("shop", shop.value()).param("id", id.value()).update();
        return get(shop, id);
    }

    // The template table belongs to the commission module; the foreign key on sharer.template_id
    // is the contract, this read only turns a violation into a clear 400 before anything is written.
    private void requireTemplate(ShopId shop, Long templateId) {
        if (templateId != null && jdbc.sql("select count(*) from commission_template where shop_id = :shop and id = :id")
                .param("shop", shop.value()).param("id", templateId).query(Long.class).single() == 0) {
            throw ApiProblem.invalid("templateId", "names no commission template of this shop");
        }
    }

    private void requireGroup(ShopId shop, Long groupId) {
        if (groupId != null && jdbc.sql("select count(*) from manager_group where shop_id = :shop and id = :id")
                .param("shop", shop.value()).param("id", groupId).query(Long.class).single() == 0) {
            throw ApiProblem.invalid("groupId", "names no manager group of this shop");
        }
    }

    private SharerId resolveParent(ShopId shop, NewSharer request) {
        int given = (request.parentId() != null ? 1 : 0) + (blank(request.parentExternalUserId()) ? 0 : 1)
                + (blank(request.inviteCode()) ? 0 : 1);
        if (given > 1) {
            throw ApiProblem.invalid("parentId", "name the inviter once: parentId, parentExternalUserId or inviteCode");
        }
        Optional<Sharer> parent;
        String field;
        if (request.parentId() != null) {
            field = "parentId";
            parent = find(shop, new SharerId(request.parentId()));
        } else if (!blank(request.parentExternalUserId())) {
            field = "parentExternalUserId";
            parent = findByExternalUserId(shop, request.parentExternalUserId().strip());
        } else if (!blank(request.inviteCode())) {
            field = "inviteCode";
            parent = jdbc.sql("select * from sharer where shop_id = :shop and invite_code = :code")
                    .param("shop", shop.value()).param("code", request.inviteCode().strip().toUpperCase())
                    .query(Sharers::map).optional();
        } else {
            return null;
        }
        Sharer inviter = parent.orElseThrow(() -> ApiProblem.invalid(field, "names no sharer of this shop"));
        if (inviter.status() != SharerStatus.ACTIVE && inviter.status() != SharerStatus.FROZEN) {
            throw ApiProblem.invalid(field, "names a sharer who is " + inviter.status() + " and cannot invite");
        }
        return inviter.id();
    }

    @Transactional
    public Sharer approve(ShopId shop, SharerId id) {
        Sharer before = get(shop, id);
        Sharer after = transition(shop, before, SharerStatus.APPLIED, SharerStatus.ACTIVE, null);
        return before.status() == SharerStatus.APPLIED ? joined(shop, after) : after;
    }

    @Transactional
    public Sharer reject(ShopId shop, SharerId id, String reason) {
        if (blank(reason) || reason.length() > 500) {
            throw ApiProblem.invalid("reason", "must say why, in 1 to 500 characters");
        }
        return transition(shop, get(shop, id), SharerStatus.APPLIED, SharerStatus.REJECTED, reason.strip());
    }

    @Transactional
    public Sharer freeze(ShopId shop, SharerId id) {
        return transition(shop, get(shop, id), SharerStatus.ACTIVE, SharerStatus.FROZEN, null);
    }

    @Transactional
    public Sharer unfreeze(ShopId shop, SharerId id) {
        return transition(shop, get(shop, id), SharerStatus.FROZEN, SharerStatus.ACTIVE, null);
    }

    /** Removal keeps the row (past commission stays explainable); the sharer's invitees keep their inviter. */
    @Transactional
    public Sharer remove(ShopId shop, SharerId id) {
        Sharer sharer = get(shop, id);
        return transition(shop, sharer, sharer.status(), SharerStatus.REMOVED, null);
    }

    /**
     * Moves the sharer as read from {@code from} to {@code to}; reaching the status it already has
     * changes nothing. The update is conditional on {@code from}: a sharer changed meanwhile is refused (409), not overwritten.
     */
    private Sharer transition(ShopId shop, Sharer sharer, SharerStatus from, SharerStatus to, String reason) {
        SharerId id = sharer.id();
        if (sharer.status() == to) {
            return sharer;
        }
        int changed = jdbc.sql("""
                update sharer set status = :to, reject_reason = :reason, updated_at = :now
                where shop_id = :shop and id = :id and status = :from""")
                .param("to", to.name()).param("reason", reason).param("now", Timestamps.utc(clock.instant()))
                .param("shop", shop.value()).param("id", id.value()).param("from", from.name()).update();
        if (changed == 0) {
            throw ApiProblem.conflict("invalid_status_transition",
                    "Sharer " + id + " is " + sharer.status() + "; only a " + from + " sharer can become " + to + ".");
        }
        if (SharerLimits.isMember(from) && !SharerLimits.isMember(to)) {
            limits.leave(sharer.externalUserId());
        }
        return get(shop, id);
    }

    /**
     * Moves a sharer under another inviter (owner only; audited). Past commission lines keep the
     * beneficiaries they were computed for. Moves of one shop are serialized so that two
     * concurrent moves can never close a cycle.
     */
    @Transactional
    public Sharer move(ShopId shop, SharerId id, SharerId newParent, String reason) {
        if (blank(reason) || reason.length() > 500) {
            throw ApiProblem.invalid("reason", "must say why, in 1 to 500 characters");
        }
        jdbc.sql("select id from shop where id = :shop for update").param("shop", shop.value()).query(Long.class).single();
        Sharer sharer = get(shop, id);
        if (newParent != null) {
            Sharer parent = find(shop, newParent).orElseThrow(() -> ApiProblem.invalid("parentId", "names no sharer of this shop"));
            if (parent.status() == SharerStatus.REMOVED || parent.status() == SharerStatus.REJECTED) {
                throw ApiProblem.invalid("parentId", "names a sharer who is " + parent.status());
            }
            boolean cycle = upline(shop, newParent, MAX_WALK).stream().anyMatch(s -> s.id().equals(id));
            if (cycle) {
                throw ApiProblem.invalid("parentId", "is the sharer or one of its descendants; the network must stay a forest");
            }
        }
        jdbc.sql("update sharer set parent_id = :parent, updated_at = :now where shop_id = :shop and id = :id")
                .param("parent", newParent == null ? null : newParent.value()).param("now", Timestamps.utc(clock.instant()))
                .param("shop", shop.value()).param("id", id.value()).update();
        jdbc.sql("""
                insert into sharer_move (shop_id, sharer_id, from_parent_id, to_parent_id, reason, moved_at)
                values (:shop, :id, :from, :to, :reason, :now)""")
                .param("shop", shop.value()).param("id", id.value())
                .param("from", sharer.parentId() == null ? null : sharer.parentId().value())
                .param("to", newParent == null ? null : newParent.value()).param("reason", reason.strip())
                .param("now", Timestamps.utc(clock.instant())).update();
        return get(shop, id);
    }

    public record Move(SharerId sharerId, SharerId fromParentId, SharerId toParentId, String reason, Instant movedAt) {
    }

    public List<Move> moves(ShopId shop, SharerId id) {
        get(shop, id);
        return jdbc.sql("select * from sharer_move where shop_id = :shop and sharer_id = :id order by id")
                .param("shop", shop.value()).param("id", id.value())
                .query((rs, n) -> new Move(new SharerId(rs.getLong("sharer_id")), optionalId(rs, "from_parent_id"),
                        optionalId(rs, "to_parent_id"), rs.getString("reason"), Timestamps.instant(rs, "moved_at")))
                .list();
    }

    public Sharer get(ShopId shop, SharerId id) {
        return find(shop, id).orElseThrow(() -> ApiProblem.notFound("sharer", id));
    }

    public Optional<Sharer> find(ShopId shop, SharerId id) {
        return jdbc.sql("select * from sharer where shop_id = :shop and id = :id")
                .param("shop", shop.value()).param("id", id.value()).query(Sharers::map).optional();
    }

    public Optional<Sharer> findByExternalUserId(ShopId shop, String externalUserId) {
        return jdbc.sql("select * from sharer where shop_id = :shop and external_user_id = :ext")
                .param("shop", shop.value()).param("ext", externalUserId).query(Sharers::map).optional();
    }

    /** Sharers of a shop, by id, keyset-paged. */
    public List<Sharer> list(ShopId shop, SharerStatus status, long afterId, int limit) {
        return list(shop, status, null, afterId, limit);
    }

    /** Sharers of a shop, optionally of one manager group only, by id, keyset-paged. */
    public List<Sharer> list(ShopId shop, SharerStatus status, Long groupId, long afterId, int limit) {
        String filter = (status == null ? "" : " and status = :status") + (groupId == null ? "" : " and group_id = :group");
        var query = jdbc.sql("select * from sharer where shop_id = :shop and id > :after" + filter
                        + " order by id fetch first :limit rows only")
                .param("shop", shop.value()).param("after", afterId).param("limit", limit);
        if (status != null) {
            query = query.param("status", status.name());
        }
        if (groupId != null) {
            query = query.param("group", groupId);
        }
        return query.query(Sharers::map).list();
    }

    /** The sharer itself, then its inviter, its inviter's inviter… at most {@code levels} rows. */
    public List<Sharer> upline(ShopId shop, SharerId id, int levels) {
        return jdbc.sql("""
                with recursive up (id, parent_id, lvl) as (
                  select id, parent_id, 0 from sharer where shop_id = :shop and id = :id
                  union all
                  select s.id, s.parent_id, up.lvl + 1 from sharer s join up on s.shop_id = :shop and s.id = up.parent_id
                  where up.lvl + 1 < :levels)
                select s.* from up join sharer s on s.shop_id = :shop and s.id = up.id order by up.lvl""")
                .param("shop", shop.value()).param("id", id.value()).param("levels", levels)
                .query(Sharers::map).list();
    }

    /**
     * A query of another module's that answers sharer ids, in one column, with its positional
     * arguments: the sharers {@link #chains} starts from besides those named, in the module's own words
     * (the sharers of the orders' share tokens, say, or of their customers' bindings).
     */
    public record SharerIdsQuery(String sql, Object... args) {
    }

    /**
     * The sharers with any of these ids or external user ids, or answered by any of {@code more},
     * each with its {@link #upline} (itself first, then its inviters, at most {@code levels} rows), in
     * one read among {@code reads}: an intake looks up every sharer its orders name or lead to, and
     * the chains its commission is paid along, with its other first reads. A sharer unknown to the
     * shop has no entry. One row per sharer asked for, its inviters joined beside it level by level
     * (each a lookup by key, {@code levels} lookups a sharer), rather than a recursion: intake asks for
     * a few levels (the commission depth) of many sharers, and PostgreSQL, which cannot tell how many
     * rows a recursion yields, joined its result to the sharers by scanning their ids from the lowest
     * asked to the highest (11–17 ms for 30 sellers among 20,000 sharers, 2.4 ms with joins). The
     * text depends only on {@code levels} and the texts of {@code more}: empty arrays match nothing.
     */
    public Reads.Answer<Map<SharerId, List<Sharer>>> chains(Reads reads, ShopId shop, Collection<SharerId> ids,
            Collection<String> externalUserIds, List<SharerIdsQuery> more, int levels) {
        List<Object> args = new ArrayList<>();
        args.addAll(Arrays.asList(byId.args(shop.value(), ids.stream().map(SharerId::value).distinct().toArray(Long[]::new))));
        args.addAll(Arrays.asList(byExternalUserId.args(shop.value(), externalUserIds.stream().distinct().toArray(String[]::new))));
        StringBuilder start = new StringBuilder("with chain_start (id) as (select s.id " + byId.from()
                + "\nunion select s.id " + byExternalUserId.from());
        for (SharerIdsQuery query : more) {
            start.append("\nunion ").append(query.sql());
            args.addAll(Arrays.asList(query.args()));
        }
        // s0 is the sharer asked for, s1 its inviter, …, each answered in columns named s0_id, s1_id, …;
        // a level beyond the tree's root is all nulls.
        List<String> aliases = IntStream.range(0, Math.max(1, levels)).mapToObj(level -> "s" + level).toList();
        StringJoiner columns = new StringJoiner(", ");
        StringBuilder joins = new StringBuilder("\nfrom chain_start join sharer s0 on s0.shop_id = ? and s0.id = chain_start.id");
        args.add(shop.value());
        for (int level = 0; level < aliases.size(); level++) {
            for (String column : COLUMNS) {
                columns.add("%s.%s %1$s_%2$s".formatted(aliases.get(level), column));
            }
            if (level > 0) {
                joins.append("\nleft join sharer %s on %1$s.shop_id = ? and %1$s.id = %s.parent_id".formatted(aliases.get(level),
                        aliases.get(level - 1)));
                args.add(shop.value());
            }
        }
        String sql = start + ")\nselect chain_start.id start_id, " + columns + joins;
        return reads.query(sql, args.toArray(), rs -> {
            Map<SharerId, List<Sharer>> chains = new HashMap<>();
            while (rs.next()) {
                List<Sharer> chain = new ArrayList<>(aliases.size());
                for (String alias : aliases) {
                    if (rs.getObject(alias + "_id") == null) {
                        break;
                    }
                    chain.add(map(rs, alias + "_"));
                }
                chains.put(new SharerId(rs.getLong("start_id")), chain);
            }
            return chains;
        });
    }

    public record Member(Sharer sharer, int depth) {
    }

    /** The sharer's descendants down to {@code maxDepth} generations (1 = direct invitees), breadth first. */
    public List<Member> subtree(ShopId shop, SharerId id, int maxDepth, int limit) {
        get(shop, id);
        return jdbc.sql("""
                with recursive down (id, lvl) as (
                  select id, 1 from sharer where shop_id = :shop and parent_id = :id
                  union all
                  select s.id, down.lvl + 1 from sharer s join down on s.shop_id = :shop and s.parent_id = down.id
                  where down.lvl < :maxDepth)
                select s.*, down.lvl from down join sharer s on s.shop_id = :shop and s.id = down.id
                order by down.lvl, s.id fetch first :limit rows only""")
                .param("shop", shop.value()).param("id", id.value()).param("maxDepth", maxDepth).param("limit", limit)
                .query((rs, n) -> new Member(map(rs, n), rs.getInt("lvl"))).list();
    }

    private String freeInviteCode(ShopId shop) {
        for (int attempt = 0; attempt < 20; attempt++) {
            StringBuilder code = new StringBuilder(8);
            for (int i = 0; i < 8; i++) {
                code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
            }
            boolean taken = jdbc.sql("select count(*) from sharer where shop_id = :shop and invite_code = :code")
                    .param("shop", shop.value()).param("code", code.toString()).query(Long.class).single() > 0;
            if (!taken) {
                return code.toString();
            }
        }
        throw new IllegalStateException("no free invite code after 20 attempts");
    }

    static Sharer map(ResultSet rs, int row) throws SQLException {
        return map(rs, "");
    }

    /** The sharer in the columns whose names begin with {@code prefix}, one of a row's several sharers ({@link #chains}). */
    private static Sharer map(ResultSet rs, String prefix) throws SQLException {
        return new Sharer(new SharerId(rs.getLong(prefix + "id")), rs.getString(prefix + "external_user_id"),
                rs.getString(prefix + "name"), rs.getString(prefix + "phone"), rs.getInt(prefix + "sharer_type"),
                SharerStatus.valueOf(rs.getString(prefix + "status")), optionalId(rs, prefix + "parent_id"),
                rs.getString(prefix + "invite_code"), rs.getString(prefix + "reject_reason"),
                Timestamps.instant(rs, prefix + "created_at"), Timestamps.instant(rs, prefix + "updated_at"),
                rs.getObject(prefix + "group_id", Long.class), rs.getObject(prefix + "template_id", Long.class));
    }

    private static SharerId optionalId(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : new SharerId(value);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
