package io.contactkit.ports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A credential (API key, signing secret). Its text is only reachable through {@link #reveal()};
 * {@code toString()} never shows it, so it cannot leak into logs or messages by accident.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * The credential with this text.
     *
     * @param value the credential, e.g. {@code System.getenv("BIRD_ACCESS_KEY")}
     * @return the secret
     * @throws IllegalArgumentException when null (typically an unset environment variable) or blank;
     *         the message never contains the value
     */
    public static Secret of(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a secret is missing (null): when it comes from an environment variable"
                    + " or a property, that variable is probably not set");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException("a secret must not be blank");
        }
        return new Secret(value);
    }

    /**
     * The credential itself: use it only to authenticate a request, never to print.
     *
     * @return the credential's text
     */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && MessageDigest.isEqual(
                s.value.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0x5ec7e7;
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
