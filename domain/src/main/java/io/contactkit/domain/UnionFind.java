package io.contactkit.domain;

/**
 * The merges of a {@link ContactBook} as a union-find over contact numbers, in the storage's
 * {@link ContactTable#state}: a contact retired by a merge points to its survivor, so a merge
 * re-files none of the retired contact's identifiers. {@link #find} halves the path it walks, so it
 * writes while it reads (see {@link ContactBook}'s "reads that tidy"). Not thread-safe; never leaves
 * the package.
 */
final class UnionFind {

    private final ContactTable table;

    UnionFind(ContactTable table) {
        this.table = table;
    }

    /** The survivor a contact was (perhaps transitively) merged into, or the contact itself; halves the path. */
    int find(int c) {
        int[] s = table.state;
        int at = (c << ContactTable.SHIFT) + ContactTable.PARENT;
        while (s[at] != c) {
            // path halving
            int grand = s[(s[at] << ContactTable.SHIFT) + ContactTable.PARENT];
            s[at] = grand;
            c = grand;
            at = (c << ContactTable.SHIFT) + ContactTable.PARENT;
        }
        return c;
    }

    /** Retires {@code gone}, merged into {@code survivor}: from now on it leads there. */
    void retire(int gone, int survivor) {
        table.setParent(gone, survivor);
        table.setFlags(gone, ContactTable.RETIRED);
    }
}
