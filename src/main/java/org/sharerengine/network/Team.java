package org.sharerengine.network;

import java.time.Instant;
import org.sharerengine.shared.SharerId;

/**
 * A team (社群团长's 团队): a leader and the members the leader recruited into it. The leader's own
 * orders count for the team from {@code formedAt}; members keep their inviter for commission.
 *
 * @param leaderStatus the leader's status now: a leader who is not active earns no new bonus
 * @param memberCount  the members in the team now, the leader not counted
 */
public record Team(TeamId id, String name, SharerId leaderId, SharerStatus leaderStatus, Instant formedAt, Instant createdAt,
        int memberCount) {
}
