package io.contactkit.domain;

/**
 * Reclaims the arena space of removed identifiers: once removed identifiers hold more of an
 * {@link IdentifierTable}'s arena than live ones (and at least a megabyte), the live ones are copied
 * into a fresh table, contact by contact, each contact's list relinked as it goes, so a long-lived
 * book does not grow under churn. Runs only after writes that remove identifiers (a deletion, an
 * upsert's removals), never on a read. Never leaves the package.
 */
final class ArenaCompaction {

    static final long MIN_FREED = 1 << 20;

    private ArenaCompaction() {
    }

    /** True when the removed identifiers' space is worth reclaiming. */
    static boolean isWasteful(IdentifierTable index) {
        return index.freedBytes() >= MIN_FREED && index.freedBytes() > index.liveBytes();
    }

    /** A fresh table holding {@code index}'s live identifiers; rewrites each contact's list head and tail to point into it. */
    static IdentifierTable compact(IdentifierTable index, ContactTable table) {
        IdentifierTable fresh = index.emptyLike(index.size());
        for (int c = 0, n = table.count; c < n; c++) {
            int last = ContactTable.NONE;
            for (int r = table.head(c); r != ContactTable.NONE; r = index.next(r)) {
                int copied = fresh.copy(index, r, c);
                if (last == ContactTable.NONE) {
                    table.setHead(c, copied);
                } else {
                    fresh.setNext(last, copied);
                }
                last = copied;
            }
            table.setTail(c, last);
        }
        return fresh;
    }
}
