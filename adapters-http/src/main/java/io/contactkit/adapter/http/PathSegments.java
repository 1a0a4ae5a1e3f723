package io.contactkit.adapter.http;

import java.nio.charset.StandardCharsets;

/**
 * Encodes one URL path segment. Unreserved characters (RFC 3986: letters, digits, {@code - . _ ~})
 * and {@code @} and {@code +} stay literal — Bird does not decode its identifier segments, so an
 * e-mail address must arrive with a literal {@code @} and a phone number with a literal {@code +}.
 * Everything else is percent-encoded as UTF-8, including {@code /}, {@code ?}, {@code #}, {@code %},
 * {@code ;} (which some servers treat as a parameter separator), space, controls and non-ASCII.
 * The dot segments {@code .} and {@code ..} are encoded too, so no value can change the path.
 * Text that is not well-formed UTF-16 (a lone surrogate) is refused rather than sent with a
 * replacement character: a different value must never reach the server.
 *
 * <p>{@link java.net.URLEncoder} is wrong here: it is form encoding (space as {@code +}, {@code @} encoded).
 */
public final class PathSegments {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegments() {
    }

    /**
     * One path segment, percent-encoded (RFC 3986): a {@code /} or {@code ?} in it cannot change the path.
     *
     * @param segment the raw segment
     * @return the encoded segment
     */
    public static String encode(String segment) {
        if (segment.isEmpty()) {
            throw new IllegalArgumentException("a path segment must not be empty");
        }
        if (!isWellFormed(segment)) {
            throw new IllegalArgumentException("a path segment must be well-formed Unicode text (it has a lone surrogate)");
        }
        if (segment.equals(".") || segment.equals("..")) {
            return segment.replace(".", "%2E");
        }
        byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (isLiteral(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * True when every surrogate of the text belongs to a pair, so that UTF-8 encodes it exactly;
     * {@link String#getBytes} would silently turn a lone surrogate into {@code ?}.
     *
     * @param text the text
     * @return true when it has no lone surrogate
     */
    public static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLiteral(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '@' || c == '+';
    }

    /**
     * {@code /a/b/c} from raw segments, each encoded.
     *
     * @param segments the raw segments
     * @return the encoded path
     */
    public static String path(String... segments) {
        StringBuilder out = new StringBuilder();
        for (String s : segments) {
            out.append('/').append(encode(s));
        }
        return out.toString();
    }
}
