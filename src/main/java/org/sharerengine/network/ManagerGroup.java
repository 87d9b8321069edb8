package org.sharerengine.network;

import java.time.Instant;
import java.util.List;

/**
 * A manager group (导购管理员): the sharers one manager adds and sees, the console users who
 * manage them, and the commission templates the owner lets them choose from.
 */
public record ManagerGroup(long id, String name, List<String> managerUsernames, List<Long> templateIds, Instant createdAt) {
}
