package io.contactkit.adapter.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds a query string, encoding names and values as UTF-8 (RFC 3986 unreserved characters stay
 * literal). A value with a lone surrogate is refused, never sent with a replacement character.
 */
public final class QueryString {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private final List<String> parts = new ArrayList<>();

    /**
     * Adds {@code name=value}, both encoded.
     *
     * @param name the parameter's name
     * @param value its value, as {@code toString()} writes it; {@code null} adds nothing
     * @return this query string
     */
    public QueryString add(String name, @Nullable Object value) {
        if (value != null) {
            parts.add(encode(name) + "=" + encode(value.toString()));
        }
        return this;
    }

    /** {@code ""} when empty, else {@code ?a=1&b=2}. */
    @Override
    public String toString() {
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    static String encode(String s) {
        if (!PathSegments.isWellFormed(s)) {
            throw new IllegalArgumentException("a query parameter must be well-formed Unicode text (it has a lone surrogate)");
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
