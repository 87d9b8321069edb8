package org.sharerengine.attribution;

import java.time.Instant;
import org.sharerengine.shared.SharerId;

/** A customer locked to a sharer (锁客) until {@code expiresAt}; {@code null} means permanent. */
public record Binding(String customerId, SharerId sharerId, String shareToken, Instant boundAt, Instant expiresAt) {

    public boolean validAt(Instant instant) {
        return !boundAt.isAfter(instant) && (expiresAt == null || expiresAt.isAfter(instant));
    }
}
