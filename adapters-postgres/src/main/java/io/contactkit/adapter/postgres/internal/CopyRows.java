package io.contactkit.adapter.postgres.internal;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows in the text format of PostgreSQL's {@code COPY ... FROM STDIN}, encoded straight to UTF-8
 * bytes: columns separated by a tab, rows ended by a newline, {@code \N} for null, and a backslash,
 * tab, newline or carriage return inside a value escaped with a backslash.
 */
public final class CopyRows {

    private byte[] bytes;
    private int size;
    private int rows;
    private boolean first = true;

    public CopyRows(int capacity) {
        bytes = new byte[Math.max(64, capacity)];
    }

    /** Empty rows written into this array (grown, as any, when a row does not fit). */
    public CopyRows(byte[] buffer) {
        bytes = buffer;
    }

    /** A column holding this text, or null. */
    public CopyRows text(String value) {
        separate();
        if (value == null) {
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
        for (int i = 0; i < n; i++) {
            char ch = value.charAt(i);
            if (ch < 0x80) {
                at = ascii(b, at, ch);
            } else if (ch < 0x800) {
                b[at++] = (byte) (0xC0 | (ch >> 6));
                b[at++] = (byte) (0x80 | (ch & 0x3F));
            } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, value.charAt(++i));
                b[at++] = (byte) (0xF0 | (cp >> 18));
                b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                // a lone surrogate cannot be encoded: the replacement character, as String.getBytes writes it
                char c = Character.isSurrogate(ch) ? '\uFFFD' : ch;
                b[at++] = (byte) (0xE0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (c & 0x3F));
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
            size = b < 0x80 && b >= 0 ? ascii(bytes, size, b) : put(bytes, size, (byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            utf8Part(b, off, len);
        }
    };

    /** A column holding this number. */
    public CopyRows number(long value) {
        separate();
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

    /** A column already encoded by {@link #encode}. */
    public CopyRows encoded(byte[] column) {
        separate();
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
        separate();
        ensure(to - from);
        System.arraycopy(encoded, from, bytes, size, to - from);
        size += to - from;
        return this;
    }

    /** Ends a part of a row (columns to be copied into rows later with {@link #raw}): the next column starts a new part. */
    public int endPart() {
        first = true;
        return size;
    }

    /** Ends the current row. */
    public CopyRows endRow() {
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
        size = 0;
        rows = 0;
        first = true;
    }

    private void separate() {
        if (!first) {
            ensure(1);
            bytes[size++] = '\t';
        }
        first = false;
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
