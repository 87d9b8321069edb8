package org.sharerengine.shop;

import java.time.Instant;
import org.sharerengine.shared.ShopId;

public record Shop(ShopId id, String name, ProgrammeSettings settings, Instant createdAt) {
}
