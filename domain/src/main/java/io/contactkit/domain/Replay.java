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

    Replay(ReplayableBook source, Supplier<String> freshIds) {
        this.source = source;
        this.freshIds = freshIds;
    }

    Either<UpsertFailure, SplitResult> split(Collection<String> contactIds, IdentityRules rules) {
        ContactBook book = source.book();
        Set<String> affected = new LinkedHashSet<>();
        for (String id : contactIds) {
            if (book.get(id).isEmpty()) {
                return Either.left(new UpsertFailure.NotFound(id));
            }
            affected.add(id);
        }
        List<Entry> history = source.entries();
        List<Integer> positions = new ArrayList<>();
        Set<Identifier> foreign = new HashSet<>();
        for (int k = 0; k < history.size(); k++) {
            Entry e = history.get(k);
            if (affected.contains(current(book, e.contactId()))) {
                positions.add(k);
                for (Identifier i : e.command().identifiers()) {
                    Optional<String> owner = book.ownerOf(i);
                    if (owner.isPresent() && !affected.contains(owner.get())) {
                        foreign.add(i);
                    }
                }
            }
        }
        // identifiers owned outside the split stay there: the replay treats them as blocked
        IdentityRules scratchRules = foreign.isEmpty() ? rules : rules.withBlocked(foreign);
        ContactBook scratch = new ContactBook(book.workspace(), this::nextId, scratchRules);
        DecisionTrace trace = new DecisionTrace();
        List<Entry> replayed = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Entry[] now = new Entry[history.size()];
        for (int k : positions) {
            Entry e = history.get(k);
            preferred = e.created() ? e.contactId() : null;
            Either<UpsertFailure, Entry> done = replay(scratch, trace, e);
            preferred = null;
            if (done.isRight()) {
                now[k] = done.get();
                replayed.add(done.get());
            } else {
                rejected.add(new Rejected(e, done.getLeft()));
            }
        }
        for (String id : affected) {
            book.delete(id).getOrElseThrow(f -> new IllegalStateException("a contact to split vanished: " + f.message()));
        }
        List<Contact> contacts = scratch.contacts();
        for (Contact c : contacts) {
            book.restore(c).getOrElseThrow(f -> new IllegalStateException("a split contact clashes with another: " + f.message()));
        }
        book.useRules(rules);
        // the history now says where each replayed command went; a command now rejected belongs to no contact
        List<Entry> kept = new ArrayList<>(history.size());
        Set<Integer> replayedAt = new HashSet<>(positions);
        for (int k = 0; k < history.size(); k++) {
            if (!replayedAt.contains(k)) {
                kept.add(history.get(k));
            } else if (now[k] != null) {
                kept.add(now[k]);
            }
        }
        history.clear();
        history.addAll(kept);
        return Either.right(new SplitResult(List.copyOf(affected), contacts, replayed, rejected));
    }

    private static Either<UpsertFailure, Entry> replay(ContactBook scratch, DecisionTrace trace, Entry e) {
        switch (e.kind()) {
            case RECORD: {
                if (scratch.applyRecord(e.command(), e.at(), trace) != DecisionTrace.APPLIED) {
                    return Either.left(scratch.failure(trace));
                }
                return Either.right(e.wentTo(scratch.id(trace.target), trace.created));
            }
            case UPSERT:
                return scratch.upsert(e.command(), e.at()).map(o -> e.wentTo(o.contact().id(), o.created()));
            case CREATE:
                return scratch.create(e.command(), e.at()).map(o -> e.wentTo(o.contact().id(), true));
            default: {
                String target = current(scratch, e.target());
                if (target == null) {
                    return Either.left(new UpsertFailure.NotFound(e.target()));
                }
                return scratch.update(target, e.command(), e.at()).map(o -> e.wentTo(o.contact().id(), false));
            }
        }
    }

    /** The live contact a contact id now stands for: itself, or the survivor it was merged into; {@code null} when deleted. */
    private static String current(ContactBook book, String id) {
        if (book.get(id).isPresent()) {
            return id;
        }
        return book.survivorOf(id).filter(s -> book.get(s).isPresent()).orElse(null);
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
