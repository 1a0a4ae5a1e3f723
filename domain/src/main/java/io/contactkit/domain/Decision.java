package io.contactkit.domain;

import java.util.List;

/**
 * What a successful command did, without the resulting contact (see {@link UpsertOutcome} for both).
 *
 * @param contactId          the contact created or updated
 * @param created            true when the command created the contact
 * @param changed            false when the command changed nothing (it was already applied)
 * @param identifiersAdded   identifiers newly owned by the contact
 * @param identifiersSkipped identifiers of the command the contact did not take, with their owners
 * @param identifiersRemoved identifiers the command removed from the contact
 * @param removalsIgnored    identifiers the command asked to remove but the contact did not own
 * @param contactsMerged     contacts retired into this one (only under {@code merge})
 */
public record Decision(String contactId, boolean created, boolean changed, List<Identifier> identifiersAdded,
                       List<SkippedIdentifier> identifiersSkipped, List<Identifier> identifiersRemoved,
                       List<Identifier> removalsIgnored, List<String> contactsMerged) {

    /**
     * Checks the components and copies the collections.
     *
     * @param contactId the contact created or updated
     * @param created true when the command created the contact
     * @param changed false when the command changed nothing (it was already applied)
     * @param identifiersAdded identifiers newly owned by the contact
     * @param identifiersSkipped identifiers of the command the contact did not take, with their owners
     * @param identifiersRemoved identifiers the command removed from the contact
     * @param removalsIgnored identifiers the command asked to remove but the contact did not own
     * @param contactsMerged contacts retired into this one (only under {@code merge})
     */
    public Decision {
        identifiersAdded = List.copyOf(identifiersAdded);
        identifiersSkipped = List.copyOf(identifiersSkipped);
        identifiersRemoved = List.copyOf(identifiersRemoved);
        removalsIgnored = List.copyOf(removalsIgnored);
        contactsMerged = List.copyOf(contactsMerged);
    }

    /** {@return true when the command merged contacts into this one} */
    public boolean merged() {
        return !contactsMerged.isEmpty();
    }
}
