package io.contactkit.reliability.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a request target as a server sees it, strictly: the raw path split at every {@code /} and each
 * segment percent-decoded as UTF-8 ({@code +} stays a plus: this is a path, not a form), and the
 * query's names and values decoded the same way. A malformed escape or invalid UTF-8 is an error,
 * never guessed around, so a test comparing decoded segments with the intended ones sees every change.
 */
public final class RawPath {

    private RawPath() {
    }

    /** The path part of a request target (everything before {@code ?}). */
    public static String path(String target) {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The query part of a request target, without {@code ?}; empty when none. */
    public static String query(String target) {
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }

    /** {@code /a/b%2Fc} → {@code [a, b/c]}; {@code /} alone → {@code [""]}. */
    public static List<String> segments(String target) {
        String path = path(target);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("not an origin-form path: " + path);
        }
        List<String> out = new ArrayList<>();
        for (String raw : path.substring(1).split("/", -1)) {
            out.add(decode(raw));
        }
        return out;
    }

    /** Each query parameter in order, names and values decoded. */
    public static Map<String, List<String>> parameters(String target) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String q = query(target);
        if (q.isEmpty()) {
            return out;
        }
        for (String pair : q.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    /** Percent-decodes one component as UTF-8. */
    public static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated escape in " + raw);
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape in " + raw);
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0x7e || c < 0x21) {
                throw new IllegalArgumentException("unencoded character " + (int) c + " in " + raw);
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8: " + raw);
        }
    }
}
