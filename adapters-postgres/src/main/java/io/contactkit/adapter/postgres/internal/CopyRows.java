package io.contactkit.adapter.postgres.internal;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Rows in the text format of PostgreSQL's {@code COPY ... FROM STDIN}, encoded straight to UTF-8
 * bytes: columns separated by a tab, rows ended by a newline, {@code \N} for null, and a backslash,
 * tab, newline or carriage return inside a value escaped with a backslash.
 *
 * <p>Or, made by {@link #binary}, rows in the binary format of {@code COPY ... FROM STDIN (FORMAT binary)}:
 * each row begun with {@link #row(int)} (its number of fields), each field its length and its bytes
 * (text as UTF-8, unescaped; {@link #number} a {@code bigint}), the stream begun with {@link #header()}
 * and ended with {@link #trailer()}. The server then neither scans the text for escapes nor parses
 * numbers, and the writer escapes nothing.
 */
public final class CopyRows {

    /** 2000-01-01T00:00:00Z, the origin of the binary format's time stamps, in seconds since 1970. */
    private static final long POSTGRES_EPOCH = 946_684_800L;
    /** The binary format's signature, flags (none) and header extension length (none). */
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private byte[] bytes;
    private int size;
    private int rows;
    private boolean first = true;
    private final boolean binary;
    /** In the binary format: where the length of the field being written goes, or -1 when none is open. */
    private int open = -1;
    /** The chars of the text being written, copied out of its String (grown to the longest text written so far). */
    private char[] chars = new char[0];

    public CopyRows(int capacity) {
        this(capacity, false);
    }

    private CopyRows(int capacity, boolean binary) {
        bytes = new byte[Math.max(64, capacity)];
        this.binary = binary;
    }

    /** Empty rows in the binary format of {@code COPY}. */
    public static CopyRows binary(int capacity) {
        return new CopyRows(capacity, true);
    }

    /** The binary format's header, which begins the data of one {@code COPY} statement. */
    public CopyRows header() {
        checkBinary();
        ensure(HEADER.length);
        System.arraycopy(HEADER, 0, bytes, size, HEADER.length);
        size += HEADER.length;
        return this;
    }

    /** The binary format's trailer, which ends the data of one {@code COPY} statement. */
    public CopyRows trailer() {
        checkBinary();
        close();
        ensure(2);
        bytes[size++] = (byte) 0xFF;
        bytes[size++] = (byte) 0xFF;
        return this;
    }

    /** Begins a row of this many fields: in the binary format its field count; in the text format nothing. */
    public CopyRows row(int fields) {
        if (binary) {
            close();
            ensure(2);
            bytes[size++] = (byte) (fields >> 8);
            bytes[size++] = (byte) fields;
        }
        return this;
    }

    private void checkBinary() {
        if (!binary) {
            throw new IllegalStateException("not rows in the binary format");
        }
    }

    /** Empty rows written into this array (grown, as any, when a row does not fit). */
    public CopyRows(byte[] buffer) {
        this(buffer, false);
    }

    /** Empty rows written into this array, in the binary format when asked. */
    public CopyRows(byte[] buffer, boolean binary) {
        bytes = buffer;
        this.binary = binary;
    }

    /** A column holding this text, or null. */
    public CopyRows text(String value) {
        separate();
        if (value == null) {
            if (binary) {
                putInt(open, -1);
                open = -1;
                return this;
            }
            ensure(2);
            bytes[size++] = '\\';
            bytes[size++] = 'N';
            return this;
        }
        int n = value.length();
        // room for the worst case (an escape or three UTF-8 bytes per char), so the loop checks nothing
        ensure(3 * n);
        byte[] b = bytes;
        int at = size;
        boolean escape = !binary;
        // the chars copied out at once and read from an array: String.charAt checks the string's coder and the index on
        // every char (the client compiler the launcher runs with does not take those checks out of the loop)
        if (chars.length < n) {
            chars = new char[Math.max(n, 2 * chars.length)];
        }
        char[] c = chars;
        value.getChars(0, n, c, 0);
        for (int i = 0; i < n; i++) {
            char ch = c[i];
            if (ch < 0x80) {
                at = escape ? ascii(b, at, ch) : put(b, at, (byte) ch);
            } else if (ch < 0x800) {
                b[at++] = (byte) (0xC0 | (ch >> 6));
                b[at++] = (byte) (0x80 | (ch & 0x3F));
            } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(c[i + 1])) {
                int cp = Character.toCodePoint(ch, c[++i]);
                b[at++] = (byte) (0xF0 | (cp >> 18));
                b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                // a lone surrogate cannot be encoded: the replacement character, as String.getBytes writes it
                char r = Character.isSurrogate(ch) ? '\uFFFD' : ch;
                b[at++] = (byte) (0xE0 | (r >> 12));
                b[at++] = (byte) (0x80 | ((r >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (r & 0x3F));
            }
        }
        size = at;
        return this;
    }

    /** A column holding text already encoded in UTF-8. */
    public CopyRows utf8(byte[] encoded, int from, int length) {
        separate();
        utf8Part(encoded, from, length);
        return this;
    }

    private void utf8Part(byte[] encoded, int from, int length) {
        if (binary) {
            ensure(length);
            System.arraycopy(encoded, from, bytes, size, length);
            size += length;
            return;
        }
        ensure(2 * length);
        byte[] b = bytes;
        int at = size;
        for (int i = from; i < from + length; i++) {
            byte c = encoded[i];
            at = c < 0 ? put(b, at, c) : ascii(b, at, c);
        }
        size = at;
    }

    private static int put(byte[] b, int at, byte c) {
        b[at] = c;
        return at + 1;
    }

    /** Writes an ASCII character, escaped as {@code COPY} needs; returns the next position. */
    private static int ascii(byte[] b, int at, int ch) {
        switch (ch) {
            case '\\' -> {
                b[at++] = '\\';
                b[at++] = '\\';
            }
            case '\t' -> {
                b[at++] = '\\';
                b[at++] = 't';
            }
            case '\n' -> {
                b[at++] = '\\';
                b[at++] = 'n';
            }
            case '\r' -> {
                b[at++] = '\\';
                b[at++] = 'r';
            }
            default -> b[at++] = (byte) ch;
        }
        return at;
    }

    /**
     * A column whose UTF-8 text the caller writes to the stream returned, before the next column
     * (a JSON document, for instance). The stream escapes what {@code COPY} needs escaped; closing
     * it does nothing.
     */
    public OutputStream column() {
        separate();
        return column;
    }

    private final OutputStream column = new OutputStream() {
        @Override
        public void write(int b) {
            ensure(2);
            size = b < 0x80 && b >= 0 && !binary ? ascii(bytes, size, b) : put(bytes, size, (byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            utf8Part(b, off, len);
        }
    };

    /**
     * A {@code timestamptz} column holding this instant, in the binary format only: microseconds since 2000-01-01 UTC
     * (a finer instant rounded to the nearest microsecond, as the server rounds the text).
     */
    public CopyRows timestamp(Instant t) {
        checkBinary();
        long nanos = t.getNano();
        return number(Math.addExact(Math.multiplyExact(t.getEpochSecond() - POSTGRES_EPOCH, 1_000_000L), (nanos + 500) / 1000));
    }

    /** A column holding this number (in the binary format, as a {@code bigint}). */
    public CopyRows number(long value) {
        separate();
        if (binary) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (value >> shift);
            }
            close();
            return this;
        }
        if (value < 0) {
            return raw(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        ensure(digits);
        long v = value;
        for (int at = size + digits - 1; at >= size; at--) {
            bytes[at] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size += digits;
        return this;
    }

    /**
     * A column's text as {@link #text} would write it: a value repeated on many rows is encoded once and
     * then copied with {@link #encoded}.
     */
    public static byte[] encode(String value) {
        return new CopyRows(3 * value.length() + 2).text(value).toByteArray();
    }

    /** A column's field in the binary format, as {@link #text} of rows made by {@link #binary} writes it. */
    public static byte[] encodeBinary(String value) {
        CopyRows field = binary(3 * value.length() + 4).text(value);
        field.close();
        return field.toByteArray();
    }

    /** A {@code bigint} column's field in the binary format, as {@link #number} of rows made by {@link #binary} writes it. */
    public static byte[] encodeBinary(long value) {
        return binary(12).number(value).toByteArray();
    }

    /** A column already encoded by {@link #encode} (by {@link #encodeBinary} in the binary format). */
    public CopyRows encoded(byte[] column) {
        if (binary) {
            close();
        } else {
            separate();
        }
        return raw(column);
    }

    private CopyRows raw(byte[] column) {
        ensure(column.length);
        System.arraycopy(column, 0, bytes, size, column.length);
        size += column.length;
        return this;
    }

    /** Columns already encoded, as another {@code CopyRows} holds them (a part of a row). */
    public CopyRows raw(byte[] encoded, int from, int to) {
        if (binary) {
            close();
        } else {
            separate();
        }
        ensure(to - from);
        System.arraycopy(encoded, from, bytes, size, to - from);
        size += to - from;
        return this;
    }

    /**
     * A {@code text[]} column, in the binary format only, of {@code to - from} elements (at least one) already encoded as
     * this format's fields (a length, -1 for null, then the bytes: as {@link #text} writes a column), element {@code k}'s
     * field at offset {@code at[k]} of {@code parts}. An array element's binary form is exactly such a field, so the
     * elements are copied as they are.
     */
    public CopyRows textArray(byte[] parts, int[] at, int from, int to) {
        checkBinary();
        if (to <= from) {
            throw new IllegalArgumentException("an array column needs at least one element");
        }
        separate();
        ensure(20);
        int flags = size + 4;
        // one dimension, no nulls (set below if one comes), element type text (oid 25), length, lower bound 1
        putInt(size, 1);
        putInt(size + 4, 0);
        putInt(size + 8, 25);
        putInt(size + 12, to - from);
        putInt(size + 16, 1);
        size += 20;
        for (int k = from; k < to; k++) {
            int p = at[k];
            int length = getInt(parts, p);
            if (length < 0) {
                putInt(flags, 1);
            }
            int field = 4 + Math.max(0, length);
            ensure(field);
            System.arraycopy(parts, p, bytes, size, field);
            size += field;
        }
        close();
        return this;
    }

    /** The big-endian int at this offset, as the binary format writes lengths. */
    public static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    /** Ends a part of a row (columns to be copied into rows later with {@link #raw}): the next column starts a new part. */
    public int endPart() {
        close();
        first = true;
        return size;
    }

    /** Ends the current row. */
    public CopyRows endRow() {
        if (binary) {
            close();
            rows++;
            return this;
        }
        ensure(1);
        bytes[size++] = '\n';
        rows++;
        first = true;
        return this;
    }

    public int rows() {
        return rows;
    }

    public int size() {
        return size;
    }

    /** The bytes written so far (shared, not copied: valid until the next write). */
    public byte[] array() {
        return bytes;
    }

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** Forgets every row, keeping the buffer. */
    public void clear() {
        open = -1;
        size = 0;
        rows = 0;
        first = true;
    }

    private void separate() {
        if (binary) {
            // the field before ends here; this one's length is written once its bytes are
            close();
            ensure(4);
            open = size;
            size += 4;
            return;
        }
        if (!first) {
            ensure(1);
            bytes[size++] = '\t';
        }
        first = false;
    }

    /** In the binary format: writes the length of the field being written, if one is open. */
    private void close() {
        if (open >= 0) {
            putInt(open, size - open - 4);
            open = -1;
        }
    }

    private void putInt(int at, int value) {
        bytes[at] = (byte) (value >> 24);
        bytes[at + 1] = (byte) (value >> 16);
        bytes[at + 2] = (byte) (value >> 8);
        bytes[at + 3] = (byte) value;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            long grown = Math.max((long) bytes.length * 2, (long) size + more);
            if (grown > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a COPY batch grew past 2 GB");
            }
            bytes = Arrays.copyOf(bytes, (int) grown);
        }
    }
}
