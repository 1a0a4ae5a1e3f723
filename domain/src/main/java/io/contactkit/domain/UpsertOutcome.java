package io.contactkit.domain;

import java.util.List;
import java.util.Objects;

/**
 * The result of a successful command: what happened ({@link Decision}) and the contact as it is afterwards.
 *
 * @param decision what happened
 * @param contact the contact as it is afterwards
 */
public record UpsertOutcome(Decision decision, Contact contact) {

    /**
     * Checks the components are present.
     *
     * @param decision what happened
     * @param contact the contact as it is afterwards
     */
    public UpsertOutcome {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(contact, "contact");
    }

    /** {@return true when the command created the contact} */
    public boolean created() {
        return decision.created();
    }

    /** {@return false when the command changed nothing (it was already applied)} */
    public boolean changed() {
        return decision.changed();
    }

    /** {@return identifiers newly owned by the contact} */
    public List<Identifier> identifiersAdded() {
        return decision.identifiersAdded();
    }

    /** {@return identifiers of the command the contact did not take, with their owners} */
    public List<SkippedIdentifier> identifiersSkipped() {
        return decision.identifiersSkipped();
    }

    /** {@return identifiers the command removed from the contact} */
    public List<Identifier> identifiersRemoved() {
        return decision.identifiersRemoved();
    }

    /** {@return identifiers the command asked to remove but the contact did not own} */
    public List<Identifier> removalsIgnored() {
        return decision.removalsIgnored();
    }

    /** {@return contacts retired into this one} */
    public List<String> contactsMerged() {
        return decision.contactsMerged();
    }
}
