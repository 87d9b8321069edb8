package org.sharerengine.leveling;

import java.time.Instant;

/** A message for a sharer, e.g. 恭喜升级为高级分享员 after an upgrade. */
public record SharerNotification(long id, long sharerId, String kind, String message, Long historyId, Instant createdAt) {
}
