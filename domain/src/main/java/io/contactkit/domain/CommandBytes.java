package io.contactkit.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A built {@link UpsertCommand} in a compact form, bytes, and made whole again: {@link #decode} of what {@link #write}
 * wrote gives a command equal to the one written, part for part (identifiers and their order, the attribute patch in its
 * order with each value exactly as it was, numbers with their scale, removals, memberships, owner, language, strategy).
 * The form a {@link ReplayableBook}'s history keeps its commands in: a few dozen bytes for the usual command, against
 * the objects of the command itself (its identifiers, their strings, its lists and arrays), several hundred bytes.
 *
 * <p>Texts are written exactly as they are, in one byte a character when every character of the text fits in Latin-1,
 * else in two (UTF-16: a lone surrogate comes back as it was). The well-known identifier keys come back as the domain's
 * own constants; attribute names and other identifier keys, the same few in every command, are written once into a
 * {@link Names} table that the commands written with it share, and then as their number in it. Not thread-safe (a
 * {@link Writer} keeps its room for the next command, a table grows); never leaves the package.
 */
final class CommandBytes {

    private CommandBytes() {
    }

    // attribute changes and values
    private static final int REMOVE = 0;
    private static final int TEXT = 1;
    private static final int NUM = 2;
    private static final int FALSE = 3;
    private static final int TRUE = 4;
    private static final int MULTI = 5;
    private static final int STRUCT = 6;
    private static final int NULL = 7;
    // identifier keys: the well-known ones as a number, any other as its text after OTHER_KEY
    private static final String[] KEYS = {Identifier.EMAIL, Identifier.PHONE, Identifier.VISITOR};
    private static final int OTHER_KEY = KEYS.length;
    // which of the parts few commands hold follow the attribute patch
    private static final int REMOVALS = 1;
    private static final int ADD_LISTS = 2;
    private static final int REMOVE_LISTS = 4;
    private static final int ADD_ACCOUNTS = 8;
    private static final int REMOVE_ACCOUNTS = 16;
    private static final int OWNER = 32;
    private static final int LANGUAGE = 64;
    // a text change: removal, or a set text after it
    private static final int TEXT_REMOVED = 0;
    private static final int TEXT_SET = 1;
    private static final Strategy[] STRATEGIES = Strategy.values();

    /** Writes bytes into room it keeps and grows, for one caller at a time. */
    static final class Writer {
        private byte[] buf = new byte[256];
        private int size;

        /** {@return the bytes written since the last {@link #reset()}, in an array of their own} */
        byte[] toBytes() {
            return Arrays.copyOf(buf, size);
        }

        /** Forgets what was written. */
        void reset() {
            size = 0;
        }

        private void room(int n) {
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(2 * buf.length, size + n));
            }
        }

        void write(int b) {
            room(1);
            buf[size++] = (byte) b;
        }

        /** An unsigned variable-length number: seven bits a byte, the high bit set on all bytes but the last. */
        void varint(long v) {
            room(10);
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
        }

        /** A text: its length and whether it is all Latin-1, then its characters, one byte each or two. */
        void text(String s) {
            int n = s.length();
            boolean latin1 = true;
            for (int i = 0; i < n && latin1; i++) {
                latin1 = s.charAt(i) < 0x100;
            }
            varint(((long) n << 1) | (latin1 ? 0 : 1));
            if (latin1) {
                room(n);
                for (int i = 0; i < n; i++) {
                    buf[size++] = (byte) s.charAt(i);
                }
            } else {
                room(2 * n);
                for (int i = 0; i < n; i++) {
                    char c = s.charAt(i);
                    buf[size++] = (byte) (c >>> 8);
                    buf[size++] = (byte) c;
                }
            }
        }

        void bytes(byte[] b) {
            varint(b.length);
            room(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }
    }

    /**
     * Attribute names and identifier keys, each written out the first time and numbered, then written as its number: for the
     * commands of one history, which name the same few. Bounded: past {@value #MAX} of them, a new one is written out each
     * time. A command is read back with the table it was written with.
     */
    static final class Names {
        static final int MAX = 4096;
        private final Map<String, Integer> numbers = new java.util.HashMap<>();
        private final List<String> names = new ArrayList<>();

        void write(String name, Writer out) {
            Integer n = numbers.get(name);
            if (n == null && names.size() < MAX) {
                n = names.size();
                names.add(name);
                numbers.put(name, n);
            }
            if (n == null) {
                out.varint(0);
                out.text(name);
            } else {
                out.varint(n + 1L);
            }
        }

        String read(Reader in) {
            int n = (int) in.varint();
            return n == 0 ? in.text() : names.get(n - 1);
        }
    }

    /** Reads what a {@link Writer} wrote, from a position on. */
    static final class Reader {
        private final byte[] buf;
        private int at;

        Reader(byte[] buf, int at) {
            this.buf = buf;
            this.at = at;
        }

        int read() {
            return buf[at++] & 0xFF;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                int b = buf[at++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
        }

        String text() {
            long h = varint();
            int n = (int) (h >>> 1);
            if ((h & 1) == 0) {
                String s = new String(buf, at, n, StandardCharsets.ISO_8859_1);
                at += n;
                return s;
            }
            char[] cs = new char[n];
            for (int i = 0; i < n; i++) {
                cs[i] = (char) (((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF));
                at += 2;
            }
            return new String(cs);
        }

        byte[] bytes() {
            int n = (int) varint();
            byte[] b = Arrays.copyOfRange(buf, at, at + n);
            at += n;
            return b;
        }
    }

    /**
     * Writes the command.
     *
     * @param c     the command
     * @param out   where it is written, after what it holds
     * @param names the table of names it is written with (and read back with)
     */
    static void write(UpsertCommand c, Writer out, Names names) {
        out.write(c.strategy().ordinal());
        identifiers(c.identifiers(), out, names);
        int n = c.attributeCount();
        out.varint(n);
        for (int k = 0; k < n; k++) {
            names.write(c.attributeName(k), out);
            AttributeValue v = c.attributeValue(k);
            if (v == null) {
                out.write(REMOVE);
            } else {
                value(v, out);
            }
        }
        List<Identifier> removals = c.removeIdentifiers();
        java.util.Optional<TextChange> owner = c.owner();
        java.util.Optional<TextChange> language = c.language();
        int rare = (removals.isEmpty() ? 0 : REMOVALS) | (c.addToLists().isEmpty() ? 0 : ADD_LISTS)
                | (c.removeFromLists().isEmpty() ? 0 : REMOVE_LISTS) | (c.addToAccounts().isEmpty() ? 0 : ADD_ACCOUNTS)
                | (c.removeFromAccounts().isEmpty() ? 0 : REMOVE_ACCOUNTS) | (owner.isEmpty() ? 0 : OWNER) | (language.isEmpty() ? 0 : LANGUAGE);
        out.write(rare);
        if (rare == 0) {
            return;
        }
        if ((rare & REMOVALS) != 0) {
            identifiers(removals, out, names);
        }
        strings(c.addToLists(), out);
        strings(c.removeFromLists(), out);
        strings(c.addToAccounts(), out);
        strings(c.removeFromAccounts(), out);
        owner.ifPresent(t -> textChange(t, out));
        language.ifPresent(t -> textChange(t, out));
    }

    /**
     * The command {@link #write} wrote: made again with {@link UpsertCommand.Builder#rebuildChecked()}, as it was built,
     * not normalized or checked a second time.
     *
     * @param in    where it was written, read past it
     * @param names the table of names it was written with
     * @return the command
     */
    static UpsertCommand read(Reader in, Names names) {
        UpsertCommand.Builder b = UpsertCommand.builder();
        b.strategy(STRATEGIES[in.read()]);
        int ids = (int) in.varint();
        for (int i = 0; i < ids; i++) {
            b.identifier(key(in, names), in.text());
        }
        int n = (int) in.varint();
        for (int k = 0; k < n; k++) {
            String name = names.read(in);
            int tag = in.read();
            if (tag == REMOVE) {
                b.remove(name);
            } else {
                b.change(name, AttributeChange.set(value(tag, in)));
            }
        }
        int rare = in.read();
        if (rare != 0) {
            if ((rare & REMOVALS) != 0) {
                int r = (int) in.varint();
                for (int i = 0; i < r; i++) {
                    b.removeIdentifier(key(in, names), in.text());
                }
            }
            if ((rare & ADD_LISTS) != 0) {
                strings(in).forEach(b::addToList);
            }
            if ((rare & REMOVE_LISTS) != 0) {
                strings(in).forEach(b::removeFromList);
            }
            if ((rare & ADD_ACCOUNTS) != 0) {
                strings(in).forEach(b::addToAccount);
            }
            if ((rare & REMOVE_ACCOUNTS) != 0) {
                strings(in).forEach(b::removeFromAccount);
            }
            if ((rare & OWNER) != 0) {
                b.owner(textChange(in));
            }
            if ((rare & LANGUAGE) != 0) {
                b.language(textChange(in));
            }
        }
        return b.rebuildChecked();
    }

    /**
     * {@return the command in its compact form, in an array of its own}
     *
     * @param c     the command
     * @param names the table of names it is written with
     */
    static byte[] encode(UpsertCommand c, Names names) {
        Writer w = new Writer();
        write(c, w, names);
        return w.toBytes();
    }

    /**
     * {@return the command {@link #encode} gave these bytes for}
     *
     * @param bytes the command's compact form
     * @param names the table of names it was written with
     */
    static UpsertCommand decode(byte[] bytes, Names names) {
        return read(new Reader(bytes, 0), names);
    }

    private static void identifiers(List<Identifier> ids, Writer out, Names names) {
        out.varint(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            Identifier id = ids.get(i);
            int known = knownKey(id.key());
            if (known >= 0) {
                out.write(known);
            } else {
                out.write(OTHER_KEY);
                names.write(id.key(), out);
            }
            out.text(id.value());
        }
    }

    private static int knownKey(String key) {
        for (int k = 0; k < KEYS.length; k++) {
            if (KEYS[k].equals(key)) {
                return k;
            }
        }
        return -1;
    }

    private static String key(Reader in, Names names) {
        int k = in.read();
        return k < OTHER_KEY ? KEYS[k] : names.read(in);
    }

    private static void strings(List<String> list, Writer out) {
        if (list.isEmpty()) {
            return;
        }
        out.varint(list.size());
        for (String s : list) {
            out.text(s);
        }
    }

    private static List<String> strings(Reader in) {
        int n = (int) in.varint();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.text());
        }
        return out;
    }

    private static void textChange(TextChange t, Writer out) {
        if (t.isRemoval()) {
            out.write(TEXT_REMOVED);
        } else {
            out.write(TEXT_SET);
            out.text(t.newValue());
        }
    }

    /** The new text of a change {@link #textChange(TextChange, Writer)} wrote, {@code null} for a removal (as the builder takes it). */
    private static String textChange(Reader in) {
        return in.read() == TEXT_REMOVED ? null : in.text();
    }

    private static void value(AttributeValue v, Writer out) {
        if (v instanceof AttributeValue.Text t) {
            out.write(TEXT);
            out.text(t.value());
        } else if (v instanceof AttributeValue.Num num) {
            // exactly: the unscaled digits and the scale (1.50 stays 1.50, not 1.5)
            out.write(NUM);
            out.bytes(num.value().unscaledValue().toByteArray());
            out.varint(zigzag(num.value().scale()));
        } else if (v instanceof AttributeValue.Bool bool) {
            out.write(bool.value() ? TRUE : FALSE);
        } else if (v instanceof AttributeValue.Multi m) {
            out.write(MULTI);
            out.varint(m.values().size());
            m.values().forEach(x -> value(x, out));
        } else if (v instanceof AttributeValue.Struct s) {
            out.write(STRUCT);
            out.varint(s.fields().size());
            s.fields().forEach((name, x) -> {
                out.text(name);
                value(x, out);
            });
        } else {
            out.write(NULL);
        }
    }

    private static AttributeValue value(int tag, Reader in) {
        switch (tag) {
            case TEXT:
                return new AttributeValue.Text(in.text());
            case NUM: {
                BigInteger unscaled = new BigInteger(in.bytes());
                return new AttributeValue.Num(new BigDecimal(unscaled, unzigzag(in.varint())));
            }
            case TRUE:
                return new AttributeValue.Bool(true);
            case FALSE:
                return new AttributeValue.Bool(false);
            case MULTI: {
                int n = (int) in.varint();
                List<AttributeValue> values = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    values.add(value(in.read(), in));
                }
                return new AttributeValue.Multi(values);
            }
            case STRUCT: {
                int n = (int) in.varint();
                Map<String, AttributeValue> fields = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String name = in.text();
                    fields.put(name, value(in.read(), in));
                }
                return new AttributeValue.Struct(fields);
            }
            case NULL:
                return AttributeValue.Null.INSTANCE;
            default:
                throw new IllegalStateException("not a value's tag: " + tag);
        }
    }

    /** A scale, negative or not, as an unsigned number: 0, -1, 1, -2, 2... as 0, 1, 2, 3, 4... */
    private static long zigzag(int v) {
        return Integer.toUnsignedLong((v << 1) ^ (v >> 31));
    }

    private static int unzigzag(long u) {
        return (int) (u >>> 1) ^ -(int) (u & 1);
    }
}
