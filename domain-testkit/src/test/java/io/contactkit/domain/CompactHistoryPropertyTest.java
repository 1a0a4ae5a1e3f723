package io.contactkit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.testkit.Gens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A replayable book whose history keeps its entries compact splits exactly as one that keeps every entry whole: on many
 * generated workloads (upserts, creates, updates, deletes and records of commands with every optional part, splits of
 * random contacts under random rules, splits of contacts made by earlier splits), every outcome, every split (the
 * contacts, the commands replayed and where each went, those rejected, the identifiers dropped), the ids drawn, the
 * contacts and the history are the same; also when half its commands go through {@link ReplayableBook#decide}, which
 * gives the decision of the outcome the other book's command gave.
 */
class CompactHistoryPropertyTest {

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<UpsertCommand> COMMANDS = Gens.sample(Gens.commands().gen(), 4_000, 20261208);
    private static final List<UpsertCommand> MERGES = Gens.sample(Gens.commands().strategies(Strategy.MERGE).identifiers(1, 3).gen(), 2_000, 7);

    /** Rules from a few random numbers over the testkit's small pool: blocked values, limits, caps on merges. */
    static IdentityRules rules(Random random) {
        IdentityRules.Builder b = IdentityRules.builder(IdentifierPolicy.defaults());
        for (int k = random.nextInt(3); k > 0; k--) {
            Identifier i = Gens.SMALL_POOL.get(random.nextInt(Gens.SMALL_POOL.size()));
            b.blocked(i.key(), i.value());
        }
        if (random.nextInt(4) == 0) {
            b.blockedPattern(Identifier.VISITOR, "^v2$");
        }
        for (String key : List.of(Identifier.EMAIL, Identifier.PHONE, Identifier.VISITOR, "crmId")) {
            if (random.nextInt(4) == 0) {
                b.maxPerContact(key, 1 + random.nextInt(2));
            }
        }
        if (random.nextInt(4) == 0) {
            b.maxContactsPerMerge(2 + random.nextInt(2));
        }
        if (random.nextInt(4) == 0) {
            b.maxMergesPerContact(random.nextInt(3));
        }
        return b.build();
    }

    /** A book of either kind, with the ids it hands out and those its splits draw. */
    private static final class Side {
        final List<String> drawn = new ArrayList<>();
        final ReplayableBook book;

        Side(IdentityRules rules, boolean compact) {
            int[] ids = {0};
            Supplier<String> fresh = () -> {
                String id = "s" + drawn.size();
                drawn.add(id);
                return id;
            };
            book = new ReplayableBook(new ContactBook("ws", () -> "c" + (++ids[0]), rules), fresh, number -> true, compact);
        }
    }

    @Test
    void aRecordIsNotDecidedLikeAnUpsert() {
        Side side = new Side(IdentityRules.NONE, true);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> side.book.decide(ReplayableBook.Kind.RECORD, null, COMMANDS.get(0), EPOCH));
        assertEquals(List.of(), side.book.history());
        assertEquals(List.of(), side.book.book().contacts());
    }

    @Test
    void aCompactHistorySplitsAsAWholeOneOnGeneratedWorkloads() {
        Random random = new Random(20261208);
        int splits = 0;
        int apart = 0;
        int rejected = 0;
        int chained = 0;
        int decided = 0;
        for (int round = 0; round < 400; round++) {
            IdentityRules rules = rules(random);
            Side compact = new Side(rules, true);
            Side whole = new Side(rules, false);
            boolean records = random.nextInt(3) == 0;
            long record = random.nextInt(5) - 2;
            int steps = 5 + random.nextInt(60);
            for (int step = 0; step < steps; step++) {
                Instant at = EPOCH.plusSeconds(random.nextInt(6));
                UpsertCommand c = (random.nextBoolean() ? COMMANDS : MERGES).get(random.nextInt(COMMANDS.size() / 2));
                int op = random.nextInt(20);
                List<Contact> live = whole.book.book().contacts();
                Object a;
                Object b;
                if (op < 2 && !live.isEmpty()) {
                    List<String> named = new ArrayList<>();
                    for (int k = random.nextInt(3); k >= 0; k--) {
                        named.add(live.get(random.nextInt(live.size())).id());
                    }
                    IdentityRules changed = random.nextInt(4) == 0 ? rules : rules(random);
                    a = compact.book.split(named, changed);
                    b = whole.book.split(named, changed);
                    splits++;
                    ReplayableBook.SplitResult r = ((io.vavr.control.Either<UpsertFailure, ReplayableBook.SplitResult>) b).get();
                    apart += r.contacts().size() > r.replaced().size() ? 1 : 0;
                    rejected += r.rejected().isEmpty() && r.dropped().isEmpty() ? 0 : 1;
                    chained += r.replaced().stream().anyMatch(id -> id.startsWith("s")) ? 1 : 0;
                } else if (records) {
                    record += 1 + random.nextInt(3);
                    a = compact.book.record(record, c, at);
                    b = whole.book.record(record, c, at);
                } else if (op < 3 && !live.isEmpty()) {
                    String id = live.get(random.nextInt(live.size())).id();
                    a = compact.book.delete(id);
                    b = whole.book.delete(id);
                } else {
                    ReplayableBook.Kind kind = op < 6 ? ReplayableBook.Kind.UPDATE : op < 8 ? ReplayableBook.Kind.CREATE : ReplayableBook.Kind.UPSERT;
                    String id = live.isEmpty() || random.nextInt(5) == 0 ? "nobody" : live.get(random.nextInt(live.size())).id();
                    b = switch (kind) {
                        case UPDATE -> whole.book.update(id, c, at);
                        case CREATE -> whole.book.create(c, at);
                        default -> whole.book.upsert(c, at);
                    };
                    if (random.nextBoolean()) {
                        // the cheap path a store's replay takes: the same decision, history and book, without the contact
                        io.vavr.control.Either<UpsertFailure, Decision> d = compact.book.decide(kind, id, c, at);
                        decided++;
                        @SuppressWarnings("unchecked")
                        io.vavr.control.Either<UpsertFailure, UpsertOutcome> o = (io.vavr.control.Either<UpsertFailure, UpsertOutcome>) b;
                        assertEquals(o.isLeft(), d.isLeft(), "round " + round + ", step " + step);
                        if (o.isLeft()) {
                            assertEquals(o.getLeft(), d.getLeft());
                        } else {
                            assertEquals(o.get().decision(), d.get());
                            assertEquals(o.get().contact().id(), d.get().contactId());
                        }
                        a = b;
                    } else {
                        a = switch (kind) {
                            case UPDATE -> compact.book.update(id, c, at);
                            case CREATE -> compact.book.create(c, at);
                            default -> compact.book.upsert(c, at);
                        };
                    }
                }
                String context = "round " + round + ", step " + step;
                assertEquals(b, a, context);
                assertEquals(b.toString(), a.toString(), context);
                assertEquals(whole.drawn, compact.drawn, context);
                assertEquals(whole.book.book().contacts(), compact.book.book().contacts(), context);
            }
            assertEquals(whole.book.history(), compact.book.history(), "round " + round);
            assertEquals(whole.book.book().contacts(), compact.book.book().contacts());
            List<String> all = whole.book.book().contacts().stream().map(Contact::id).toList();
            assertEquals(whole.book.historyOf(all), compact.book.historyOf(all));
            for (int k = 0; k < whole.book.entries().size(); k++) {
                ReplayableBook.Entry e = whole.book.entries().get(k);
                assertEquals(e, compact.book.entries().get(k));
                if (e != null) {
                    UpsertCommand again = compact.book.entries().get(k).command();
                    assertEquals(e.command().toString(), again.toString());
                    assertTrue(java.util.Arrays.equals(e.command().identifierHashes(), again.identifierHashes()));
                    assertEquals(e.command().setNames() == null, again.setNames() == null);
                }
            }
        }
        assertTrue(splits > 300 && apart > 50 && rejected > 20 && chained > 10 && decided > 1_000, splits + " splits, " + apart + " came apart, "
                + rejected + " rejected or dropped, " + chained + " of contacts a split made, " + decided + " commands decided without their contact");
    }
}
