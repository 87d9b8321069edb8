package org.sharerengine.network;

import java.time.Instant;
import org.sharerengine.shared.SharerId;

/**
 * One stay of a sharer in a team: the leader's stay starts when the team is formed, a member's
 * when the member joins. A stay that has been left keeps its row (history), with {@code leftAt}.
 */
public record TeamMember(TeamId teamId, SharerId sharerId, String name, Role role, Instant joinedAt, Instant leftAt) {

    public enum Role { LEADER, MEMBER }

    public boolean current() {
        return leftAt == null;
    }
}
