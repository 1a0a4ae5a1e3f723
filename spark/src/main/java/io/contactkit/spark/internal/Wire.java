package io.contactkit.spark.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The compact bytes the stages pass each other in one binary column instead of many columns: unsigned
 * varints, fixed 8-byte numbers (for hashes, whose bits are all used: a varint would take 9-10 bytes)
 * and UTF-8 texts with their length (a null text as length 0, any other as its length + 1).
 * One column of bytes costs Spark one field to convert, copy and sort along per row, whatever it holds.
 */
final class Wire {

    /** Bytes a length written afterwards takes ({@link Out#beginLength}): up to 2 MB. */
    static final int LENGTH = 3;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Wire() {
    }

    /** Writes into a growing array. */
    static final class Out {
        private byte[] buf;
        private int size;

        Out(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        /** A non-negative number in 1 to 9 bytes (a negative one takes 10). */
        Out varint(long v) {
            room(10);
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
            return this;
        }

        /** Any number in 8 bytes (read back as {@link In#fixed64}). */
        Out fixed64(long v) {
            room(8);
            LONG.set(buf, size, v);
            size += 8;
            return this;
        }

        Out text(String s) {
            if (s == null) {
                return varint(0);
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length + 1L);
            return raw(b);
        }

        /**
         * A text as {@link #text} writes it, but never null. @return where its UTF-8 bytes start in {@link #buffer}; they run
         * to {@link #size}
         */
        int textAt(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length + 1L);
            raw(b);
            return size - b.length;
        }

        /**
         * Room for a length written later by {@link #endLength}, before bytes whose length is not known yet (written in
         * place instead of into an array of their own and copied). @return where the length goes
         */
        int beginLength() {
            room(LENGTH);
            size += LENGTH;
            return size - LENGTH;
        }

        /**
         * The length of the bytes written since {@link #beginLength} returned {@code at}, as {@link In#count} reads it: a
         * varint of {@value #LENGTH} bytes (those under 2 MB; longer ones moved up to make room for a longer one).
         */
        void endLength(int at) {
            int n = size - at - LENGTH;
            if (n < 1 << (7 * LENGTH)) {
                for (int i = 0; i < LENGTH - 1; i++) {
                    buf[at + i] = (byte) ((n >>> (7 * i)) & 0x7F | 0x80);
                }
                buf[at + LENGTH - 1] = (byte) (n >>> (7 * (LENGTH - 1)));
                return;
            }
            byte[] length = new Out(10).varint(n).toBytes();
            int more = length.length - LENGTH;
            room(more);
            System.arraycopy(buf, at + LENGTH, buf, at + length.length, n);
            System.arraycopy(length, 0, buf, at, length.length);
            size += more;
        }

        /** Room for {@code n} bytes written later ({@link #setFixed64}). @return where they start */
        int reserve(int n) {
            room(n);
            size += n;
            return size - n;
        }

        /** A number in the 8 bytes at {@code at}, as {@link #fixed64} writes it. */
        void setFixed64(int at, long v) {
            LONG.set(buf, at, v);
        }

        /** The bytes written so far, from 0 to {@link #size} (the array itself: valid until the next write). */
        byte[] buffer() {
            return buf;
        }

        /** Bytes with their length. */
        Out bytes(byte[] b) {
            varint(b.length);
            return raw(b);
        }

        /** {@code length} bytes of {@code b} from {@code from}, with their length (read back as {@link In#bytes}). */
        Out bytes(byte[] b, int from, int length) {
            varint(length);
            room(length);
            System.arraycopy(b, from, buf, size, length);
            size += length;
            return this;
        }

        /** Bytes written so far. */
        int size() {
            return size;
        }

        private Out raw(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
            return this;
        }

        private void room(int n) {
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
            }
        }

        byte[] toBytes() {
            return Arrays.copyOf(buf, size);
        }
    }

    /** Reads what an {@link Out} wrote, in the same order. */
    static final class In {
        private final byte[] buf;
        private int at;

        In(byte[] buf) {
            this.buf = buf;
        }

        long varint() {
            long v = 0;
            int shift = 0;
            byte b;
            do {
                b = buf[at++];
                v |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            return v;
        }

        long fixed64() {
            long v = (long) LONG.get(buf, at);
            at += 8;
            return v;
        }

        int count() {
            return Math.toIntExact(varint());
        }

        String text() {
            int n = count();
            if (n == 0) {
                return null;
            }
            String s = new String(buf, at, n - 1, StandardCharsets.UTF_8);
            at += n - 1;
            return s;
        }

        byte[] bytes() {
            int n = count();
            byte[] b = Arrays.copyOfRange(buf, at, at + n);
            at += n;
            return b;
        }

        boolean atEnd() {
            return at == buf.length;
        }

        /** Steps over {@code n} bytes. @return where they start in {@link #buffer} */
        int skip(int n) {
            int from = at;
            at += n;
            return from;
        }

        /** The bytes read. */
        byte[] buffer() {
            return buf;
        }
    }

    /** A record as read, in bytes: a CSV row's cells (each may be null), or an NDJSON line ({@code cells} null). */
    static byte[] record(String[] cells, String json) {
        if (cells == null) {
            return new Out(json.length() + 8).varint(0).text(json).toBytes();
        }
        Out out = new Out(16 * cells.length + 8).varint(cells.length + 1L);
        for (String c : cells) {
            out.text(c);
        }
        return out.toBytes();
    }

    /** The cells {@link #record} wrote, or null for an NDJSON line. */
    static String[] cells(byte[] record) {
        In in = new In(record);
        int n = in.count();
        if (n == 0) {
            return null;
        }
        String[] cells = new String[n - 1];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = in.text();
        }
        return cells;
    }

    /** The NDJSON line {@link #record} wrote. */
    static String json(byte[] record) {
        In in = new In(record);
        if (in.count() != 0) {
            throw new IllegalArgumentException("a CSV row, not an NDJSON line");
        }
        return in.text();
    }
}
