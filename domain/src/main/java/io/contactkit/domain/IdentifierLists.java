package io.contactkit.domain;

import java.util.function.Consumer;

/**
 * The identifiers of a {@link ContactBook}: the {@link IdentifierTable} that files each identifier
 * under a contact number, and each contact's identifiers as a list threaded through the table's
 * arena, from {@link ContactTable#HEAD} to {@link ContactTable#TAIL} (so a merge joins two lists in
 * constant time, and a contact is built by walking its list).
 *
 * <p>{@link #owner} is the one lookup every command makes. An identifier may still be filed under a
 * contact since retired by a merge; the lookup then files it under the survivor, so it writes while
 * it reads (see {@link ContactBook}'s "reads that tidy"). Removals leave arena space behind, which
 * {@link ArenaCompaction} reclaims after the writes that remove. Not thread-safe; never leaves the
 * package.
 */
final class IdentifierLists {

    private final ContactTable table;
    private final UnionFind merges;
    private final ContactIds ids;
    // replaced by a fresh one when compacted
    private IdentifierTable index;

    IdentifierLists(ContactTable table, UnionFind merges, ContactIds ids, int expectedIdentifiers) {
        this.table = table;
        this.merges = merges;
        this.ids = ids;
        this.index = new IdentifierTable(Math.max(16, expectedIdentifiers));
    }

    /**
     * Touches the home slot of an identifier's hash before its lookup (see {@link IdentifierTable#touch})
     * and the state of the contact filed there (its flags, and the end of its identifier list, where
     * an update appends); returns a value for the caller to keep, so that the reads are not optimized
     * away.
     */
    int touch(int hash) {
        return touch(index.slot(hash), hash);
    }

    /** The home slot of a hash in the table (see {@link IdentifierTable#slot}). */
    long slot(int hash) {
        return index.slot(hash);
    }

    /** {@link #touch(int)} after its first read: {@code word} is the home slot of {@code hash}, read by {@link #slot}. */
    int touch(long word, int hash) {
        int owner = index.touch(word, hash);
        if (owner < 0) {
            return owner;
        }
        // flags and tail share a cache line: one read brings both; then where an update writes the contact's values
        return table.state[(owner << ContactTable.SHIFT) + ContactTable.FLAGS] + table.state[(owner << ContactTable.SHIFT) + ContactTable.TAIL]
                + table.touchValues(owner);
    }

    /**
     * The live contact owning the identifier, or {@link ContactTable#NONE}; {@code hash} is
     * {@link IdentifierTable#hash(Identifier)} of it. Files an identifier found under a retired
     * contact under its survivor from now on.
     */
    int owner(Identifier identifier, int hash) {
        IdentifierTable ix = index;
        int slot = ix.find(identifier, hash);
        if (slot < 0) {
            return ContactTable.NONE;
        }
        int o = ix.owner(slot);
        if ((table.flags(o) & ContactTable.RETIRED) != 0) {
            // filed under a contact since retired by a merge: file it under the survivor from now on
            o = merges.find(o);
            ix.setOwner(slot, o);
        }
        return o;
    }

    /** Files an identifier nobody owns under contact {@code c}, at the end of its list. */
    void add(int c, Identifier identifier, int hash) {
        int ref = index.insert(identifier, hash, c);
        int[] s = table.state;
        int at = c << ContactTable.SHIFT;
        int last = s[at + ContactTable.TAIL];
        if (last == ContactTable.NONE) {
            s[at + ContactTable.HEAD] = ref;
        } else {
            index.setNext(last, ref);
        }
        s[at + ContactTable.TAIL] = ref;
    }

    /** Removes the identifier when contact {@code c} (or a contact merged into it) owns it; false when it does not. */
    boolean remove(int c, Identifier identifier) {
        int slot = index.find(identifier, IdentifierTable.hash(identifier));
        if (slot < 0 || merges.find(index.owner(slot)) != c) {
            return false;
        }
        unlink(c, index.ref(slot));
        index.removeAt(slot);
        return true;
    }

    private void unlink(int c, int ref) {
        int prev = ContactTable.NONE;
        for (int r = table.head(c); r != ContactTable.NONE; prev = r, r = index.next(r)) {
            if (r == ref) {
                int next = index.next(r);
                if (prev == ContactTable.NONE) {
                    table.setHead(c, next);
                } else {
                    index.setNext(prev, next);
                }
                if (table.tail(c) == r) {
                    table.setTail(c, prev);
                }
                return;
            }
        }
        throw new IllegalStateException("identifier " + index.identifier(ref) + " is filed under contact " + ids.id(c) + " but not in its list");
    }

    /** Appends the list of {@code gone} to the list of {@code survivor}, leaving {@code gone} with none. */
    void join(int survivor, int gone) {
        int goneHead = table.head(gone);
        if (goneHead != ContactTable.NONE) {
            int last = table.tail(survivor);
            if (last == ContactTable.NONE) {
                table.setHead(survivor, goneHead);
            } else {
                index.setNext(last, goneHead);
            }
            table.setTail(survivor, table.tail(gone));
            table.setHead(gone, ContactTable.NONE);
            table.setTail(gone, ContactTable.NONE);
        }
    }

    /** Removes every identifier of contact {@code c} (a deletion). */
    void clear(int c) {
        for (int r = table.head(c); r != ContactTable.NONE; ) {
            int next = index.next(r);
            index.removeRef(r);
            r = next;
        }
        table.setHead(c, ContactTable.NONE);
        table.setTail(c, ContactTable.NONE);
    }

    /** Compacts the arena when removed identifiers waste enough of it (see {@link ArenaCompaction}). */
    void compactIfWasteful() {
        if (ArenaCompaction.isWasteful(index)) {
            index = ArenaCompaction.compact(index, table);
        }
    }

    /** Hands the key of each identifier of contact {@code c} to the action, in list order. */
    void forEachKey(int c, Consumer<String> action) {
        for (int r = table.head(c); r != ContactTable.NONE; r = index.next(r)) {
            action.accept(index.identifier(r).key());
        }
    }

    /**
     * The identifier table as it is now, for walking a contact's list from {@link ContactTable#head}
     * with {@link IdentifierTable#next}; valid until the next write that removes identifiers (which
     * may compact it into a fresh one).
     */
    IdentifierTable index() {
        return index;
    }

    /** How many identifiers are filed. */
    int size() {
        return index.size();
    }

    /** Arena bytes of removed identifiers not yet reclaimed by compaction. */
    long freedBytes() {
        return index.freedBytes();
    }
}
