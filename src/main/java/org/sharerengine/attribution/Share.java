package org.sharerengine.attribution;

import java.time.Instant;
import org.sharerengine.shared.SharerId;

/** A link, poster or mini-program path carrying a token: who shared what, and which share it was re-shared from. */
public record Share(String token, SharerId sharerId, TargetType targetType, String targetId, String parentToken,
        Instant createdAt) {

    public enum TargetType { SHOP, PRODUCT, LIVE_ROOM, SHORT_VIDEO }
}
