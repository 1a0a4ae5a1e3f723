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
     *
     * @param command the command
     * @param now the time stamped on changed contacts
     * @return the outcome, or why the command failed
     */
    Either<UpsertFailure, UpsertOutcome> upsert(UpsertCommand command, Instant now);

    /**
     * Creates a contact with all the command's identifiers; a conflict if any is already owned. The strategy is ignored.
     *
     * @param command the command
     * @param now the time stamped on the new contact
     * @return the outcome, or why the command failed
     */
    Either<UpsertFailure, UpsertOutcome> create(UpsertCommand command, Instant now);

    /**
     * Applies the command to one contact; its identifiers are added, a conflict if another contact owns one.
     *
     * @param contactId the contact's id
     * @param command the command
     * @param now the time stamped on the contact
     * @return the outcome, or why the command failed
     */
    Either<UpsertFailure, UpsertOutcome> update(String contactId, UpsertCommand command, Instant now);

    /**
     * Deletes a contact and frees its identifiers.
     *
     * @param contactId the contact's id
     * @return the deleted contact, or {@link UpsertFailure.NotFound}
     */
    Either<UpsertFailure, Contact> delete(String contactId);

    /**
     * A live contact.
     *
     * @param contactId the contact's id
     * @return the contact; empty when there is none
     */
    Optional<Contact> get(String contactId);

    /**
     * When {@code contactId} was retired by a merge: the contact that survived it.
     *
     * @param contactId the retired contact's id
     * @return the survivor's id; empty when the contact was not merged away
     */
    Optional<String> survivorOf(String contactId);

    /** {@return every live contact, in creation order} */
    List<Contact> contacts();

    /** {@return how many live contacts there are} */
    int size();
}
