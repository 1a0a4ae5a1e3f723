package io.contactkit.ports;

import io.contactkit.domain.Classification;
import io.contactkit.domain.Contact;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an upsert did: created or updated, the contact as the provider returned it, warnings about
 * anything not done as asked, and the provider's classification when it has one (Bridge's {@code type}).
 *
 * @param status created or updated
 * @param contact the contact as the provider returned it
 * @param warnings anything not done as asked (copied)
 * @param providerClassification the provider's classification of the contact, or {@code null}
 */
public record UpsertResult(Status status, Contact contact, List<Warning> warnings, @Nullable Classification providerClassification) {

    /** Created or updated. */
    public enum Status {
        /** A new contact was made. */
        CREATED,
        /** An existing contact was changed. */
        UPDATED;

        /**
         * The status as written in files and reports.
         *
         * @return {@code created} or {@code updated}
         */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Checks the parts and copies the warnings.
     *
     * @param status created or updated
     * @param contact the contact as the provider returned it
     * @param warnings anything not done as asked
     * @param providerClassification the provider's classification of the contact, or {@code null}
     */
    public UpsertResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(contact, "contact");
        warnings = List.copyOf(warnings);
    }

    /**
     * A result without warnings or classification.
     *
     * @param status created or updated
     * @param contact the contact as the provider returned it
     * @return the result
     */
    public static UpsertResult of(Status status, Contact contact) {
        return new UpsertResult(status, contact, List.of(), null);
    }

    /**
     * Whether the upsert made a new contact.
     *
     * @return true when created
     */
    public boolean created() {
        return status == Status.CREATED;
    }

    /**
     * The provider's classification of the contact.
     *
     * @return it, empty when the provider has none
     */
    public Optional<Classification> classification() {
        return Optional.ofNullable(providerClassification);
    }

    /**
     * This result with more warnings.
     *
     * @param more the warnings to add after the present ones
     * @return the result, this one when there are none to add
     */
    public UpsertResult withWarnings(List<Warning> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Warning> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new UpsertResult(status, contact, all, providerClassification);
    }
}
