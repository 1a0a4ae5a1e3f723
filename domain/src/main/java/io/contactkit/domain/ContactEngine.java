package io.contactkit.domain;

import io.vavr.control.Either;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The state of one workspace's contacts and the commands that change it, with docs/DESIGN.md's rules.
 *
 * <p>Deterministic: the same commands with the same times and the same generated ids give the same
 * state. Every failed command leaves the state exactly as it was. Time is passed in, never read.
 * Implementations are not thread-safe unless they say so; callers serialize access.
 */
public interface ContactEngine extends IdentityIndex {

    /**
     * Creates or updates the contact the command's strategy picks. A command without identifiers is
     * {@link UpsertFailure.Invalid}: nothing could match it, so repeating it would create contact after contact.
     */
    Either<UpsertFailure, UpsertOutcome> upsert(UpsertCommand command, Instant now);

    /** Creates a contact with all the command's identifiers; a conflict if any is already owned. The strategy is ignored. */
    Either<UpsertFailure, UpsertOutcome> create(UpsertCommand command, Instant now);

    /** Applies the command to one contact; its identifiers are added, a conflict if another contact owns one. */
    Either<UpsertFailure, UpsertOutcome> update(String contactId, UpsertCommand command, Instant now);

    /** Deletes a contact and frees its identifiers. */
    Either<UpsertFailure, Contact> delete(String contactId);

    Optional<Contact> get(String contactId);

    /** When {@code contactId} was retired by a merge: the contact that survived it. */
    Optional<String> survivorOf(String contactId);

    /** Every live contact, in creation order. */
    List<Contact> contacts();

    /** How many live contacts there are. */
    int size();
}
