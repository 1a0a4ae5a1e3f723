package io.contactkit.cli.internal;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.ContactView;
import io.contactkit.domain.Identifier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * A byte buffer that a contact's NDJSON line is written into directly: exactly the bytes
 * {@link NdjsonWriter#contact(ContactView)} writes, without a JSON generator's per-token work. The fixed
 * parts of the line are constant byte runs; a text is escaped as the generator escapes it (the escapes of
 * the ASCII characters are taken from the generator itself, every other character of the Basic Multilingual
 * Plane is its UTF-8 encoding), and the encoded form of a repeated text (the attribute names and the values
 * of a file's columns, the identifier keys) is kept and copied. Anything else (a text with
 * a surrogate, a value that is no text) is written by the generator, on its own, and copied in. Not
 * thread-safe: one thread at a time.
 */
final class ContactLineBuffer extends ByteArrayOutputStream {

    /** Per ASCII character, its escape as the generator writes it inside a string, or {@code null} when written as is. */
    private static final byte[][] ESCAPES = new byte[128][];
    /** 10 to the power of the index. */
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};
    /** The two digits of each number from 0 to 99. */
    private static final byte[] PAIRS = new byte[200];
    /** Per byte of ISO-8859-1 text, whether it is written as it is: ASCII that needs no escape. */
    private static final boolean[] PLAIN = new boolean[256];

    private static final byte[] ID = ascii("{\"id\":");
    private static final byte[] IDENTIFIERS = ascii(",\"identifiers\":[");
    /** A derived id's closing quote and what follows it. */
    private static final byte[] ID_END = ascii("\",\"identifiers\":[");
    private static final byte[] KEY = ascii("{\"key\":");
    private static final byte[] VALUE = ascii(",\"value\":");
    private static final byte[] ATTRIBUTES = ascii("],\"attributes\":{");
    private static final byte[] DISPLAY_NAME = ascii("},\"displayName\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] ANONYMOUS_TRUE = ascii(",\"anonymous\":true");
    private static final byte[] ANONYMOUS_FALSE = ascii(",\"anonymous\":false");
    private static final byte[] SOURCE_RECORDS = ascii(",\"sourceRecords\":[");

    // encoded texts, direct-mapped on the text's hash (computed once per string)
    private static final int CACHE_BITS = 12;
    private static final int CACHE_MASK = (1 << CACHE_BITS) - 1;
    /** Longer texts are encoded each time: they are rarely repeated. */
    private static final int CACHE_MAX_LENGTH = 64;

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonGenerator gen = NdjsonWriter.JSON.createGenerator(ObjectWriteContext.empty(), out);
        for (char c = 0; c < 128; c++) {
            gen.writeString(String.valueOf(c));
            gen.flush();
            byte[] quoted = out.toByteArray();
            out.reset();
            byte[] inner = Arrays.copyOfRange(quoted, 1, quoted.length - 1);
            ESCAPES[c] = inner.length == 1 && inner[0] == c ? null : inner;
            PLAIN[c] = ESCAPES[c] == null;
        }
        gen.close();
    }

    private final String[] cachedTexts = new String[1 << CACHE_BITS];
    private final byte[][] cachedBytes = new byte[1 << CACHE_BITS][];
    // the generator for what is not written directly, into a buffer of its own
    private final ByteArrayOutputStream aside = new ByteArrayOutputStream(64);
    private final JsonGenerator gen = NdjsonWriter.JSON.createGenerator(ObjectWriteContext.empty(), aside);
    // a text's characters, on their way to being encoded
    private char[] chars = new char[Identifier.MAX_VALUE_LENGTH];
    private String lastPrefix;
    /** {@code {"id":} and the quoted prefix of the last derived id, without its closing quote. */
    private byte[] lastPrefixBytes;
    // per identifier key met (the engine's own key objects: one per distinct key), the bytes of an identifier up to its
    // value, {"key":"...","value":
    private final Runs keyRuns = new Runs(8, KEY, VALUE);
    // per attribute name met (a file's column names, one object each), its bytes and the colon: "firstName":
    private final Runs nameRuns = new Runs(16, new byte[0], new byte[] {':'});

    ContactLineBuffer(int size) {
        super(size);
    }

    /** Writes the line of the contact the view is at, with its newline. */
    void contact(ContactView v) {
        id(v);
        boolean anonymous = true;
        boolean first = true;
        while (v.nextIdentifier()) {
            String key = v.key();
            if (!first) {
                put((byte) ',');
            }
            first = false;
            anonymous = anonymous && Identifier.VISITOR.equals(key);
            byte[] run = keyRuns.of(key, this);
            if (run != null) {
                put(run);
            } else {
                put(KEY);
                cachedText(key);
                put(VALUE);
            }
            identifierValue(v);
            put((byte) '}');
        }
        put(ATTRIBUTES);
        first = true;
        while (v.nextAttribute()) {
            if (!first) {
                put((byte) ',');
            }
            first = false;
            String attribute = v.attributeName();
            byte[] run = nameRuns.of(attribute, this);
            if (run != null) {
                put(run);
            } else {
                cachedText(attribute);
                put((byte) ':');
            }
            AttributeValue value = v.attributeValue();
            if (value instanceof AttributeValue.Text t) {
                cachedText(t.value());
            } else {
                aside(value);
            }
        }
        put(DISPLAY_NAME);
        String name = v.displayName();
        if (name == null) {
            put(NULL);
        } else {
            cachedText(name);
        }
        put(anonymous ? ANONYMOUS_TRUE : ANONYMOUS_FALSE);
        if (v.hasSources()) {
            put(SOURCE_RECORDS);
            for (int k = 0, n = v.sourceCount(); k < n; k++) {
                if (k > 0) {
                    put((byte) ',');
                }
                number(v.source(k));
            }
            put((byte) ']');
        }
        put((byte) '}');
        put((byte) '\n');
    }

    /** The line's start up to its identifiers: the contact's id from its number when the engine numbers the ids, without building the string. */
    private void id(ContactView v) {
        String prefix = v.derivedIdPrefix();
        if (prefix == null) {
            put(ID);
            text(v.id());
            put(IDENTIFIERS);
            return;
        }
        if (prefix != lastPrefix) {
            byte[] quoted = encoded(prefix);
            byte[] run = Arrays.copyOf(ID, ID.length + quoted.length - 1);
            System.arraycopy(quoted, 0, run, ID.length, quoted.length - 1);
            lastPrefixBytes = run;
            lastPrefix = prefix;
        }
        // {"id": and the quoted prefix without its closing quote, the number, the quote and what follows
        put(lastPrefixBytes);
        number(v.position() + 1);
        put(ID_END);
    }

    /**
     * The bytes written for a few texts met (told apart by identity: the engine's key objects, a file's column names), each
     * quoted and escaped between fixed bytes, made the first time a text is met; {@code null} for a text once the table is
     * full, or a long one, which the caller writes the usual way.
     */
    private static final class Runs {
        private final String[] texts;
        private final byte[][] runs;
        private final byte[] before;
        private final byte[] after;
        private int count;

        Runs(int capacity, byte[] before, byte[] after) {
            this.texts = new String[capacity];
            this.runs = new byte[capacity][];
            this.before = before;
            this.after = after;
        }

        byte[] of(String text, ContactLineBuffer encoder) {
            for (int k = 0; k < count; k++) {
                if (texts[k] == text) {
                    return runs[k];
                }
            }
            if (count == texts.length || text.length() > CACHE_MAX_LENGTH) {
                return null;
            }
            byte[] quoted = encoder.encoded(text);
            byte[] run = new byte[before.length + quoted.length + after.length];
            System.arraycopy(before, 0, run, 0, before.length);
            System.arraycopy(quoted, 0, run, before.length, quoted.length);
            System.arraycopy(after, 0, run, before.length + quoted.length, after.length);
            runs[count] = run;
            texts[count++] = text;
            return run;
        }
    }

    /** The value of the identifier the view's cursor is at, quoted: copied as it is stored when no byte of it needs more. */
    private void identifierValue(ContactView v) {
        ensure(Identifier.MAX_VALUE_LENGTH + 2);
        byte[] b = buf;
        int start = count;
        int n = v.latin1Value(b, start + 1);
        if (n >= 0) {
            boolean plain = true;
            for (int k = start + 1, end = start + 1 + n; k < end; k++) {
                plain &= PLAIN[b[k] & 0xFF];
            }
            if (plain) {
                b[start] = '"';
                b[start + 1 + n] = '"';
                count = start + 2 + n;
                return;
            }
        }
        text(chars, v.value(chars));
    }

    /** A text, quoted, through the cache when short. */
    private void cachedText(String s) {
        if (s.length() > CACHE_MAX_LENGTH) {
            text(s);
            return;
        }
        int slot = (s.hashCode() * 0x9E3779B9 >>> (32 - CACHE_BITS)) & CACHE_MASK;
        String cached = cachedTexts[slot];
        if (cached != s && !s.equals(cached)) {
            cachedBytes[slot] = encoded(s);
            cachedTexts[slot] = s;
        }
        put(cachedBytes[slot]);
    }

    /** A text's quoted, escaped bytes, as a new array. */
    private byte[] encoded(String s) {
        int start = count;
        text(s);
        byte[] bytes = Arrays.copyOfRange(buf, start, count);
        count = start;
        return bytes;
    }

    /** A text, quoted and escaped. */
    private void text(String s) {
        int n = s.length();
        if (n > chars.length) {
            chars = new char[n];
        }
        s.getChars(0, n, chars, 0);
        text(chars, n);
    }

    /** The first {@code n} characters of {@code s}, quoted and escaped. */
    private void text(char[] s, int n) {
        ensure(6 * n + 2);
        byte[] b = buf;
        int p = count;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s[i];
            if (c < 0x80) {
                byte[] e = ESCAPES[c];
                if (e == null) {
                    b[p++] = (byte) c;
                } else {
                    System.arraycopy(e, 0, b, p, e.length);
                    p += e.length;
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                asideText(new String(s, 0, n));
                return;
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[p++] = '"';
        count = p;
    }

    private void asideText(String s) {
        gen.writeString(s);
        fromAside();
    }

    /** A value that is no text, as the generator writes it. */
    private void aside(AttributeValue value) {
        NdjsonWriter.value(gen, value);
        fromAside();
    }

    private void fromAside() {
        gen.flush();
        int n = aside.size();
        ensure(n);
        byte[] written = aside.toByteArray();
        System.arraycopy(written, 0, buf, count, n);
        count += n;
        aside.reset();
    }

    /** A record number, in decimal. */
    private void number(long value) {
        ensure(20);
        if (value < 0 || value > Integer.MAX_VALUE) {
            // never for a record number of a run that fits in memory; written as the generator would
            put(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
            return;
        }
        // int arithmetic: the client compiler divides longs through a runtime call
        int v = (int) value;
        byte[] b = buf;
        int digits = 1;
        while (digits < 10 && v >= POWERS[digits]) {
            digits++;
        }
        int p = count + digits;
        count = p;
        // two digits a division
        while (v >= 100) {
            int q = v / 100;
            int r = (v - q * 100) << 1;
            b[--p] = PAIRS[r + 1];
            b[--p] = PAIRS[r];
            v = q;
        }
        if (v >= 10) {
            b[--p] = PAIRS[(v << 1) + 1];
            b[--p] = PAIRS[v << 1];
        } else {
            b[--p] = (byte) ('0' + v);
        }
    }

    private void put(byte[] bytes) {
        int n = bytes.length;
        ensure(n);
        System.arraycopy(bytes, 0, buf, count, n);
        count += n;
    }

    private void put(byte b) {
        ensure(1);
        buf[count++] = b;
    }

    /** Room for {@code more} bytes: small enough for the client compiler to inline, the growing apart. */
    private void ensure(int more) {
        if (buf.length - count < more) {
            grow(more);
        }
    }

    private void grow(int more) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
