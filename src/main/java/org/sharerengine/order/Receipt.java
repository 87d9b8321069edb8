package org.sharerengine.order;

/** The result of an idempotent write: {@code replayed} when the same request had been received before. */
public record Receipt<T>(T body, boolean replayed) {
}
