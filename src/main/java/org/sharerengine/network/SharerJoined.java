package org.sharerengine.network;

import java.time.Instant;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;

/**
 * A sharer became active (added, auto-approved or approved). Published inside the same
 * transaction, so listeners (level points for the inviter's new recruit) commit or roll back with it.
 *
 * @param inviter the direct inviter, or null for a sharer at the root of the forest
 */
public record SharerJoined(ShopId shop, SharerId sharer, SharerId inviter, Instant at) {
}
