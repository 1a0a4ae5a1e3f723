package io.contactkit.domain;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What deduplication did with one record.
 *
 * @param record             the record's number (from 1)
 * @param action             created, updated, merged or rejected
 * @param contactId          the contact the record went to; {@code null} when rejected
 * @param contactsMerged     contacts retired into {@code contactId} by this record
 * @param identifiersSkipped identifiers of the record the contact did not take, with their owners
 * @param code               for a rejection, why: {@code invalid_identifier}, {@code invalid_record} or {@code conflict}
 * @param message            for a rejection, the explanation
 * @param matchedBy          identifiers of the record that already belonged to the contact it went to (or to a
 *                           contact merged into it): why the record joined that contact; empty when it created one
 * @param identifiersAdded   identifiers of the record the contact took from it
 * @param rulesFired         the identity rules that changed the decision, such as {@code identifiers.emailaddress.blocked}
 *                           or {@code merge.maxContactsPerMerge}; empty when the strategy alone decided
 */
public record AuditEntry(long record, Action action, String contactId, List<String> contactsMerged,
                         List<SkippedIdentifier> identifiersSkipped, @Nullable String code, @Nullable String message,
                         List<Identifier> matchedBy, List<Identifier> identifiersAdded, List<String> rulesFired) {

    /** One decision per record. */
    public enum Action {
        /** The record made a new contact. */
        CREATED,
        /** The record went to an existing contact. */
        UPDATED,
        /** The record joined contacts into one. */
        MERGED,
        /** The record was refused; the entry's code says why. */
        REJECTED
    }

    /**
     * Checks the components and copies the collections.
     *
     * @param record the record's number (from 1)
     * @param action created, updated, merged or rejected
     * @param contactId the contact the record went to; {@code null} when rejected
     * @param contactsMerged contacts retired into {@code contactId} by this record
     * @param identifiersSkipped identifiers of the record the contact did not take, with their owners
     * @param code for a rejection, why: {@code invalid_identifier}, {@code invalid_record} or {@code conflict}
     * @param message for a rejection, the explanation
     * @param matchedBy identifiers of the record that already belonged to the contact it went to (or to a contact merged into it): why the record joined that contact; empty when it created one
     * @param identifiersAdded identifiers of the record the contact took from it
     * @param rulesFired the identity rules that changed the decision, such as {@code identifiers.emailaddress.blocked} or {@code merge.maxContactsPerMerge}; empty when the strategy alone decided
     */
    public AuditEntry {
        contactsMerged = List.copyOf(contactsMerged);
        identifiersSkipped = List.copyOf(identifiersSkipped);
        matchedBy = List.copyOf(matchedBy);
        identifiersAdded = List.copyOf(identifiersAdded);
        rulesFired = List.copyOf(rulesFired);
    }

    /**
     * An entry no identity rule changed.
     *
     * @param record             the record's number (from 1)
     * @param action             created, updated, merged or rejected
     * @param contactId          the contact the record went to; {@code null} when rejected
     * @param contactsMerged     contacts retired into {@code contactId} by this record
     * @param identifiersSkipped identifiers of the record the contact did not take, with their owners
     * @param code               for a rejection, why; else {@code null}
     * @param message            for a rejection, the explanation; else {@code null}
     * @param matchedBy          identifiers of the record that already belonged to the contact it went to
     * @param identifiersAdded   identifiers of the record the contact took from it
     */
    public AuditEntry(long record, Action action, String contactId, List<String> contactsMerged,
                      List<SkippedIdentifier> identifiersSkipped, String code, String message,
                      List<Identifier> matchedBy, List<Identifier> identifiersAdded) {
        this(record, action, contactId, contactsMerged, identifiersSkipped, code, message, matchedBy, identifiersAdded, List.of());
    }

    static AuditEntry rejected(long record, String code, String message) {
        return new AuditEntry(record, Action.REJECTED, null, List.of(), List.of(), code, message, List.of(), List.of());
    }

    /** {@return the contact the record went to; empty when rejected} */
    public Optional<String> contact() {
        return Optional.ofNullable(contactId);
    }

    /** {@return true when the record was refused} */
    public boolean isRejected() {
        return action == Action.REJECTED;
    }
}
