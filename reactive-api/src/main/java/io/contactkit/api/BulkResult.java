package io.contactkit.api;

import io.contactkit.domain.Contact;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.Warning;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one input of {@link ContactKit#upsertAll}: which input it was (its 0-based position
 * and the input itself), whether the contact was created or updated or the input failed, the contact
 * on success, the typed error on failure, and the provider's warnings.
 *
 * @param index    the input's 0-based position in the input stream
 * @param input    the input itself
 * @param status   created, updated or failed
 * @param contact  the contact as the provider returned it; present exactly when the input succeeded
 * @param error    the typed error; present exactly when the input failed
 * @param warnings anything the provider did not do as asked although the upsert succeeded
 * @param <T>      the type of the inputs
 */
public record BulkResult<T>(long index, T input, Status status, Optional<Contact> contact,
                            Optional<ProviderException> error, List<Warning> warnings) {

    /** What happened to one input. */
    public enum Status {
        CREATED, UPDATED, FAILED;

        /** {@code created}, {@code updated} or {@code failed}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public BulkResult {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(error, "error");
        warnings = List.copyOf(warnings);
        if ((status == Status.FAILED) != error.isPresent() || (status == Status.FAILED) == contact.isPresent()) {
            throw new IllegalArgumentException("a failed result carries an error and no contact; a successful one a contact and no error");
        }
    }

    /** A successful result from the provider's answer. */
    public static <T> BulkResult<T> success(long index, T input, UpsertResult result) {
        return new BulkResult<>(index, input, result.created() ? Status.CREATED : Status.UPDATED,
                Optional.of(result.contact()), Optional.empty(), result.warnings());
    }

    /** A failed result. */
    public static <T> BulkResult<T> failure(long index, T input, ProviderException error) {
        return new BulkResult<>(index, input, Status.FAILED, Optional.empty(), Optional.of(error), List.of());
    }

    /** True when the input was created or updated. */
    public boolean succeeded() {
        return status != Status.FAILED;
    }

    /** True when the input failed. */
    public boolean failed() {
        return status == Status.FAILED;
    }
}
