package io.contactkit.domain;

import java.util.List;

/**
 * A surviving contact of a deduplication run and the numbers, ascending, of every record applied to
 * it (for {@code merge}, those applied to the contacts merged into it too).
 *
 * @param contact the surviving contact
 * @param sourceRecords the numbers of the records behind it, ascending (copied)
 */
public record DedupContact(Contact contact, List<Long> sourceRecords) {

    /**
     * Copies the record numbers.
     *
     * @param contact the surviving contact
     * @param sourceRecords the numbers of the records behind it, ascending
     */
    public DedupContact {
        sourceRecords = List.copyOf(sourceRecords);
    }
}
