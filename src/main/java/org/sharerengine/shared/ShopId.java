package org.sharerengine.shared;

/** The tenant every row, query and call belongs to. */
public record ShopId(@com.fasterxml.jackson.annotation.JsonValue long value) {

    /** Request attribute under which the authenticated caller's shop is kept. */
    public static final String REQUEST_ATTRIBUTE = ShopId.class.getName();

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
