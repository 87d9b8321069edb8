package org.sharerengine.network;

public record TeamId(@com.fasterxml.jackson.annotation.JsonValue long value) {

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
