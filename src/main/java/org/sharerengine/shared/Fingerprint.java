package org.sharerengine.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a request's canonical text: an idempotent replay must carry the same payload,
 * and the same key with another payload is a conflict.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    public static String of(Object canonical) {
        return sha256(String.valueOf(canonical));
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
