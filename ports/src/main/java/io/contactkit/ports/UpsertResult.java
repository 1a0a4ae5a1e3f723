package io.contactkit.ports;

import io.contactkit.domain.Classification;
import io.contactkit.domain.Contact;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an upsert did: created or updated, the contact as the provider returned it, warnings about
 * anything not done as asked, and the provider's classification when it has one (Bridge's {@code type}).
 */
public record UpsertResult(Status status, Contact contact, List<Warning> warnings, Classification providerClassification) {

    /** Created or updated. */
    public enum Status {
        CREATED, UPDATED;

        /** {@code created} or {@code updated}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public UpsertResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(contact, "contact");
        warnings = List.copyOf(warnings);
    }

    public static UpsertResult of(Status status, Contact contact) {
        return new UpsertResult(status, contact, List.of(), null);
    }

    public boolean created() {
        return status == Status.CREATED;
    }

    public Optional<Classification> classification() {
        return Optional.ofNullable(providerClassification);
    }

    public UpsertResult withWarnings(List<Warning> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Warning> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new UpsertResult(status, contact, all, providerClassification);
    }
}
