package io.contactkit.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque page tokens and cursors: a kind letter and a position, base64url-encoded. */
public final class Tokens {

    private Tokens() {
    }

    public static String encode(char kind, long position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + ":" + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position in a token of this kind, or {@code -1} when the token is not one. */
    public static long decode(char kind, String token) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (s.length() < 3 || s.charAt(0) != kind || s.charAt(1) != ':') {
                return -1;
            }
            long position = Long.parseLong(s.substring(2));
            return position < 0 ? -1 : position;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
