package io.contactkit.domain;

/**
 * Counts of a deduplication run. Each record is counted once under created, updated, merged or
 * rejected, so {@code records == created + updated + merged + rejected}.
 */
public record DedupSummary(long records, long contacts, long created, long updated, long merged, long rejected) {

    /** {@code records=N contacts=N created=N updated=N merged=N rejected=N}. */
    @Override
    public String toString() {
        return "records=" + records + " contacts=" + contacts + " created=" + created + " updated=" + updated
                + " merged=" + merged + " rejected=" + rejected;
    }
}
