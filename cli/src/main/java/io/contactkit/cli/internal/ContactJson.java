package io.contactkit.cli.internal;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A byte buffer that takes a contact's NDJSON line straight from the contact, byte for byte as
 * {@link NdjsonWriter#contact} writes it, for the common shape: text attributes, and text without
 * control characters or surrogates (UTF-8, {@code "} and {@code \} escaped with a backslash). For
 * anything else {@link #contact} writes nothing and says so, and the caller has the writer write
 * that contact into this same buffer. Not thread-safe.
 */
final class ContactJson extends ByteArrayOutputStream {

    private static final byte[] ID = ascii("{\"id\":");
    private static final byte[] IDENTIFIERS = ascii(",\"identifiers\":[");
    private static final byte[] FIRST_KEY = ascii("{\"key\":");
    private static final byte[] NEXT_KEY = ascii(",{\"key\":");
    private static final byte[] VALUE = ascii(",\"value\":");
    private static final byte[] ATTRIBUTES = ascii("],\"attributes\":{");
    private static final byte[] DISPLAY_NAME = ascii("},\"displayName\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] ANONYMOUS = ascii(",\"anonymous\":true");
    private static final byte[] NAMED = ascii(",\"anonymous\":false");
    private static final byte[] SOURCE_RECORDS = ascii(",\"sourceRecords\":[");
    private static final byte[] END = ascii("}\n");

    ContactJson(int size) {
        super(size);
    }

    /**
     * Appends the contact's line, or nothing when the contact needs the general writer.
     *
     * @param sourceRecords the record numbers, or null for none
     * @return whether the line was written
     */
    boolean contact(Contact c, long[] sourceRecords) {
        int start = count;
        if (line(c, sourceRecords)) {
            return true;
        }
        count = start;
        return false;
    }

    private boolean line(Contact c, long[] sourceRecords) {
        raw(ID);
        if (!string(c.id())) {
            return false;
        }
        raw(IDENTIFIERS);
        boolean anonymous = true;
        boolean first = true;
        for (Identifier i : c.identifiers()) {
            anonymous &= i.isVisitor();
            raw(first ? FIRST_KEY : NEXT_KEY);
            first = false;
            if (!string(i.key())) {
                return false;
            }
            raw(VALUE);
            if (!string(i.value())) {
                return false;
            }
            room(1);
            buf[count++] = '}';
        }
        raw(ATTRIBUTES);
        first = true;
        for (Map.Entry<String, AttributeValue> e : c.attributes().entrySet()) {
            if (!(e.getValue() instanceof AttributeValue.Text text)) {
                return false;
            }
            if (!first) {
                room(1);
                buf[count++] = ',';
            }
            first = false;
            if (!string(e.getKey())) {
                return false;
            }
            room(1);
            buf[count++] = ':';
            if (!string(text.value())) {
                return false;
            }
        }
        raw(DISPLAY_NAME);
        String name = c.displayName().orElse(null);
        if (name == null) {
            raw(NULL);
        } else if (!string(name)) {
            return false;
        }
        raw(anonymous ? ANONYMOUS : NAMED);
        if (sourceRecords != null) {
            raw(SOURCE_RECORDS);
            for (int k = 0; k < sourceRecords.length; k++) {
                if (k > 0) {
                    room(1);
                    buf[count++] = ',';
                }
                number(sourceRecords[k]);
            }
            room(1);
            buf[count++] = ']';
        }
        raw(END);
        return true;
    }

    /** A quoted string; false at a control character or a surrogate, which only the general writer writes. */
    private boolean string(String s) {
        int n = s.length();
        room(2 + 3 * n);   // at most three bytes a character here
        byte[] b = buf;
        int p = count;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                if (ch < 0x20) {
                    return false;
                }
                if (ch == '"' || ch == '\\') {
                    b[p++] = '\\';
                }
                b[p++] = (byte) ch;
            } else if (ch < 0x800) {
                b[p++] = (byte) (0xC0 | (ch >> 6));
                b[p++] = (byte) (0x80 | (ch & 0x3F));
            } else if (Character.isSurrogate(ch)) {
                return false;
            } else {
                b[p++] = (byte) (0xE0 | (ch >> 12));
                b[p++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (ch & 0x3F));
            }
        }
        b[p++] = '"';
        count = p;
        return true;
    }

    /** A whole number in decimal, as {@link Long#toString(long)} writes it. */
    private void number(long v) {
        if (v < 0 || v > Integer.MAX_VALUE) {
            raw(ascii(Long.toString(v)));
            return;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        room(digits);
        int p = count + digits;
        count = p;
        long t = v;
        do {
            buf[--p] = (byte) ('0' + (int) (t % 10));
            t /= 10;
        } while (t != 0);
    }

    private void raw(byte[] bytes) {
        room(bytes.length);
        System.arraycopy(bytes, 0, buf, count, bytes.length);
        count += bytes.length;
    }

    private void room(int more) {
        int need = count + more;
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
