package org.sharerengine.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHashTests {

    private final PasswordHash passwords = new PasswordHash(1_000);

    @Test
    void acceptsTheRightPasswordOnlyAndSaltsEveryHash() {
        String stored = passwords.hash("s3cret-password");

        assertThat(stored).startsWith("pbkdf2-sha256$1000$").doesNotContain("s3cret");
        assertThat(passwords.matches("s3cret-password", stored)).isTrue();
        assertThat(passwords.matches("s3cret-passwore", stored)).isFalse();
        assertThat(passwords.matches("", stored)).isFalse();
        assertThat(passwords.hash("s3cret-password")).as("a fresh salt each time").isNotEqualTo(stored);
    }

    @Test
    void checksAStoredHashWithTheIterationsItWasMadeWith() {
        String old = new PasswordHash(2_000).hash("s3cret-password");

        assertThat(passwords.matches("s3cret-password", old)).as("raising the iteration count keeps old passwords").isTrue();
        assertThat(passwords.matches("s3cret-password", "plain:s3cret-password")).isFalse();
    }

    @Test
    void refusesAWeakIterationCount() {
        assertThatThrownBy(() -> new PasswordHash(999)).isInstanceOf(IllegalArgumentException.class);
    }
}
