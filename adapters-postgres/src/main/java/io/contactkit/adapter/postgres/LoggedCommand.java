package io.contactkit.adapter.postgres;

import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.UpsertCommand;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One accepted command from the store's log, in the order the commands took effect.
 *
 * @param seq       the log sequence: commands that touched the same identifiers or contacts are in commit order
 * @param at        the instant the command was applied with (the contacts' timestamps)
 * @param operation what was asked
 * @param contactId the contact created, updated or deleted
 * @param command   the command as applied ({@code null} for a deletion)
 * @param audit     the decision, numbered by {@code seq} ({@code null} for a deletion)
 * @param rules     the identity rules the command was decided under (hub rules aside), so that a replay of the
 *                  log decides each command as the store did; for a split, the rules it replayed under
 * @param split     for a {@link Operation#SPLIT}, the contacts split and the ids it gave new contacts; else {@code null}
 */
public record LoggedCommand(long seq, Instant at, Operation operation, @Nullable String contactId, @Nullable UpsertCommand command,
                            @Nullable AuditEntry audit, IdentityRules rules, @Nullable Split split) {

    /**
     * What a split by replay was asked and drew: replaying the log repeats it exactly.
     *
     * @param contacts the contacts split, as named
     * @param freshIds the ids drawn for contacts no replayed command had created before, in the order drawn
     */
    public record Split(List<String> contacts, List<String> freshIds) {
        /**
         * Copies the lists.
         *
         * @param contacts the contacts split, as named
         * @param freshIds the ids drawn for new contacts, in order
         */
        public Split {
            contacts = List.copyOf(contacts);
            freshIds = List.copyOf(freshIds);
        }
    }

    /**
     * A command decided under no identity rules.
     *
     * @param seq       the log sequence
     * @param at        the instant the command was applied with
     * @param operation what was asked
     * @param contactId the contact created, updated or deleted
     * @param command   the command as applied ({@code null} for a deletion)
     * @param audit     the decision ({@code null} for a deletion)
     */
    public LoggedCommand(long seq, Instant at, Operation operation, String contactId, @Nullable UpsertCommand command,
                         @Nullable AuditEntry audit) {
        this(seq, at, operation, contactId, command, audit, IdentityRules.NONE, null);
    }

    /** The port operation a logged command came through. */
    public enum Operation {
        /** {@link io.contactkit.ports.ContactProvider#upsert}. */
        UPSERT,
        /** {@link io.contactkit.ports.ContactProvider#create}. */
        CREATE,
        /** {@link io.contactkit.ports.ContactProvider#update}. */
        UPDATE,
        /** {@link io.contactkit.ports.ContactProvider#delete}. */
        DELETE,
        /** {@link PostgresContactProvider#split}: contacts split by replay under (perhaps) other identity rules. */
        SPLIT
    }

    /** {@return the decision; empty for a deletion} */
    public Optional<AuditEntry> decision() {
        return Optional.ofNullable(audit);
    }
}
