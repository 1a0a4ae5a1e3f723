package io.contactkit.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Audit building: turns the {@link DecisionTrace} a {@link ContactBook} command left into what a
 * caller sees, a {@link Decision}, an {@link UpsertFailure} or a record's {@link AuditEntry}, naming
 * contacts by id. Built only on request, so the bulk path of a deduplication run allocates nothing
 * per record. Reads only: a trace is read as the command left it, before the next command. Never
 * leaves the package.
 */
final class TraceResults {

    private static final UpsertFailure.Invalid NO_IDENTIFIER = new UpsertFailure.Invalid(io.vavr.collection.List.of(
            Violation.of("identifiers", "missing_identifier", "an upsert needs at least one identifier: the first one picks the contact")));

    private final ContactIds ids;

    TraceResults(ContactIds ids) {
        this.ids = ids;
    }

    /** The identifiers of a command owned by other contacts, gathered into the conflict they make. */
    final class Conflict {
        private final Map<Identifier, String> owned = new LinkedHashMap<>();
        private final List<String> contacts = new ArrayList<>();

        /** The contacts named in the conflict start with {@code contactId} (the contact an update is for). */
        Conflict(String contactId) {
            contacts.add(contactId);
        }

        Conflict() {
        }

        /** Notes that contact number {@code owner} owns the identifier. */
        void owned(Identifier identifier, int owner) {
            String ownerId = ids.id(owner);
            owned.put(identifier, ownerId);
            if (!contacts.contains(ownerId)) {
                contacts.add(ownerId);
            }
        }

        /** True when no identifier is owned by another contact: no conflict. */
        boolean isEmpty() {
            return owned.isEmpty();
        }

        UpsertFailure.Conflict failure() {
            return new UpsertFailure.Conflict(contacts, owned);
        }
    }

    Decision decision(DecisionTrace t) {
        return new Decision(ids.id(t.target), t.created, t.changed, added(t), skipped(t), t.removed, t.ignored, mergedIds(t));
    }

    UpsertFailure failure(DecisionTrace t) {
        if (t.status == DecisionTrace.INVALID) {
            return t.ruleSkipped.isEmpty() ? NO_IDENTIFIER : new UpsertFailure.Invalid(io.vavr.collection.List.of(Violation.of("identifiers",
                    "missing_identifier", "every identifier of the upsert is blocked by the identity rules: " + t.ruleSkipped)));
        }
        List<Identifier> given = t.command.identifiers();
        Conflict conflict = new Conflict();
        for (int i = 0; i < given.size(); i++) {
            if (t.owners[i] != ContactTable.NONE) {
                conflict.owned(given.get(i), t.owners[i]);
            }
        }
        return conflict.failure();
    }

    /** The audit entry of a traced command (applied or failed) that was record number {@code record}. */
    AuditEntry audit(long record, DecisionTrace t) {
        if (t.status != DecisionTrace.APPLIED) {
            UpsertFailure f = failure(t);
            return AuditEntry.rejected(record, f instanceof UpsertFailure.Invalid ? "invalid_record" : f.code(), f.message());
        }
        return new AuditEntry(record, t.action(), ids.id(t.target), mergedIds(t), skipped(t), null, null, matched(t), added(t), t.rulesFired);
    }

    /** The given identifiers owned, before the command, by its contact or by a contact merged into it. */
    private static List<Identifier> matched(DecisionTrace t) {
        if (t.created) {
            return List.of();
        }
        List<Identifier> given = t.command.identifiers();
        List<Identifier> out = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            int o = t.owners[i];
            if (o != ContactTable.NONE && (o == t.target || isMergedInto(t, o))) {
                out.add(given.get(i));
            }
        }
        return out;
    }

    private static boolean isMergedInto(DecisionTrace t, int contact) {
        for (int k = 0; k < t.mergedCount; k++) {
            if (t.merged[k] == contact) {
                return true;
            }
        }
        return false;
    }

    private static List<Identifier> added(DecisionTrace t) {
        List<Identifier> given = t.command.identifiers();
        switch (t.adds) {
            case DecisionTrace.ADD_ALL:
                return given;
            case DecisionTrace.ADD_FIRST:
                return List.of(given.get(0));
            case DecisionTrace.ADD_UNOWNED: {
                List<Identifier> out = new ArrayList<>();
                for (int i = 0; i < given.size(); i++) {
                    if (t.owners[i] == ContactTable.NONE) {
                        out.add(given.get(i));
                    }
                }
                return out;
            }
            default:
                return List.of();
        }
    }

    private List<SkippedIdentifier> skipped(DecisionTrace t) {
        List<SkippedIdentifier> byStrategy = skippedByStrategy(t);
        if (t.ruleSkipped.isEmpty()) {
            return byStrategy;
        }
        List<SkippedIdentifier> out = new ArrayList<>(byStrategy);
        out.addAll(t.ruleSkipped);
        return out;
    }

    private List<SkippedIdentifier> skippedByStrategy(DecisionTrace t) {
        Strategy s = t.command.strategy();
        if (t.direct || s == Strategy.STRICT_ALIAS || s == Strategy.MERGE || (t.created && s == Strategy.FIRST_ALIAS)) {
            return List.of();
        }
        List<Identifier> given = t.command.identifiers();
        List<SkippedIdentifier> out = new ArrayList<>();
        for (int i = t.created ? 1 : 0; i < given.size(); i++) {
            int o = t.created ? ContactTable.NONE : t.owners[i];
            if (o == ContactTable.NONE) {
                if (s == Strategy.FIRST) {
                    out.add(new SkippedIdentifier(given.get(i), null, SkippedIdentifier.Reason.STRATEGY_ADDS_NONE));
                }
            } else if (o != t.target) {
                out.add(new SkippedIdentifier(given.get(i), ids.id(o), t.mergeProtected ? SkippedIdentifier.Reason.MERGE_PROTECTED
                        : SkippedIdentifier.Reason.OWNED_BY_ANOTHER_CONTACT));
            }
        }
        return out;
    }

    private List<String> mergedIds(DecisionTrace t) {
        if (t.mergedCount == 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>(t.mergedCount);
        for (int k = 0; k < t.mergedCount; k++) {
            out.add(ids.id(t.merged[k]));
        }
        return out;
    }
}
