package io.contactkit.domain.testkit;

import io.contactkit.domain.Contact;
import io.contactkit.domain.SkippedIdentifier;
import io.contactkit.domain.UpsertFailure;
import io.contactkit.domain.UpsertOutcome;
import io.vavr.control.Either;

/** Names for what a step did, shared by the properties so their case tables read alike. */
public final class Cases {

    public static final String CREATED = "created";
    public static final String UPDATED = "updated (changed)";
    public static final String UNCHANGED = "updated (nothing changed)";
    public static final String MERGED = "merged >= 2 contacts";
    public static final String MERGED_3 = "merged >= 3 contacts";
    public static final String CONFLICT_STRICT = "conflict (strict_alias)";
    public static final String CONFLICT_CREATE = "conflict (create)";
    public static final String CONFLICT_UPDATE = "conflict (update)";
    public static final String NOT_FOUND = "not found";
    public static final String INVALID = "invalid (upsert without identifiers)";
    public static final String SKIPPED_FOREIGN = "skipped: owned by another contact";
    public static final String SKIPPED_FIRST = "skipped: strategy adds none";
    public static final String ADDED_TO_EXISTING = "identifiers added to an existing contact";
    public static final String REMOVED = "identifier removed";
    public static final String REMOVAL_IGNORED = "removal of an identifier not owned";
    public static final String DELETED = "deleted";

    private Cases() {
    }

    /** Counts what one step did, from the engine's answer. */
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
