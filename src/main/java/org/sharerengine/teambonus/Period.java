package org.sharerengine.teambonus;

import java.time.Instant;

/** A bonus period [start, end): orders paid at or after start and before end belong to it. */
public record Period(Instant start, Instant end) {
}
