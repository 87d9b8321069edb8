package org.sharerengine.network;

import java.time.Instant;
import org.sharerengine.shared.SharerId;

/**
 * A sharer (分享员). {@code type} follows WeChat Channels: 0 ordinary sharer (普通分享员), 1 shop
 * sharer (店铺分享员). The parent is the inviter (上级). A sharer belongs to at most one manager
 * group and carries at most one commission template (without one, the shop's default rates apply).
 */
public record Sharer(
        SharerId id,
        String externalUserId,
        String name,
        String phone,
        int type,
        SharerStatus status,
        SharerId parentId,
        String inviteCode,
        String rejectReason,
        Instant createdAt,
        Instant updatedAt,
        Long groupId,
        Long templateId) {
}
