package io.contactkit.domain;

import java.util.List;

/**
 * A surviving contact of a deduplication run and the numbers, ascending, of every record applied to
 * it (for {@code merge}, those applied to the contacts merged into it too).
 */
public record DedupContact(Contact contact, List<Long> sourceRecords) {
    public DedupContact {
        sourceRecords = List.copyOf(sourceRecords);
    }
}
