package io.contactkit.api;

import io.contactkit.domain.Contact;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.Warning;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one input of {@link ContactKit#upsertAll}: which input it was (its 0-based position
 * and the input itself), whether the contact was created or updated or the input failed, the contact
 * on success, the typed error on failure, and the provider's warnings. Immutable.
 *
 * @param <T> the type of the inputs
 */
public final class BulkResult<T> {

    /** What happened to one input. */
    public enum Status {
        /** The provider made a new contact. */
        CREATED,
        /** The provider changed an existing contact. */
        UPDATED,
        /** The input failed; {@link BulkResult#error()} says why. */
        FAILED;

        /** {@return {@code created}, {@code updated} or {@code failed}} */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final long index;
    private final T input;
    private final Status status;
    private final Contact contact;
    private final ProviderException error;
    private final List<Warning> warnings;

    private BulkResult(long index, T input, Status status, Contact contact, ProviderException error, List<Warning> warnings) {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
        this.index = index;
        this.input = input;
        this.status = Objects.requireNonNull(status, "status");
        this.contact = contact;
        this.error = error;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * A successful result from the provider's answer.
     *
     * @param index the input's 0-based position
     * @param input the input
     * @param result the provider's answer
     * @param <T> the type of the inputs
     * @return the result
     */
    public static <T> BulkResult<T> success(long index, T input, UpsertResult result) {
        return new BulkResult<>(index, input, result.created() ? Status.CREATED : Status.UPDATED,
                Objects.requireNonNull(result.contact(), "contact"), null, result.warnings());
    }

    /**
     * A failed result.
     *
     * @param index the input's 0-based position
     * @param input the input
     * @param error why it failed
     * @param <T> the type of the inputs
     * @return the result
     */
    public static <T> BulkResult<T> failure(long index, T input, ProviderException error) {
        return new BulkResult<>(index, input, Status.FAILED, null, Objects.requireNonNull(error, "error"), List.of());
    }

    /** {@return the input's 0-based position in the input stream} */
    public long index() {
        return index;
    }

    /** {@return the input itself} */
    public T input() {
        return input;
    }

    /** {@return created, updated or failed} */
    public Status status() {
        return status;
    }

    /** {@return the contact as the provider returned it; present exactly when the input succeeded} */
    public Optional<Contact> contact() {
        return Optional.ofNullable(contact);
    }

    /**
     * The typed error of a failed input.
     *
     * @return the error, never {@code null} when {@link #failed()} is true; {@code null} when the input succeeded
     */
    public @Nullable ProviderException error() {
        return error;
    }

    /** {@return anything the provider did not do as asked although the upsert succeeded} */
    public List<Warning> warnings() {
        return warnings;
    }

    /** {@return true when the input was created or updated} */
    public boolean succeeded() {
        return status != Status.FAILED;
    }

    /** {@return true when the input failed} */
    public boolean failed() {
        return status == Status.FAILED;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BulkResult<?> r && index == r.index && Objects.equals(input, r.input) && status == r.status
                && Objects.equals(contact, r.contact) && Objects.equals(error, r.error) && warnings.equals(r.warnings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, input, status, contact, error, warnings);
    }

    @Override
    public String toString() {
        return "BulkResult[index=" + index + ", status=" + status + (contact == null ? "" : ", contact=" + contact.id())
                + (error == null ? "" : ", error=" + error.getMessage()) + (warnings.isEmpty() ? "" : ", warnings=" + warnings) + "]";
    }
}
