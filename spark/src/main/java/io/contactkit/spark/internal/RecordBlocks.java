package io.contactkit.spark.internal;

import io.contactkit.cli.engine.PreparedRecord;
import io.contactkit.cli.engine.RecordMapping;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentityRules;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Mapped records kept between the stages as a few large byte arrays per partition ({@link Schemas#BLOCKS}: a row
 * per block of records, the command line's parted read making one per piece it reads) instead of a Spark row
 * each: the collector then traces a few big arrays, not a million rows with their arrays. The stages read the
 * records out of the blocks as they go ({@link #valid}, {@link #pairs}, {@link #rejects}), as rows no stage keeps.
 *
 * <p>Each record: its key as a varint (the gap from the block's previous key; the first one whole), then a
 * varint {@code 0} and its rejection's code and message; or a varint {@code n + 1} and its {@code n} identifier
 * {@link Prepare#hash hashes} (blocked values left out) in 8 bytes each, then its {@link Prepare#carry carried} command with
 * its length (a varint of {@link Wire#LENGTH} bytes, written after the command itself, which is written in place; the
 * hashes too are filled in from the command's bytes).
 */
final class RecordBlocks {

    private RecordBlocks() {
    }

    /** Makes one block. */
    static final class Builder {
        private final RecordMapping mapping;
        private final IdentityRules rules;
        private Wire.Out out = new Wire.Out(1 << 16);
        private long previous;

        Builder(RecordMapping mapping, IdentityRules rules) {
            this.mapping = mapping;
            this.rules = rules;
        }

        /** Adds a record, keys increasing; {@code cells} the CSV row it was mapped from. */
        void add(PreparedRecord p, String[] cells) {
            out.varint(p.number() - previous);
            previous = p.number();
            if (p.isRejected()) {
                out.varint(0).text(p.code()).text(p.message());
                return;
            }
            List<Identifier> ids = p.command().identifiers();
            int n = 0;
            for (Identifier i : ids) {
                if (!rules.isBlocked(i)) {
                    n++;
                }
            }
            out.varint(n + 1L);
            // the hashes' slots, then the carried command written in place, its length after it (the hashes from its bytes)
            int hashes = out.reserve(8 * n);
            int length = out.beginLength();
            Prepare.carry(mapping, rules, p.command(), cells, out, hashes);
            out.endLength(length);
        }

        boolean isEmpty() {
            return out.size() == 0;
        }

        /** The block, and a new one begun. */
        byte[] take() {
            byte[] b = out.toBytes();
            out = new Wire.Out(Math.max(1 << 16, b.length + b.length / 8));
            previous = 0;
            return b;
        }
    }

    /** Walks a block's records. */
    private static final class Reader {
        final Wire.In in;
        long key;
        /** Identifier hashes + 1; 0 for a rejected record. */
        int kind;

        Reader(byte[] block) {
            in = new Wire.In(block);
        }

        /** The next record's key and kind read; false at the block's end. */
        boolean next() {
            if (in.atEnd()) {
                return false;
            }
            key += in.varint();
            kind = in.count();
            return true;
        }

        /** {@return true for a valid record, its hashes next; false for a rejected one, stepped over} */
        boolean valid() {
            if (kind == 0) {
                in.text();
                in.text();
                return false;
            }
            return true;
        }

        /** Steps over a valid record's hashes: its carried command next. */
        void skipHashes() {
            in.skip(8 * (kind - 1));
        }

        byte[] command() {
            return in.bytes();
        }

        void skipCommand() {
            in.skip(in.count());
        }
    }

    /** The valid records of a block as ({@code record}: the key, {@code bytes}: the carried command) rows, in key order. */
    static Iterator<Row> valid(byte[] block) {
        List<Row> out = new ArrayList<>();
        Reader r = new Reader(block);
        while (r.next()) {
            if (r.valid()) {
                r.skipHashes();
                out.add(RowFactory.create(r.key, r.command()));
            }
        }
        return out.iterator();
    }

    /**
     * The valid records of blocks in no component of {@code table} (records alone), in the blocks' order, as
     * ({@code record}: the key, {@code bytes}: the carried command) rows made one at a time as they are read.
     */
    static Iterator<Row> alone(Iterator<Row> blocks, Components.Local table) {
        Components.Walk walk = table.walk();
        return new Iterator<>() {
            private Reader r;
            private Row next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    if (r == null || !r.next()) {
                        if (!blocks.hasNext()) {
                            return false;
                        }
                        r = new Reader((byte[]) blocks.next().get(0));
                    } else if (r.valid()) {
                        r.skipHashes();
                        if (walk.indexOf(r.key) < 0) {
                            next = RowFactory.create(r.key, r.command());
                        } else {
                            r.skipCommand();
                        }
                    }
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                Row row = next;
                next = null;
                return row;
            }
        };
    }

    /** The valid records of a block in components of {@code table}, as ({@code component}, {@code record}, {@code bytes}) rows. */
    static Iterator<Row> linked(byte[] block, Components.Local table) {
        List<Row> out = new ArrayList<>();
        Reader r = new Reader(block);
        while (r.next()) {
            if (r.valid()) {
                r.skipHashes();
                Long component = table.component(r.key);
                if (component != null) {
                    out.add(RowFactory.create(component, r.key, r.command()));
                } else {
                    r.skipCommand();
                }
            }
        }
        return out.iterator();
    }

    /**
     * The valid records of a block in components of {@code table}, their commands copied as they are into {@code to}.
     *
     * @param walk the table's walk for this task's blocks, given in key order
     */
    static void linked(byte[] block, Components.Local table, Components.Walk walk, LinkedBlocks.Writer to) {
        Reader r = new Reader(block);
        while (r.next()) {
            if (r.valid()) {
                r.skipHashes();
                int n = r.in.count();
                int at = r.in.skip(n);
                int i = walk.indexOf(r.key);
                if (i >= 0) {
                    to.add(table.root(i), r.key, block, at, n);
                }
            }
        }
    }

    /** {@return how many valid records a block holds} */
    static long validCount(byte[] block) {
        long n = 0;
        Reader r = new Reader(block);
        while (r.next()) {
            if (r.valid()) {
                r.skipHashes();
                r.skipCommand();
                n++;
            }
        }
        return n;
    }

    /** The ({@code record}: the key, {@code id}: an identifier's hash) pairs of a block's valid records. */
    static Iterator<Row> pairs(byte[] block) {
        List<Row> out = new ArrayList<>();
        pairs(block, (record, id) -> out.add(RowFactory.create(record, id)));
        return out.iterator();
    }

    /** Gives the ({@code record}: the key, {@code id}: an identifier's hash) pairs of a block's valid records to {@code to}. */
    static void pairs(byte[] block, PairBlocks.LongPairs to) {
        Reader r = new Reader(block);
        while (r.next()) {
            if (r.valid()) {
                for (int i = r.kind - 1; i > 0; i--) {
                    to.accept(r.key, r.in.fixed64());
                }
                r.skipCommand();
            }
        }
    }

    /** The rejected records of a block as {@link Schemas#REJECTED} rows, numbered. */
    static Iterator<Row> rejects(byte[] block, Numbering numbering) {
        List<Row> out = new ArrayList<>();
        Reader r = new Reader(block);
        while (r.next()) {
            if (r.kind == 0) {
                out.add(RowFactory.create(numbering.record(r.key), r.in.text(), r.in.text()));
            } else {
                r.skipHashes();
                r.skipCommand();
            }
        }
        return out.iterator();
    }
}
