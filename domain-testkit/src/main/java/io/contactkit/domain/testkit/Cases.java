package io.contactkit.domain.testkit;

import io.contactkit.domain.Contact;
import io.contactkit.domain.SkippedIdentifier;
import io.contactkit.domain.UpsertFailure;
import io.contactkit.domain.UpsertOutcome;
import io.vavr.control.Either;

/** Names for what a step did, shared by the properties so their case tables read alike. */
public final class Cases {

    /**
     * An upsert or create made a contact.
     */
    public static final String CREATED = "created";
    /**
     * An upsert or update changed a contact.
     */
    public static final String UPDATED = "updated (changed)";
    /**
     * An upsert or update changed nothing.
     */
    public static final String UNCHANGED = "updated (nothing changed)";
    /**
     * An upsert merged two or more contacts.
     */
    public static final String MERGED = "merged >= 2 contacts";
    /**
     * An upsert merged three or more contacts.
     */
    public static final String MERGED_3 = "merged >= 3 contacts";
    /**
     * A {@code strict_alias} upsert conflicted.
     */
    public static final String CONFLICT_STRICT = "conflict (strict_alias)";
    /**
     * A create conflicted.
     */
    public static final String CONFLICT_CREATE = "conflict (create)";
    /**
     * An update conflicted.
     */
    public static final String CONFLICT_UPDATE = "conflict (update)";
    /**
     * A step named a contact that does not exist.
     */
    public static final String NOT_FOUND = "not found";
    /**
     * An upsert without identifiers was refused.
     */
    public static final String INVALID = "invalid (upsert without identifiers)";
    /**
     * An identifier was skipped because another contact owns it.
     */
    public static final String SKIPPED_FOREIGN = "skipped: owned by another contact";
    /**
     * An identifier was skipped because the strategy adds none.
     */
    public static final String SKIPPED_FIRST = "skipped: strategy adds none";
    /**
     * Identifiers were added to an existing contact.
     */
    public static final String ADDED_TO_EXISTING = "identifiers added to an existing contact";
    /**
     * An identifier was removed.
     */
    public static final String REMOVED = "identifier removed";
    /**
     * A removal named an identifier the contact does not own.
     */
    public static final String REMOVAL_IGNORED = "removal of an identifier not owned";
    /**
     * A contact was deleted.
     */
    public static final String DELETED = "deleted";

    private Cases() {
    }

    /**
     * Counts what one step did, from the engine's answer.
     *
     * @param op the step
     * @param result what the engine answered
     * @param counts the table to count in
     */
    @SuppressWarnings("unchecked")
    public static void classify(Op op, Object result, CaseCounts counts) {
        Either<UpsertFailure, ?> r = (Either<UpsertFailure, ?>) result;
        String kind = op.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        if (r.isLeft()) {
            UpsertFailure f = r.getLeft();
            if (f instanceof UpsertFailure.NotFound) {
                counts.count(NOT_FOUND);
            } else if (f instanceof UpsertFailure.Invalid) {
                counts.count(INVALID);
            } else if (op instanceof Op.Create) {
                counts.count(CONFLICT_CREATE);
            } else if (op instanceof Op.Update) {
                counts.count(CONFLICT_UPDATE);
            } else {
                counts.count("conflict (" + op.command().strategy().wireName() + ")");
            }
            return;
        }
        if (r.get() instanceof Contact) {
            counts.count(DELETED);
            return;
        }
        UpsertOutcome o = (UpsertOutcome) r.get();
        String strategy = op instanceof Op.Upsert ? " [" + op.command().strategy().wireName() + "]" : " [" + kind + "]";
        if (o.created()) {
            counts.count(CREATED);
            counts.count(CREATED + strategy);
        } else if (o.decision().merged()) {
            counts.count(MERGED);
            counts.countIf(o.contactsMerged().size() >= 2, MERGED_3);
        } else if (o.changed()) {
            counts.count(UPDATED);
            counts.count(UPDATED + strategy);
        } else {
            counts.count(UNCHANGED);
        }
        if (!o.created() && !o.identifiersAdded().isEmpty()) {
            counts.count(ADDED_TO_EXISTING);
        }
        for (SkippedIdentifier s : o.identifiersSkipped()) {
            counts.count(s.reason() == SkippedIdentifier.Reason.OWNED_BY_ANOTHER_CONTACT ? SKIPPED_FOREIGN : SKIPPED_FIRST);
        }
        counts.countIf(!o.identifiersRemoved().isEmpty(), REMOVED);
        counts.countIf(!o.removalsIgnored().isEmpty(), REMOVAL_IGNORED);
    }
}
