package io.contactkit.domain;

import io.contactkit.domain.ReplayableBook.Entry;
import io.contactkit.domain.ReplayableBook.Rejected;
import io.contactkit.domain.ReplayableBook.SplitResult;
import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** Splits contacts of a {@link ReplayableBook} by replaying their commands under other rules. */
final class Replay {

    private final ReplayableBook source;
    private final Supplier<String> freshIds;
    private final Set<String> used = new HashSet<>();
    // the id the next contact created takes: the one the command being replayed created the first time
    private String preferred;
    private long standIns;
    // stand-ins sort after every real contact, and their ids cannot be ids a provider hands out
    private static final String STAND_IN = "\u0000stand-in-";
    private static final java.time.Instant LAST = java.time.Instant.parse("9999-12-31T23:59:59Z");

    Replay(ReplayableBook source, Supplier<String> freshIds) {
        this.source = source;
        this.freshIds = freshIds;
    }

    Either<UpsertFailure, SplitResult> split(Collection<String> contactIds, IdentityRules rules) {
        ContactBook book = source.book();
        Set<String> affected = new LinkedHashSet<>();
        for (String id : contactIds) {
            if (book.get(id).isEmpty()) {
                // merged away: the contact that holds its records now is the one to name
                return Either.left(new UpsertFailure.NotFound(id, current(book, id)));
            }
            affected.add(id);
        }
        source.checkKept(affected);
        List<Entry> history = source.entries();
        // the entries whose contact stands for one of the affected now (Replay.current), in order
        int[] positions = source.positionsOf(book.standingFor(affected));
        ContactBook scratch = new ContactBook(book.workspace(), this::nextId, rules);
        DecisionTrace trace = new DecisionTrace();
        List<Entry> replayed = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Entry[] now = new Entry[positions.length];
        for (int i = 0; i < positions.length; i++) {
            Entry e = history.get(positions[i]);
            List<SkippedIdentifier> outside = new ArrayList<>(0);
            for (SkippedIdentifier h : e.heldElsewhere()) {
                String owner = current(book, h.ownerId());
                if (owner == null || !affected.contains(owner)) {
                    outside.add(h);
                }
            }
            List<String> standIns = standIns(book.workspace(), scratch, outside, e.limitedBy());
            preferred = e.created() ? e.contactId() : null;
            Either<UpsertFailure, Entry> done = replay(scratch, trace, e);
            if (done.isRight() && done.get().contactId().startsWith(STAND_IN)) {
                // under the new rules the command would go to a contact outside the split, which must not change
                String owner = outside.get(0).ownerId();
                done = Either.left(new UpsertFailure.Conflict(List.of(owner), java.util.Map.of()));
            }
            preferred = null;
            for (String s : standIns) {
                // a stand-in the new rules merged into a contact of the split is gone already; its identifiers are dropped below
                scratch.delete(s);
            }
            if (done.isRight()) {
                now[i] = ownersRestored(done.get(), e);
                replayed.add(now[i]);
            } else {
                rejected.add(new Rejected(e, done.getLeft()));
            }
        }
        for (String id : affected) {
            book.delete(id).getOrElseThrow(f -> new IllegalStateException("a contact to split vanished: " + f.message()));
        }
        List<Contact> contacts = new ArrayList<>();
        List<Identifier> dropped = new ArrayList<>();
        for (Contact c : scratch.contacts()) {
            Contact kept = withoutHeldElsewhere(book, c, dropped);
            book.restore(kept).getOrElseThrow(f -> new IllegalStateException("a split contact clashes with another: " + f.message()));
            contacts.add(kept);
        }
        book.useRules(rules);
        // the history now says where each replayed command went; a command now rejected belongs to no contact
        for (int i = 0; i < positions.length; i++) {
            source.replace(positions[i], now[i]);
        }
        return Either.right(new SplitResult(List.copyOf(affected), contacts, replayed, rejected, dropped));
    }

    /**
     * Before a command is replayed: each contact outside the split that held some of its identifiers
     * the first time is stood in for by a contact holding them again, with the outside contact's other
     * identifiers now (those the command does not name), so the rules count and compare as they did.
     * Stand-ins are created last (so never a merge's survivor) and join no merge under a cap on merges
     * per contact (a stand-in for a contact a cap kept out of the merge the first time turns the merge away before the
     * limits on identifiers per contact, as the cap did); they are deleted after the command. Returns their ids.
     */
    private List<String> standIns(String workspace, ContactBook scratch, List<SkippedIdentifier> outside, List<Contact> limitedBy) {
        if (outside.isEmpty()) {
            return List.of();
        }
        java.util.Map<String, Set<Identifier>> byOwner = new java.util.LinkedHashMap<>();
        // the owners a cap on merges kept out of the merge the first time
        Set<String> capped = new HashSet<>();
        for (SkippedIdentifier h : outside) {
            Set<Identifier> held = byOwner.computeIfAbsent(h.ownerId(), o -> new LinkedHashSet<>());
            held.add(h.identifier());
            if (h.reason() == SkippedIdentifier.Reason.MERGE_PROTECTED) {
                capped.add(h.ownerId());
            }
            limitedBy.stream().filter(c -> c.id().equals(h.ownerId())).forEach(c -> held.addAll(c.identifiers()));
        }
        List<String> ids = new ArrayList<>(byOwner.size());
        byOwner.forEach((owner, held) -> {
            Contact.Builder b = Contact.builder(STAND_IN + (++standIns), workspace, LAST).updatedAt(LAST);
            held.stream().filter(i -> scratch.ownerOf(i).isEmpty()).forEach(b::identifier);
            Contact c = scratch.restore(b.build()).getOrElseThrow(f -> new IllegalStateException("a stand-in clashes: " + f.message()));
            scratch.neverMerge(c.id(), capped.contains(owner));
            ids.add(c.id());
        });
        return ids;
    }

    /** The replayed entry with each identifier a stand-in held attributed to the contact it stood for, as that contact was then. */
    private static Entry ownersRestored(Entry replayed, Entry first) {
        List<SkippedIdentifier> held = new ArrayList<>(replayed.heldElsewhere().size());
        for (SkippedIdentifier s : replayed.heldElsewhere()) {
            String owner = s.ownerId();
            if (owner.startsWith(STAND_IN)) {
                owner = first.heldElsewhere().stream().filter(f -> f.identifier().equals(s.identifier())).map(SkippedIdentifier::ownerId)
                        .findFirst().orElse(owner);
            }
            held.add(new SkippedIdentifier(s.identifier(), owner, s.reason()));
        }
        List<Contact> limitedBy = new ArrayList<>();
        for (Contact c : replayed.limitedBy()) {
            if (!c.id().startsWith(STAND_IN)) {
                limitedBy.add(c);
            }
        }
        for (Contact c : first.limitedBy()) {
            if (held.stream().anyMatch(h -> h.ownerId().equals(c.id())) && limitedBy.stream().noneMatch(x -> x.id().equals(c.id()))) {
                limitedBy.add(c);
            }
        }
        return new Entry(replayed.number(), replayed.kind(), replayed.command(), replayed.target(), replayed.at(), replayed.contactId(),
                replayed.created(), held, limitedBy);
    }

    private static Contact withoutHeldElsewhere(ContactBook book, Contact c, List<Identifier> dropped) {
        List<Identifier> mine = new ArrayList<>(c.identifiers().size());
        for (Identifier i : c.identifiers()) {
            if (book.ownerOf(i).isPresent()) {
                dropped.add(i);
            } else {
                mine.add(i);
            }
        }
        if (mine.size() == c.identifiers().size()) {
            return c;
        }
        return c.toBuilder().clearIdentifiers().identifiers(mine).build();
    }

    private static Either<UpsertFailure, Entry> replay(ContactBook scratch, DecisionTrace trace, Entry e) {
        switch (e.kind()) {
            case RECORD: {
                if (scratch.applyRecord(e.command(), e.at(), trace) != DecisionTrace.APPLIED) {
                    return Either.left(scratch.failure(trace));
                }
                return Either.right(ReplayableBook.entry(e.number(), e.kind(), e.command(), e.target(), e.at(), scratch.id(trace.target),
                        trace.created, scratch.audit(e.number(), trace).identifiersSkipped(), scratch));
            }
            case UPSERT:
                return scratch.upsert(e.command(), e.at()).map(o -> wentTo(e, o, scratch));
            case CREATE:
                return scratch.create(e.command(), e.at()).map(o -> wentTo(e, o, scratch));
            default: {
                String target = current(scratch, e.target());
                if (target == null) {
                    return Either.left(new UpsertFailure.NotFound(e.target()));
                }
                return scratch.update(target, e.command(), e.at()).map(o -> wentTo(e, o, scratch));
            }
        }
    }

    private static Entry wentTo(Entry e, UpsertOutcome o, ContactBook scratch) {
        return ReplayableBook.entry(e.number(), e.kind(), e.command(), e.target(), e.at(), o.contact().id(), o.created(), o.identifiersSkipped(), scratch);
    }

    /** The live contact a contact id now stands for: itself, or the survivor it was merged into; {@code null} when deleted. */
    static String current(ContactBook book, String id) {
        if (book.liveNumber(id) != ContactBook.NONE) {
            return id;
        }
        return book.survivorOf(id).filter(s -> book.liveNumber(s) != ContactBook.NONE).orElse(null);
    }

    private String nextId() {
        String p = preferred;
        preferred = null;
        if (p != null && used.add(p)) {
            return p;
        }
        String id;
        do {
            id = freshIds.get();
        } while (!used.add(id));
        return id;
    }
}
