package org.sharerengine.network;

import java.time.Instant;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;

/** A sharer joined a team leader's team (SPEC §8); published inside the same transaction. */
public record TeamMemberJoined(ShopId shop, SharerId leader, SharerId member, Instant at) {
}
