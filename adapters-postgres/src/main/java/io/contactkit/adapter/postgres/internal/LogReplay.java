package io.contactkit.adapter.postgres.internal;

import io.contactkit.adapter.postgres.LoggedCommand;
import io.contactkit.domain.AttributeChange;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.ReplayableBook;
import io.contactkit.domain.TextChange;
import io.contactkit.domain.UpsertFailure;
import io.vavr.control.Either;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A workspace's log replayed, in log order, through a {@link ReplayableBook}: each command under the
 * rules it was decided under, with the ids it gave contacts, and each logged split repeated with the
 * ids it drew. The book then holds exactly the stored contacts and the history a split replays.
 */
public final class LogReplay {

    private final ReplayableBook book;
    private final AtomicReference<String> next = new AtomicReference<>();
    private final Deque<String> logged = new ArrayDeque<>();
    private final List<String> drawn = new ArrayList<>();
    private Held held = new Held(List.of(), List.of());
    /** The log sequence of each command of the book's history, by its number (from 1): the first {@code commands} of them. */
    private long[] seqs = new long[1024];
    private int commands;
    private final Supplier<String> freshIds;

    /**
     * @param workspace the workspace
     * @param freshIds  ids for contacts a new split creates (a logged split reuses the ids it drew)
     */
    public LogReplay(String workspace, Supplier<String> freshIds) {
        this.freshIds = freshIds;
        this.book = new ReplayableBook(new ContactBook(workspace, () -> next.getAndSet(null)), this::freshId);
    }

    private String freshId() {
        String id = logged.poll();
        if (id == null) {
            id = freshIds.get();
            drawn.add(id);
        }
        return id;
    }

    /** {@return the book} */
    public ReplayableBook book() {
        return book;
    }

    /** Applies the next logged command; fails when it does not apply as it did. */
    public void apply(LoggedCommand e) {
        ContactBook b = book.book();
        if (e.operation() != LoggedCommand.Operation.SPLIT && !e.rules().equals(b.rules())) {
            b.useRules(e.rules());
        }
        next.set(e.contactId());
        Either<UpsertFailure, ?> done;
        // decided without building the contacts: the book would keep each until it changed, as much memory as their state
        switch (e.operation()) {
            case UPSERT -> done = book.decide(ReplayableBook.Kind.UPSERT, null, e.command(), e.at());
            case CREATE -> done = book.decide(ReplayableBook.Kind.CREATE, null, e.command(), e.at());
            case UPDATE -> done = book.decide(ReplayableBook.Kind.UPDATE, e.contactId(), e.command(), e.at());
            case DELETE -> done = book.delete(e.contactId());
            default -> {
                logged.addAll(e.split().freshIds());
                done = book.split(e.split().contacts(), e.rules());
                logged.clear();
            }
        }
        next.set(null);
        if (done.isLeft()) {
            throw new IllegalStateException("logged command " + e.seq() + " does not replay: " + done.getLeft().message());
        }
        if (e.operation() != LoggedCommand.Operation.DELETE && e.operation() != LoggedCommand.Operation.SPLIT) {
            if (commands == seqs.length) {
                seqs = java.util.Arrays.copyOf(seqs, 2 * commands);
            }
            seqs[commands++] = e.seq();
        }
    }

    /**
     * Splits as {@link ReplayableBook#split} does; the ids it drew are then {@link #drawn()}, and what the store held for the
     * contacts split {@link #held()}.
     */
    public Either<UpsertFailure, ReplayableBook.SplitResult> split(List<String> contactIds, io.contactkit.domain.IdentityRules rules) {
        drawn.clear();
        List<io.contactkit.domain.Identifier> identifiers = new ArrayList<>();
        for (String id : new java.util.LinkedHashSet<>(contactIds)) {
            book.book().get(id).ifPresent(c -> identifiers.addAll(c.identifiers()));
        }
        held = new Held(List.copyOf(book.standingFor(contactIds)), identifiers);
        return book.split(contactIds, rules);
    }

    /**
     * What the store held, before the last {@link #split}, for the contacts it split: the ids standing for them (each, and
     * the contacts merged into one, whose identifier rows may still name them) and the identifiers they held. Their
     * identifier rows are those of these identifiers that name one of these ids, found by key rather than by a scan.
     *
     * @return the ids and the identifiers
     */
    public Held held() {
        return held;
    }

    /**
     * What the store holds for contacts about to be split.
     *
     * @param ids         the ids standing for them
     * @param identifiers the identifiers they hold
     */
    public record Held(List<String> ids, List<io.contactkit.domain.Identifier> identifiers) {
    }

    /** {@return the ids the last {@link #split} drew for new contacts} */
    public List<String> drawn() {
        return List.copyOf(drawn);
    }

    /**
     * What the store keeps of each given live contact: its values stamped with the log sequence of the
     * command of its history that wrote each last (so later merges resolve by last write as the
     * engine does).
     */
    public Map<String, ContactState> states(List<Contact> contacts) {
        Map<String, Contact> byId = new LinkedHashMap<>();
        contacts.forEach(c -> byId.put(c.id(), c));
        Map<String, Map<String, ContactState.Stamp>> attributes = new HashMap<>();
        Map<String, ContactState.Stamp> owners = new HashMap<>();
        Map<String, ContactState.Stamp> languages = new HashMap<>();
        // the commands behind these contacts only, found through the book's index of its history
        for (ReplayableBook.Entry e : book.historyOf(byId.keySet())) {
            String now = book.current(e.contactId());
            long seq = seqs[(int) e.number() - 1];
            Map<String, ContactState.Stamp> mine = attributes.computeIfAbsent(now, k -> new LinkedHashMap<>());
            e.command().attributes().forEach((name, change) -> mine.merge(name,
                    new ContactState.Stamp(change instanceof AttributeChange.Set set ? set.value() : null, seq), LogReplay::later));
            e.command().owner().ifPresent(t -> owners.merge(now, stamp(t, seq), LogReplay::later));
            e.command().language().ifPresent(t -> languages.merge(now, stamp(t, seq), LogReplay::later));
        }
        Map<String, ContactState> out = new LinkedHashMap<>();
        byId.forEach((id, c) -> {
            Map<String, ContactState.Stamp> written = attributes.getOrDefault(id, Map.of());
            Map<String, ContactState.Stamp> ordered = new LinkedHashMap<>();
            c.attributes().forEach((name, value) -> ordered.put(name, new ContactState.Stamp(value,
                    Optional.ofNullable(written.get(name)).map(ContactState.Stamp::seq).orElseThrow())));
            written.forEach((name, s) -> {
                if (s.value() == null) {
                    ordered.putIfAbsent(name, s);
                }
            });
            // a split changes the rules, and counts of merges per contact start afresh with them
            out.put(id, new ContactState(c.identifiers(), ordered, c.lists(), c.accounts(), owners.get(id), languages.get(id)));
        });
        return out;
    }

    private static ContactState.Stamp stamp(TextChange t, long seq) {
        return new ContactState.Stamp(t.isRemoval() ? null : AttributeValue.of(t.newValue()), seq);
    }

    private static ContactState.Stamp later(ContactState.Stamp a, ContactState.Stamp b) {
        return b.seq() >= a.seq() ? b : a;
    }
}
