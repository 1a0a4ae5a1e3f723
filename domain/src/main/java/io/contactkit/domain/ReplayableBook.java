package io.contactkit.domain;

import io.vavr.control.Either;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ContactBook} that keeps the history of the commands applied to it, so that contacts can
 * be split by replay: {@link #split} replays the commands behind some contacts under changed
 * identity rules (a value newly blocked, a lower limit) and puts the contacts that result in their
 * place, leaving every other contact as it was.
 *
 * <p>The history holds every successful command with its time and the contact it went to, in memory, each command in a
 * compact form (its content as bytes, a few dozen for the usual command) that is made whole again only for the entries a
 * split replays or a caller reads ({@link #history()}, {@link #historyOf}): a small part of the size of the commands
 * themselves. A caller that knows which records it will split may keep those alone
 * ({@link #ReplayableBook(ContactBook, Supplier, LongPredicate)}). Not thread-safe: callers serialize access, as for
 * the book.
 */
public final class ReplayableBook {

    /** How a logged command was applied. */
    public enum Kind {
        /** {@link ContactBook#upsert}. */
        UPSERT,
        /** A record of a deduplication run: as an upsert, but a record without identifiers is a contact of its own. */
        RECORD,
        /** {@link ContactBook#create}. */
        CREATE,
        /** {@link ContactBook#update} of {@link Entry#target()}. */
        UPDATE
    }

    /**
     * One applied command.
     *
     * @param number    its number: a record number for {@link Kind#RECORD}, else its place among the other commands (from 1)
     * @param kind      how it was applied
     * @param command   the command as given (the rules in force decide again on replay)
     * @param target    the contact an {@link Kind#UPDATE} named, else {@code null}
     * @param at        when it was applied
     * @param contactId the contact it went to
     * @param created   true when it created that contact
     * @param heldElsewhere identifiers of the command it did not take because another contact held them, with that contact
     * @param limitedBy     the contacts that held identifiers skipped at a {@code maxPerContact} limit, as they were then
     *                      (a replay needs what they held to decide the same way)
     */
    public record Entry(long number, Kind kind, UpsertCommand command, @Nullable String target, Instant at, String contactId, boolean created,
                        List<SkippedIdentifier> heldElsewhere, List<Contact> limitedBy) {
        /**
         * Checks the components and copies the collections.
         *
         * @param number its number: a record number for {@link Kind#RECORD}, else its place among the other commands (from 1)
         * @param kind how it was applied
         * @param command the command as given (the rules in force decide again on replay)
         * @param target the contact an {@link Kind#UPDATE} named, else {@code null}
         * @param at when it was applied
         * @param contactId the contact it went to
         * @param created true when it created that contact
         * @param heldElsewhere identifiers of the command it did not take because another contact held them, with that contact
         * @param limitedBy the contacts that held identifiers skipped at a {@code maxPerContact} limit, as they were then (a replay needs what they held to decide the same way)
         */
        public Entry {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(contactId, "contactId");
            heldElsewhere = List.copyOf(heldElsewhere);
            limitedBy = List.copyOf(limitedBy);
        }
    }

    static Entry entry(long number, Kind kind, UpsertCommand command, @Nullable String target, Instant at, String contactId, boolean created,
                       List<SkippedIdentifier> skipped, ContactBook book) {
        List<SkippedIdentifier> held = heldByOthers(skipped);
        List<Contact> limitedBy = new ArrayList<>(0);
        for (SkippedIdentifier h : held) {
            if (h.reason() == SkippedIdentifier.Reason.LIMIT && limitedBy.stream().noneMatch(c -> c.id().equals(h.ownerId()))) {
                book.get(h.ownerId()).ifPresent(limitedBy::add);
            }
        }
        return new Entry(number, kind, command, target, at, contactId, created, held, limitedBy);
    }

    static List<SkippedIdentifier> heldByOthers(List<SkippedIdentifier> skipped) {
        List<SkippedIdentifier> out = new ArrayList<>(0);
        for (SkippedIdentifier s : skipped) {
            if (s.ownerId() != null) {
                out.add(s);
            }
        }
        return out;
    }

    private final ContactBook book;
    private final Supplier<String> freshIds;
    // in the order applied, each entry compact (made whole again only when read: a split reads the entries it replays); an
    // entry keeps its position for good (a split writes where the command went now in its place, or null where the new
    // rules rejected it)
    private final History history;
    // per contact id, the positions of the entries that went to it: {count, positions...} (some may have gone elsewhere
    // since); made by the first split, then kept up to date, so that a later split finds its contacts' entries without a
    // pass over the whole history
    private Map<String, int[]> positions;
    private final DecisionTrace trace = new DecisionTrace();
    private final LongPredicate replayable;
    // records applied but not kept (replayable said no): the contact each went to, so that a split needing one is refused
    private final List<String> unkept = new ArrayList<>();
    private long lastRecord = Long.MIN_VALUE;
    private long sequence;

    /**
     * @param book     the book, empty, whose commands go through this one from now on
     * @param freshIds ids for contacts a split creates that no command created before; must never repeat
     *                 the book's own ids
     */
    public ReplayableBook(ContactBook book, Supplier<String> freshIds) {
        this(book, freshIds, number -> true);
    }

    /**
     * As {@link #ReplayableBook(ContactBook, Supplier)}, keeping in the history only the records (of {@link #record}) whose
     * number {@code replayable} accepts: for a caller that knows which contacts it will split and which records went to
     * them (from an earlier run over the same input), so that the history holds those records alone instead of every
     * one. Every record is applied all the same, and commands of the other kinds are always kept. A split of a contact
     * that a record not kept went to is refused ({@link IllegalStateException}), never made from part of its history.
     *
     * @param book       the book, empty, whose commands go through this one from now on
     * @param freshIds   ids for contacts a split creates that no command created before; must never repeat the book's own ids
     * @param replayable the record numbers to keep for a split
     */
    public ReplayableBook(ContactBook book, Supplier<String> freshIds, LongPredicate replayable) {
        this(book, freshIds, replayable, true);
    }

    /**
     * As {@link #ReplayableBook(ContactBook, Supplier, LongPredicate)}; with {@code compact} false, the history keeps each
     * entry whole, as given (what a compact history is compared with: both must split alike).
     */
    ReplayableBook(ContactBook book, Supplier<String> freshIds, LongPredicate replayable, boolean compact) {
        this.history = new History(compact);
        this.book = Objects.requireNonNull(book, "book");
        this.freshIds = Objects.requireNonNull(freshIds, "freshIds");
        this.replayable = Objects.requireNonNull(replayable, "replayable");
        if (book.size() != 0) {
            throw new IllegalArgumentException("the book must start empty: its history would be incomplete");
        }
    }

    /** {@return the book, for reads}. Commands must go through this object, or the history misses them. */
    public ContactBook book() {
        return book;
    }

    /**
     * The live contact an id now stands for: the contact itself while it lives, else the live survivor it
     * was merged into; {@code null} when neither lives (deleted, or split away).
     *
     * @param contactId a contact id of this book, live or not
     *
     * @return the live contact's id, or {@code null}
     */
    public String current(String contactId) {
        return Replay.current(book, Objects.requireNonNull(contactId, "contactId"));
    }

    /**
     * The ids that stand for these live contacts now: each of them, and the ids of contacts merged into one (through other
     * merges too); what a split of them replaces. Ids of contacts not live are ignored.
     *
     * @param liveIds live contacts of the book
     * @return the ids standing for them
     */
    public Set<String> standingFor(Collection<String> liveIds) {
        return book.standingFor(Objects.requireNonNull(liveIds, "liveIds"));
    }

    /** {@return the applied commands in order, with the contact each went to last time it was applied} */
    public List<Entry> history() {
        return history.stream().filter(Objects::nonNull).toList();
    }

    /**
     * The commands of the history that went to contacts standing now for these live contacts (each of them, or a contact
     * merged into one of them), in order: what a split of them would replay. Found through an index of the history by
     * contact (made on first use), not by a pass over it.
     *
     * @param liveIds live contacts of the book (others are ignored)
     * @return their commands, in the order applied
     */
    public List<Entry> historyOf(Collection<String> liveIds) {
        int[] at = positionsOf(book.standingFor(liveIds));
        List<Entry> out = new ArrayList<>(at.length);
        for (int k : at) {
            out.add(history.get(k));
        }
        return out;
    }

    /**
     * Applies and records an upsert; see {@link ContactEngine#upsert}.
     *
     * @param command the command
     * @param now the time stamped on changed contacts
     * @return the outcome, or why the command failed
     */
    public Either<UpsertFailure, UpsertOutcome> upsert(UpsertCommand command, Instant now) {
        return log(Kind.UPSERT, command, null, now, book.upsert(command, now), UpsertOutcome::decision);
    }

    /**
     * Applies and records a create; see {@link ContactEngine#create}.
     *
     * @param command the command
     * @param now the time stamped on the new contact
     * @return the outcome, or why the command failed
     */
    public Either<UpsertFailure, UpsertOutcome> create(UpsertCommand command, Instant now) {
        return log(Kind.CREATE, command, null, now, book.create(command, now), UpsertOutcome::decision);
    }

    /**
     * Applies and records an update; see {@link ContactEngine#update}.
     *
     * @param contactId the contact's id
     * @param command the command
     * @param now the time stamped on the contact
     * @return the outcome, or why the command failed
     */
    public Either<UpsertFailure, UpsertOutcome> update(String contactId, UpsertCommand command, Instant now) {
        return log(Kind.UPDATE, command, contactId, now, book.update(contactId, command, now), UpsertOutcome::decision);
    }

    /**
     * Applies and records a command as {@link #upsert}, {@link #create} or {@link #update} does, by {@code kind}, with the
     * same history and book after it, but returns only the decision: the contact the command went to is not built. For a
     * caller that applies many commands and reads none of their contacts (a store's replay of its log): the book keeps
     * each contact an outcome hands out until that contact changes, as much memory again as the contacts' own state.
     *
     * @param kind      {@link Kind#UPSERT}, {@link Kind#CREATE} or {@link Kind#UPDATE}
     * @param contactId the contact an update names; ignored for the other kinds
     * @param command   the command
     * @param now       the time stamped on changed contacts
     * @return the decision, or why the command failed, as the outcome of {@link #upsert}, {@link #create} or {@link #update}
     * @throws IllegalArgumentException for {@link Kind#RECORD}: a record is applied by {@link #record}
     */
    public Either<UpsertFailure, Decision> decide(Kind kind, String contactId, UpsertCommand command, Instant now) {
        Either<UpsertFailure, Decision> decided = switch (kind) {
            case UPSERT -> book.decide(command, now);
            case CREATE -> book.decideCreate(command, now);
            case UPDATE -> book.decideUpdate(contactId, command, now);
            default -> throw new IllegalArgumentException("a record is applied by record(), not decide(): " + kind);
        };
        return log(kind, command, kind == Kind.UPDATE ? contactId : null, now, decided, d -> d);
    }

    /**
     * Deletes a contact; its commands stay in the history but belong to no contact any more.
     *
     * @param contactId the contact's id
     * @return the deleted contact, or {@link UpsertFailure.NotFound}
     */
    public Either<UpsertFailure, Contact> delete(String contactId) {
        return book.delete(contactId);
    }

    /**
     * Applies a record of a deduplication run (numbers must increase): as an upsert, except that a
     * record without identifiers, or left without any by the rules, becomes a contact of its own.
     *
     * @param number the record's number, above the previous one's
     * @param command the record's command
     * @param now the time stamped on changed contacts
     * @return the record's audit entry
     */
    public AuditEntry record(long number, UpsertCommand command, Instant now) {
        Objects.requireNonNull(command, "command");
        if (number <= lastRecord) {
            throw new IllegalArgumentException("record numbers must increase: " + number + " after " + lastRecord);
        }
        int status = book.applyRecord(command, now, trace);
        AuditEntry entry = book.audit(number, trace);
        lastRecord = number;
        if (status == DecisionTrace.APPLIED) {
            if (replayable.test(number)) {
                append(entry(number, Kind.RECORD, command, null, now, entry.contactId(), trace.created, entry.identifiersSkipped(), book));
            } else {
                unkept.add(entry.contactId());
            }
        }
        return entry;
    }

    /** Refuses a split of any of these contacts (ids live now) when a record not kept went to it. */
    void checkKept(Set<String> contacts) {
        for (String id : unkept) {
            String now = Replay.current(book, id);
            if (now != null && contacts.contains(now)) {
                throw new IllegalStateException("contact " + now + " has records not kept for a split: the split needs its whole history");
            }
        }
    }

    private <T> Either<UpsertFailure, T> log(Kind kind, UpsertCommand command, String target, Instant now, Either<UpsertFailure, T> outcome,
                                             java.util.function.Function<T, Decision> decision) {
        outcome.forEach(o -> {
            Decision d = decision.apply(o);
            append(entry(++sequence, kind, command, target, now, d.contactId(), d.created(), d.identifiersSkipped(), book));
        });
        return outcome;
    }

    /**
     * What a split did.
     *
     * @param replaced   the contacts split: they are gone, replaced by {@code contacts}
     * @param contacts   the contacts that result, in creation order; a contact keeps its id when the same
     *                   command creates it again
     * @param replayed   the commands replayed, each with the contact it went to now
     * @param rejected   the commands the new rules turned into failures (for example a {@code strict_alias}
     *                   command whose identifiers now belong to two of the resulting contacts), with why
     * @param dropped    identifiers the replay gave a resulting contact that a contact outside the split
     *                   holds: they stay with that contact
     */
    public record SplitResult(List<String> replaced, List<Contact> contacts, List<Entry> replayed, List<Rejected> rejected,
                              List<Identifier> dropped) {
        /**
         * Checks the components and copies the collections.
         *
         * @param replaced the contacts split: they are gone, replaced by {@code contacts}
         * @param contacts the contacts that result, in creation order; a contact keeps its id when the same command creates it again
         * @param replayed the commands replayed, each with the contact it went to now
         * @param rejected the commands the new rules turned into failures (for example a {@code strict_alias} command whose identifiers now belong to two of the resulting contacts), with why
         * @param dropped identifiers the replay gave a resulting contact that a contact outside the split holds: they stay with that contact
         */
        public SplitResult {
            replaced = List.copyOf(replaced);
            contacts = List.copyOf(contacts);
            replayed = List.copyOf(replayed);
            rejected = List.copyOf(rejected);
            dropped = List.copyOf(dropped);
        }
    }

    /** A command the replay could not apply, and why. */
    public record Rejected(Entry entry, UpsertFailure failure) {
    }

    /**
     * Splits contacts by replay: takes every command whose contact is now one of {@code contactIds},
     * replays them in their order in a scratch book under {@code rules}, and puts the contacts that
     * result in place of the named ones. While a command is replayed, the identifiers another contact
     * held when it was first applied are held again by a stand-in for that contact, so the replay
     * decides as the first run did wherever the rules agree; the stand-ins are never kept. An identifier
     * a resulting contact would take from a contact outside the split stays where it is (it is listed in
     * {@link SplitResult#dropped()}), so nothing outside the named contacts changes. From then on the
     * book obeys {@code rules}. Replaying under the rules in force gives back the same contacts.
     *
     * @param contactIds the contacts to split
     * @param rules the identity rules to replay under, and to obey from then on
     * @return the split, or {@link UpsertFailure.NotFound} when a named contact is not live (nothing changes then)
     */
    public Either<UpsertFailure, SplitResult> split(Collection<String> contactIds, IdentityRules rules) {
        return new Replay(this, freshIds).split(contactIds, rules);
    }

    /** The history by position: an entry a split rejected is null. */
    List<Entry> entries() {
        return history;
    }

    private void append(Entry e) {
        history.add(e);
        if (positions != null) {
            index(e.contactId(), history.size() - 1);
        }
    }

    private void index(String contactId, int k) {
        int[] p = positions.get(contactId);
        if (p == null) {
            p = new int[3];
            positions.put(contactId, p);
        } else if (p[0] > 0 && p[p[0]] == k) {
            return;
        } else if (p[0] + 1 == p.length) {
            p = Arrays.copyOf(p, 2 * p.length);
            positions.put(contactId, p);
        }
        p[++p[0]] = k;
    }

    /** The positions, ascending, of the entries that went to one of these contact ids (last time they were applied). */
    int[] positionsOf(Set<String> contactIds) {
        if (positions == null) {
            positions = new HashMap<>();
            for (int k = 0; k < history.size(); k++) {
                String id = history.contactId(k);
                if (id != null) {
                    index(id, k);
                }
            }
        }
        IntStream.Builder out = IntStream.builder();
        for (String id : contactIds) {
            int[] p = positions.get(id);
            for (int i = 1; p != null && i <= p[0]; i++) {
                if (id.equals(history.contactId(p[i]))) {
                    out.add(p[i]);
                }
            }
        }
        return out.build().sorted().distinct().toArray();
    }

    /** Puts the entry a split replayed at position {@code k} in its place: where it went now, or null when it was rejected. */
    void replace(int k, Entry now) {
        history.replace(k, now);
        if (now != null && positions != null) {
            index(now.contactId(), k);
        }
    }
}
