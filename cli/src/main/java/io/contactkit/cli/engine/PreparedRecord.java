package io.contactkit.cli.engine;

import io.contactkit.domain.UpsertCommand;
import org.jspecify.annotations.Nullable;

/**
 * A record mapped and normalized as {@code dedupe} does: a valid command, or why it is rejected.
 *
 * @param number  the record's number (from 1)
 * @param command the command; null when rejected
 * @param code    the rejection code ({@code invalid_identifier}, {@code too_many_cells}, ...); null when valid
 * @param message the rejection message; null when valid
 */
public record PreparedRecord(long number, @Nullable UpsertCommand command, @Nullable String code, @Nullable String message) {

    /** {@return {@code true} when the record was rejected (it has no command)} */
    public boolean isRejected() {
        return command == null;
    }
}
