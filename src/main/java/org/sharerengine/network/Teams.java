package org.sharerengine.network;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.Actor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Teams (社群团长, SPEC §8): the owner makes an active sharer a team leader; members are added to
 * the leader's team and may leave it. A sharer is in at most one team at a time, and every stay
 * is kept with its joined and left times, so a team's sales can be counted by who was in it when.
 */
@Service
public class Teams {

    private static final String TEAM_COLUMNS = """
            t.*, (select s.status from sharer s where s.shop_id = t.shop_id and s.id = t.leader_id) leader_status,
            (select count(*) from team_member m where m.shop_id = t.shop_id and m.team_id = t.id
              and m.role = 'MEMBER' and m.left_at is null) member_count""";

    private final JdbcClient jdbc;
    private final SharerScope scope;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Teams(JdbcClient jdbc, SharerScope scope, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.scope = scope;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Makes an active sharer a team leader. {@code at} (default now, never in the future) is when
     * the team is formed: the leader's own orders count for the team from then on.
     */
    @Transactional
    public Team form(ShopId shop, Long leaderId, String name, Instant at) {
        if (leaderId == null) {
            throw ApiProblem.invalid("leaderId", "is required");
        }
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            throw ApiProblem.invalid("name", "must be 1 to 100 characters");
        }
        Sharer leader = lockSharer(shop, new SharerId(leaderId), "leaderId");
        Instant formedAt = startOfStay(shop, leader, at);
        if (jdbc.sql("select count(*) from team where shop_id = :shop and name = :name")
                .param("shop", shop.value()).param("name", name.strip()).query(Long.class).single() > 0) {
            throw ApiProblem.conflict("team_name_taken", "This shop already has a team named '" + name.strip() + "'.");
        }
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into team (shop_id, leader_id, name, formed_at, created_at)
                values (:shop, :leader, :name, :formedAt, :now)""")
                .param("shop", shop.value()).param("leader", leaderId).param("name", name.strip())
                .param("formedAt", Timestamps.utc(formedAt)).param("now", Timestamps.utc(clock.instant()))
                .update(key, "id");
        TeamId team = new TeamId(key.getKey().longValue());
        insertStay(shop, team, leader.id(), TeamMember.Role.LEADER, formedAt);
        return get(shop, team);
    }

    public record Joined(TeamMember member, boolean replayed) {
    }

    /**
     * Adds an active sharer to a team as of {@code at} (default now): its orders count for the
     * team from then on. Adding a current member again is a replay; a member of another team must
     * leave that team first. The member's inviter, and so its commission, is left as it is.
     */
    @Transactional
    public Joined addMember(ShopId shop, TeamId teamId, Long sharerId, Instant at) {
        Team team = get(shop, teamId);
        if (sharerId == null) {
            throw ApiProblem.invalid("sharerId", "is required");
        }
        Sharer sharer = lockSharer(shop, new SharerId(sharerId), "sharerId", team);
        if (sharer == null) {
            return new Joined(currentStay(shop, new SharerId(sharerId)).orElseThrow(), true);
        }
        Instant joinedAt = startOfStay(shop, sharer, at);
        Timestamps.notBefore("at", joinedAt, "team's formation", team.formedAt());
        insertStay(shop, teamId, sharer.id(), TeamMember.Role.MEMBER, joinedAt);
        events.publishEvent(new TeamMemberJoined(shop, team.leaderId(), sharer.id(), joinedAt));
        return new Joined(currentStay(shop, sharer.id()).orElseThrow(), false);
    }

    /**
     * A member leaves the team as of {@code at} (default now); its orders paid from then on no
     * longer count. The row stays as history. Removing a member who has already left returns that
     * last stay again. A leader cannot leave the team it leads.
     */
    @Transactional
    public TeamMember removeMember(ShopId shop, TeamId teamId, SharerId sharerId, Instant at) {
        get(shop, teamId);
        Optional<TeamMember> stay = currentStay(shop, sharerId).filter(m -> m.teamId().equals(teamId));
        if (stay.isEmpty()) {
            return lastStayIn(shop, teamId, sharerId).orElseThrow(() -> ApiProblem.notFound("team_member", sharerId));
        }
        if (stay.get().role() == TeamMember.Role.LEADER) {
            throw ApiProblem.conflict("leader_cannot_leave", "Sharer " + sharerId + " leads team " + teamId
                    + " and cannot leave it.");
        }
        Instant leftAt = at == null ? Timestamps.stored(clock.instant()) : Timestamps.notInFuture("at", at, clock);
        Timestamps.notBefore("at", leftAt, "member's joining", stay.get().joinedAt());
        jdbc.sql("""
                update team_member set left_at = :at, open_sharer_id = null
                where shop_id = :shop and team_id = :team and sharer_id = :sharer and left_at is null""")
                .param("at", Timestamps.utc(leftAt)).param("shop", shop.value()).param("team", teamId.value())
                .param("sharer", sharerId.value()).update();
        return lastStayIn(shop, teamId, sharerId).orElseThrow();
    }

    /** A team visible to the actor: a manager sees only the teams led by a sharer of its group. */
    public Team get(Actor actor, TeamId id) {
        Team team = get(actor.shop(), id);
        scope.require(actor, team.leaderId(), "team", id);
        return team;
    }

    public Team get(ShopId shop, TeamId id) {
        return jdbc.sql("select " + TEAM_COLUMNS + " from team t where t.shop_id = :shop and t.id = :id")
                .param("shop", shop.value()).param("id", id.value()).query(Teams::map).optional()
                .orElseThrow(() -> ApiProblem.notFound("team", id));
    }

    /** The teams the actor may see, by id, keyset-paged; a manager's are those led by a sharer of its group. */
    public List<Team> list(Actor actor, long afterId, int limit) {
        String scope = actor.isOwner() ? ""
                : " and exists (select 1 from sharer s where s.shop_id = t.shop_id and s.id = t.leader_id and s.group_id = :group)";
        var query = jdbc.sql("select " + TEAM_COLUMNS + " from team t where t.shop_id = :shop and t.id > :after" + scope
                        + " order by t.id fetch first :limit rows only")
                .param("shop", actor.shop().value()).param("after", afterId).param("limit", limit);
        if (!actor.isOwner()) {
            query = query.param("group", actor.managerGroupId());
        }
        return query.query(Teams::map).list();
    }

    /** Every team of the shop (for the team bonus run, which computes all of them at once). */
    public List<Team> all(ShopId shop) {
        return jdbc.sql("select " + TEAM_COLUMNS + " from team t where t.shop_id = :shop order by t.id")
                .param("shop", shop.value()).query(Teams::map).list();
    }

    /** The team's stays, leader first: the current ones, or with {@code history} also those that were left. */
    public List<TeamMember> members(ShopId shop, TeamId id, boolean history) {
        get(shop, id);
        return jdbc.sql("""
                select m.*, s.name from team_member m join sharer s on s.shop_id = m.shop_id and s.id = m.sharer_id
                where m.shop_id = :shop and m.team_id = :team""" + (history ? "" : " and m.left_at is null")
                + " order by case when m.role = 'LEADER' then 0 else 1 end, m.joined_at, m.id")
                .param("shop", shop.value()).param("team", id.value()).query(Teams::mapMember).list();
    }

    /** The team the sharer is in now, as leader or member. */
    public Optional<TeamMember> currentStay(ShopId shop, SharerId sharer) {
        return jdbc.sql("""
                select m.*, s.name from team_member m join sharer s on s.shop_id = m.shop_id and s.id = m.sharer_id
                where m.shop_id = :shop and m.open_sharer_id = :sharer""")
                .param("shop", shop.value()).param("sharer", sharer.value()).query(Teams::mapMember).optional();
    }

    private Optional<TeamMember> lastStayIn(ShopId shop, TeamId team, SharerId sharer) {
        return jdbc.sql("""
                select m.*, s.name from team_member m join sharer s on s.shop_id = m.shop_id and s.id = m.sharer_id
                where m.shop_id = :shop and m.team_id = :team and m.sharer_id = :sharer
                order by m.joined_at desc, m.id desc fetch first 1 rows only""")
                .param("shop", shop.value()).param("team", team.value()).param("sharer", sharer.value())
                .query(Teams::mapMember).optional();
    }

    private Sharer lockSharer(ShopId shop, SharerId id, String field) {
        return lockSharer(shop, id, field, null);
    }

    /**
     * Locks the sharer row, so that changes to one sharer's stays happen one at a time, and
     * checks that the sharer may start a stay. Returns null when the sharer is already in
     * {@code replayTeam} (adding it again is a replay).
     */
    private Sharer lockSharer(ShopId shop, SharerId id, String field, Team replayTeam) {
        Sharer sharer = jdbc.sql("select * from sharer where shop_id = :shop and id = :id for update")
                .param("shop", shop.value()).param("id", id.value()).query(Sharers::map).optional()
                .orElseThrow(() -> ApiProblem.invalid(field, "names no sharer of this shop"));
        Optional<TeamMember> stay = currentStay(shop, id);
        if (stay.isPresent()) {
            if (replayTeam != null && stay.get().teamId().equals(replayTeam.id())) {
                return null;
            }
            throw ApiProblem.conflict("already_in_team", "Sharer " + id + " is already in team " + stay.get().teamId()
                    + (stay.get().role() == TeamMember.Role.LEADER ? " as its leader" : "") + "; a sharer is in one team at a time.");
        }
        if (sharer.status() != SharerStatus.ACTIVE) {
            throw ApiProblem.conflict("sharer_not_active", "Sharer " + id + " is " + sharer.status()
                    + "; only an active sharer can lead or join a team.");
        }
        return sharer;
    }

    /** When a stay may start: at (default now), not in the future, and not before the sharer left its last team. */
    private Instant startOfStay(ShopId shop, Sharer sharer, Instant at) {
        Instant start = at == null ? Timestamps.stored(clock.instant()) : Timestamps.notInFuture("at", at, clock);
        Instant lastLeft = jdbc.sql("select max(left_at) last_left from team_member where shop_id = :shop and sharer_id = :sharer")
                .param("shop", shop.value()).param("sharer", sharer.id().value())
                .query((rs, n) -> Timestamps.instant(rs, "last_left")).list().getFirst();
        return lastLeft == null ? start : Timestamps.notBefore("at", start, "time the sharer left its last team", lastLeft);
    }

    private void insertStay(ShopId shop, TeamId team, SharerId sharer, TeamMember.Role role, Instant at) {
        jdbc.sql("""
                insert into team_member (shop_id, team_id, sharer_id, role, joined_at, open_sharer_id)
                values (:shop, :team, :sharer, :role, :at, :sharer)""")
                .param("shop", shop.value()).param("team", team.value()).param("sharer", sharer.value())
                .param("role", role.name()).param("at", Timestamps.utc(at)).update();
    }

    private static Team map(ResultSet rs, int row) throws SQLException {
        return new Team(new TeamId(rs.getLong("id")), rs.getString("name"), new SharerId(rs.getLong("leader_id")),
                SharerStatus.valueOf(rs.getString("leader_status")), Timestamps.instant(rs, "formed_at"),
                Timestamps.instant(rs, "created_at"), rs.getInt("member_count"));
    }

    private static TeamMember mapMember(ResultSet rs, int row) throws SQLException {
        return new TeamMember(new TeamId(rs.getLong("team_id")), new SharerId(rs.getLong("sharer_id")), rs.getString("name"),
                TeamMember.Role.valueOf(rs.getString("role")), Timestamps.instant(rs, "joined_at"),
                Timestamps.instant(rs, "left_at"));
    }
}
