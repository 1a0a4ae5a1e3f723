package io.contactkit.domain;

import java.util.List;

/**
 * What {@link ContactBook} decided for the last command applied through it, in primitives: the
 * contact number, whether it was created or changed, each given identifier's owner before the
 * command, the contacts merged. Every part of a {@link Decision}, an {@link UpsertFailure.Conflict}
 * or an {@link AuditEntry} follows from it, so the bulk path keeps this and builds those objects
 * only when asked. It also holds the scratch arrays a command is planned in, so applying a command
 * allocates nothing of its own. Mutable, reused from command to command; never leaves the package.
 */
final class DecisionTrace {

    /** The command succeeded; {@link #target} is its contact. */
    static final int APPLIED = 0;
    /** Under {@code strict_alias} the identifiers belong to two or more contacts; nothing changed. */
    static final int CONFLICT = 1;
    /** The command has no identifier; nothing changed. */
    static final int INVALID = 2;

    /** Every given identifier was added (a new contact). */
    static final int ADD_ALL = 0;
    /** Only the first identifier was added (a new contact under {@code first}). */
    static final int ADD_FIRST = 1;
    /** The given identifiers nobody owned were added. */
    static final int ADD_UNOWNED = 2;
    /** No identifier was added. */
    static final int ADD_NONE = 3;

    int status;
    UpsertCommand command;
    /** True for create and update by id, which skip no identifier; false for upserts, whose strategy says what was skipped. */
    boolean direct;
    int target;
    boolean created;
    boolean changed;
    int adds;
    /** Per given identifier, its owner (a live contact number) before the command, or {@link ContactBook#NONE}. */
    int[] owners = new int[8];
    /** The contacts retired into {@link #target}, oldest first. */
    int[] merged = new int[4];
    int mergedCount;
    List<Identifier> removed = List.of();
    List<Identifier> ignored = List.of();
    /** Identifiers the identity rules kept from the command (blocked, over a limit), in the order they were dropped. */
    List<SkippedIdentifier> ruleSkipped = List.of();
    /** The identity rules that changed the decision, such as {@code identifiers.emailaddress.blocked}. */
    List<String> rulesFired = List.of();
    /** True when the rules turned a {@code merge} into {@code first_alias}: the other contacts' identifiers were skipped as merge-protected. */
    boolean mergeProtected;

    /**
     * Begins the trace of a command. The references of this long-lived object are written only when
     * they must change: each such write costs the collector's card-marking barrier, whose fence waits
     * until the stores of the command before (writes to contacts and arena records that are rarely in
     * cache) have reached memory. The command itself changes every time, which is why the bulk path
     * looks its identifiers up (into {@link #room} made for them) before it begins.
     */
    void begin(UpsertCommand c, boolean isDirect, int identifiers) {
        command = c;
        direct = isDirect;
        room(identifiers);
        target = ContactBook.NONE;
        created = false;
        changed = false;
        adds = ADD_NONE;
        mergedCount = 0;
        if (!removed.isEmpty()) {
            removed = List.of();
        }
        if (!ignored.isEmpty()) {
            ignored = List.of();
        }
        if (mergeProtected || !ruleSkipped.isEmpty() || !rulesFired.isEmpty()) {
            ruleSkipped = List.of();
            rulesFired = List.of();
            mergeProtected = false;
        }
    }

    /** Makes room in {@link #owners} for so many identifiers (its content is not kept). */
    void room(int identifiers) {
        if (owners.length < identifiers) {
            owners = new int[identifiers];
        }
    }

    void addMerged(int contact) {
        if (mergedCount == merged.length) {
            merged = java.util.Arrays.copyOf(merged, merged.length * 2);
        }
        merged[mergedCount++] = contact;
    }

    /** The audit action of an applied command. */
    AuditEntry.Action action() {
        return created ? AuditEntry.Action.CREATED : mergedCount > 0 ? AuditEntry.Action.MERGED : AuditEntry.Action.UPDATED;
    }
}
