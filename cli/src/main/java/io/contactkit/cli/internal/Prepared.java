package io.contactkit.cli.internal;

import io.contactkit.domain.UpsertCommand;

/**
 * A record ready for the engine or a provider: a valid command, or the reason it is rejected.
 *
 * @param number  the record's number (from 1)
 * @param command the command; null when rejected
 * @param code    the rejection code ({@code invalid_identifier}, {@code too_many_cells}, ...); null when valid
 * @param message the rejection message; null when valid
 */
public record Prepared(long number, UpsertCommand command, String code, String message) {

    static Prepared valid(long number, UpsertCommand command) {
        return new Prepared(number, command, null, null);
    }

    static Prepared rejected(long number, String code, String message) {
        return new Prepared(number, null, code, message);
    }

    public boolean isRejected() {
        return command == null;
    }
}
