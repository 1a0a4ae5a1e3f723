package io.contactkit.domain;

import java.util.Arrays;

/**
 * The contacts a {@link ContactBook} has handed out, kept until they change: the in-memory provider
 * and the simulators read the same contacts often, and a {@link Contact} is immutable, so the one
 * built last is handed out again until a write to that contact {@linkplain #forget forgets} it.
 * Reading through the cache therefore writes to it (see {@link ContactBook}'s "reads that tidy").
 * Nothing is kept until the first read, so a deduplication run, which builds each contact once
 * with {@link #build}, pays nothing for it. Not thread-safe; never leaves the package.
 */
final class SnapshotCache {

    private final String workspace;
    private final ContactIds ids;
    private final ContactTable table;
    private final IdentifierLists lists;
    // by contact number; null until the first snapshot
    private Contact[] cached;

    SnapshotCache(String workspace, ContactIds ids, ContactTable table, IdentifierLists lists) {
        this.workspace = workspace;
        this.ids = ids;
        this.table = table;
        this.lists = lists;
    }

    /** The contact as it is now, kept until it changes. */
    Contact snapshot(int c) {
        Contact[] kept = cached;
        if (kept == null || c >= kept.length) {
            kept = kept == null ? new Contact[table.capacity()] : Arrays.copyOf(kept, table.capacity());
            cached = kept;
        }
        Contact s = kept[c];
        if (s == null) {
            s = build(c);
            kept[c] = s;
        }
        return s;
    }

    /** The contact as it is now: the one kept, or else one built afresh and not kept. */
    Contact peek(int c) {
        Contact[] kept = cached;
        Contact s = kept == null || c >= kept.length ? null : kept[c];
        return s == null ? build(c) : s;
    }

    /** The contact as it is now, built afresh and not kept. */
    Contact build(int c) {
        Contact.Builder b = Contact.builder(ids.id(c), workspace, table.createdAt(c)).updatedAt(table.updatedAt(c));
        // the list walked here, not handed the builder: so the JIT can keep the builder off the heap
        IdentifierTable index = lists.index();
        for (int r = table.head(c); r != ContactTable.NONE; r = index.next(r)) {
            b.identifier(index.identifier(r));
        }
        ContactValues v = table.values(c);
        if (v != null) {
            v.addTo(b);
        }
        return b.build();
    }

    /** Drops the kept contact, after a change to it (or its retirement or deletion). */
    void forget(int c) {
        Contact[] kept = cached;
        if (kept != null && c < kept.length) {
            kept[c] = null;
        }
    }
}
