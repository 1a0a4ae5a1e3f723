package io.contactkit.api;

import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.DedupContact;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ContactKit#dedupe} emits: one {@link Audited} per record as it is processed, then one
 * {@link Merged} per surviving contact, in creation order, when the records are exhausted.
 */
public sealed interface DedupEvent permits DedupEvent.Audited, DedupEvent.Merged {

    /**
     * The decision on one record: created, updated, merged or rejected, and why.
     *
     * @param entry the audit entry; its record number counts from 1 in input order
     */
    record Audited(AuditEntry entry) implements DedupEvent {
        /**
         * Checks the entry is present.
         *
         * @param entry the audit entry
         */
        public Audited {
            Objects.requireNonNull(entry, "entry");
        }
    }

    /**
     * A surviving contact and the numbers, ascending, of every record applied to it.
     *
     * @param contact       the surviving contact
     * @param sourceRecords the record numbers behind it (for {@code merge}, those of merged contacts too)
     */
    record Merged(DedupContact contact, List<Long> sourceRecords) implements DedupEvent {
        /**
         * Checks the contact is present and copies the record numbers.
         *
         * @param contact       the surviving contact
         * @param sourceRecords the record numbers behind it
         */
        public Merged {
            Objects.requireNonNull(contact, "contact");
            sourceRecords = List.copyOf(sourceRecords);
        }
    }
}
