package io.contactkit.domain;

import io.contactkit.domain.ReplayableBook.Entry;
import io.contactkit.domain.ReplayableBook.Kind;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The history of a {@link ReplayableBook}, by position: each entry kept compact and made whole again when read.
 *
 * <p>An entry's number, kind and command are kept as bytes ({@link CommandBytes}, with one table of the attribute names
 * and identifier keys for the whole history), one array per entry; its time and
 * contact id as references (the times of one run are one object, the ids are the book's own); what few entries have (the
 * contact an update named, identifiers held elsewhere, contacts at a limit) beside them, in a slot that is empty for the
 * rest. A split reads only the entries it replays, so most commands are never made whole again. {@link #get} gives an
 * entry equal to the one {@link #add added} or {@link #set} at that position, a new object each time; {@link #contactId}
 * reads the contact it went to without making it. A position may hold no entry ({@code null}). Not thread-safe.
 */
final class History extends AbstractList<Entry> {

    private static final Kind[] KINDS = Kind.values();
    private static final int CREATED = 4;
    private static final int KIND_MASK = 3;

    // per position: flags (kind, created) and number, then the command; null where the position holds no entry
    private byte[][] data = new byte[16][];
    private String[] contactIds = new String[16];
    private Instant[] ats = new Instant[16];
    // per position, what few entries have, or null
    private Rest[] rest = new Rest[16];
    private int size;
    private final CommandBytes.Writer writer = new CommandBytes.Writer();
    private final CommandBytes.Names names = new CommandBytes.Names();
    // the entries themselves, as given, when the history is not compact (else null)
    private Entry[] whole;

    /** A compact history. */
    History() {
        this(true);
    }

    /**
     * @param compact false to keep each entry as given, whole, instead (what a compact history is compared with)
     */
    History(boolean compact) {
        this.whole = compact ? null : new Entry[16];
    }

    /** What few entries have: the contact an update named, identifiers held elsewhere, contacts at a limit. */
    private record Rest(String target, List<SkippedIdentifier> heldElsewhere, List<Contact> limitedBy) {
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean add(Entry e) {
        if (size == data.length) {
            int n = 2 * size;
            data = Arrays.copyOf(data, n);
            contactIds = Arrays.copyOf(contactIds, n);
            ats = Arrays.copyOf(ats, n);
            rest = Arrays.copyOf(rest, n);
            whole = whole == null ? null : Arrays.copyOf(whole, n);
        }
        size++;
        put(size - 1, e);
        modCount++;
        return true;
    }

    /** Puts an entry, or none, at a position already held; returns the entry it held (made whole: {@link #replace} does not). */
    @Override
    public Entry set(int k, Entry e) {
        Entry before = get(k);
        replace(k, e);
        return before;
    }

    /**
     * Puts an entry, or none, at a position already held.
     *
     * @param k the position
     * @param e the entry, or {@code null} for none
     */
    void replace(int k, Entry e) {
        Objects.checkIndex(k, size);
        put(k, e);
    }

    /** {@return the contact the entry at {@code k} went to, or {@code null} when the position holds no entry} */
    String contactId(int k) {
        Objects.checkIndex(k, size);
        return contactIds[k];
    }

    @Override
    public Entry get(int k) {
        Objects.checkIndex(k, size);
        if (whole != null) {
            return whole[k];
        }
        byte[] b = data[k];
        if (b == null) {
            return null;
        }
        CommandBytes.Reader in = new CommandBytes.Reader(b, 0);
        int flags = in.read();
        long number = in.varint();
        UpsertCommand command = CommandBytes.read(in, names);
        Rest r = rest[k];
        return new Entry(number, KINDS[flags & KIND_MASK], command, r == null ? null : r.target, ats[k], contactIds[k], (flags & CREATED) != 0,
                r == null ? List.of() : r.heldElsewhere, r == null ? List.of() : r.limitedBy);
    }

    private void put(int k, Entry e) {
        if (whole != null) {
            whole[k] = e;
            contactIds[k] = e == null ? null : e.contactId();
            return;
        }
        if (e == null) {
            data[k] = null;
            contactIds[k] = null;
            ats[k] = null;
            rest[k] = null;
            return;
        }
        writer.reset();
        writer.write(e.kind().ordinal() | (e.created() ? CREATED : 0));
        // as an unsigned number: a few bytes for the usual ones, ten for a negative record number, which comes back as it was
        writer.varint(e.number());
        CommandBytes.write(e.command(), writer, names);
        data[k] = writer.toBytes();
        contactIds[k] = e.contactId();
        ats[k] = e.at();
        rest[k] = e.target() == null && e.heldElsewhere().isEmpty() && e.limitedBy().isEmpty() ? null
                : new Rest(e.target(), e.heldElsewhere(), e.limitedBy());
    }
}
