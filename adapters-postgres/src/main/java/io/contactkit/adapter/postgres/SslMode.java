package io.contactkit.adapter.postgres;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Whether and how the connections to PostgreSQL use TLS: libpq's {@code sslmode} values, by the same names, as a
 * {@code postgresql://...?sslmode=verify-full} URL gives them ({@code allow}, which tries TLS only after a plain
 * connection failed, is not offered).
 */
public enum SslMode {
    /** Plain connections only. */
    DISABLE("disable"),
    /** TLS when the server offers it, else a plain connection; the server's certificate is not checked (libpq's default). */
    PREFER("prefer"),
    /**
     * TLS or no connection; the server's certificate is not checked, unless a root certificate is given, which then
     * must have signed it (as libpq does).
     */
    REQUIRE("require"),
    /** TLS, with a server certificate signed by the given root certificate (or one Java trusts). */
    VERIFY_CA("verify-ca"),
    /** As {@link #VERIFY_CA}, and the certificate must name the host connected to. */
    VERIFY_FULL("verify-full");

    private final String value;

    SslMode(String value) {
        this.value = value;
    }

    /** {@return the value as libpq writes it: {@code verify-full}, ...} */
    public String value() {
        return value;
    }

    /**
     * The mode a {@code sslmode} value names.
     *
     * @param value {@code disable}, {@code prefer}, {@code require}, {@code verify-ca} or {@code verify-full}, in any case
     * @return the mode
     * @throws IllegalArgumentException for any other value, naming those
     */
    public static SslMode of(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("allow")) {
            throw new IllegalArgumentException("sslmode=allow is not offered: give prefer (TLS where the server offers it), or disable");
        }
        for (SslMode m : values()) {
            if (m.value.equals(v)) {
                return m;
            }
        }
        throw new IllegalArgumentException("sslmode must be one of " + Arrays.stream(values()).map(SslMode::value).collect(Collectors.joining(", "))
                + ", got '" + (value == null ? "" : value.strip()) + "'");
    }
}
