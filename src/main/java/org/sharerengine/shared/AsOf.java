package org.sharerengine.shared;

import java.time.Instant;

/**
 * The body of a request that runs a batch job ({@code {"asOf": "…"}}): every batch job takes an
 * explicit instant (DESIGN.md), and every module's run endpoint asks for it the same way.
 */
public record AsOf(Instant asOf) {

    /** The instant of the body; a 400 naming {@code asOf} when the body or the field is missing. */
    public static Instant required(AsOf body) {
        if (body == null || body.asOf() == null) {
            throw ApiProblem.invalid("asOf", "is required (ISO-8601 instant, e.g. 2026-11-01T00:00:00Z)");
        }
        return body.asOf();
    }
}
