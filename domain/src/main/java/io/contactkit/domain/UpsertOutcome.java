package io.contactkit.domain;

import java.util.List;
import java.util.Objects;

/**
 * The result of a successful command: what happened ({@link Decision}) and the contact as it is afterwards.
 */
public record UpsertOutcome(Decision decision, Contact contact) {

    public UpsertOutcome {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(contact, "contact");
    }

    public boolean created() {
        return decision.created();
    }

    public boolean changed() {
        return decision.changed();
    }

    public List<Identifier> identifiersAdded() {
        return decision.identifiersAdded();
    }

    public List<SkippedIdentifier> identifiersSkipped() {
        return decision.identifiersSkipped();
    }

    public List<Identifier> identifiersRemoved() {
        return decision.identifiersRemoved();
    }

    public List<Identifier> removalsIgnored() {
        return decision.removalsIgnored();
    }

    public List<String> contactsMerged() {
        return decision.contactsMerged();
    }
}
