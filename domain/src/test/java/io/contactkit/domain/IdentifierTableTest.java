package io.contactkit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The identity index against a {@link HashMap} doing the same work: identifiers whose hash codes
 * collide, values of every width, growth from a tiny table (so probe runs wrap around the end),
 * removal from the middle of runs, owner updates, list links and compaction.
 */
class IdentifierTableTest {

    /** Values built from "Aa" and "BB" (same String hash code), so many share a hash but differ. */
    static List<Identifier> collidingPool() {
        List<Identifier> pool = new ArrayList<>();
        for (int bits = 0; bits < 64; bits++) {
            StringBuilder v = new StringBuilder();
            for (int k = 0; k < 6; k++) {
                v.append((bits >> k & 1) == 0 ? "Aa" : "BB");
            }
            pool.add(Identifier.of("crmId", v.toString()));
        }
        // the same values under another key, values that are not Latin-1, and ordinary ones
        for (int i = 0; i < 16; i++) {
            pool.add(Identifier.of("loyalty", pool.get(i).value()));
        }
        for (String v : List.of("zoë@example.com", "łódź", "東京", "😀x", "é", "\u0100", "ÿ", "a")) {
            pool.add(Identifier.of("nick", v));
        }
        for (int i = 0; i < 200; i++) {
            pool.add(Identifier.of(i % 2 == 0 ? Identifier.EMAIL : Identifier.PHONE, "p" + i + "@example.com"));
        }
        return pool;
    }

    @Test
    void agreesWithAHashMapUnderRandomInsertsRemovalsAndOwnerChanges() {
        List<Identifier> pool = collidingPool();
        int collisions = 0;
        Map<Integer, Integer> byHash = new HashMap<>();
        for (Identifier i : pool) {
            if (byHash.merge(i.hashCode(), 1, Integer::sum) > 1) {
                collisions++;
            }
        }
        assertTrue(collisions >= 60, "the pool must make identifiers with equal hash codes: " + collisions);
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            IdentifierTable table = new IdentifierTable(1);
            Map<Identifier, Integer> owners = new HashMap<>();
            Map<Identifier, Integer> refs = new HashMap<>();
            for (int step = 0; step < 3_000; step++) {
                Identifier id = pool.get(random.nextInt(pool.size()));
                int slot = table.find(id, IdentifierTable.hash(id));
                assertEquals(owners.containsKey(id), slot >= 0, () -> "find " + id);
                int op = random.nextInt(10);
                if (slot < 0 && op < 6) {
                    int owner = owner(random, step);
                    refs.put(id, table.insert(id, IdentifierTable.hash(id), owner));
                    owners.put(id, owner);
                } else if (slot >= 0 && op < 3) {
                    table.removeAt(slot);
                    owners.remove(id);
                    refs.remove(id);
                } else if (slot >= 0 && op < 5) {
                    table.removeRef(refs.remove(id));
                    owners.remove(id);
                } else if (slot >= 0) {
                    int owner = owner(random, step);
                    table.setOwner(slot, owner);
                    owners.put(id, owner);
                }
                if (step % 100 == 0) {
                    assertSameContent(pool, table, owners, refs);
                }
            }
            assertSameContent(pool, table, owners, refs);
        }
    }

    /**
     * A contact number that grows with the step, from 1,000 up to the largest a book hands out: slots
     * keep the number next to part of the hash, so larger numbers take bits from the hash of every
     * identifier already filed.
     */
    static int owner(Random random, int step) {
        int bound = step < 1_000 ? 1_000 : step < 2_500 ? 1 << (10 + (step - 1_000) / 75) : Integer.MAX_VALUE - 8;
        return random.nextInt(bound);
    }

    static void assertSameContent(List<Identifier> pool, IdentifierTable table, Map<Identifier, Integer> owners, Map<Identifier, Integer> refs) {
        assertEquals(owners.size(), table.size());
        for (Identifier id : pool) {
            int slot = table.find(id, IdentifierTable.hash(id));
            if (owners.containsKey(id)) {
                assertTrue(slot >= 0, () -> "lost " + id);
                assertEquals(owners.get(id), table.owner(slot));
                assertEquals(refs.get(id), table.ref(slot));
                assertEquals(id, table.identifier(table.ref(slot)));
            } else {
                assertEquals(-1, slot, () -> "still finds " + id);
            }
        }
    }

    @Test
    void listsThreadThroughTheArenaAndSurviveACopy() {
        IdentifierTable table = new IdentifierTable(4);
        List<Identifier> pool = collidingPool();
        int previous = IdentifierTable.NO_REF;
        int first = IdentifierTable.NO_REF;
        for (Identifier id : pool) {
            int ref = table.insert(id, IdentifierTable.hash(id), 7);
            assertEquals(IdentifierTable.NO_REF, table.next(ref));
            if (previous == IdentifierTable.NO_REF) {
                first = ref;
            } else {
                table.setNext(previous, ref);
            }
            previous = ref;
        }
        IdentifierTable copy = table.emptyLike(pool.size());
        List<Identifier> walked = new ArrayList<>();
        for (int r = first; r != IdentifierTable.NO_REF; r = table.next(r)) {
            walked.add(table.identifier(r));
            int copied = copy.copy(table, r, 3);
            assertEquals(table.identifier(r), copy.identifier(copied));
        }
        assertEquals(pool, walked);
        assertEquals(pool.size(), copy.size());
        for (Identifier id : pool) {
            int slot = copy.find(id, IdentifierTable.hash(id));
            assertTrue(slot >= 0, () -> "copy lost " + id);
            assertEquals(3, copy.owner(slot));
        }
        assertEquals(-1, copy.find(Identifier.of("crmId", "absent"), IdentifierTable.hash(Identifier.of("crmId", "absent"))));
        assertEquals(-1, copy.find(Identifier.of("neverSeenKey", "a"), IdentifierTable.hash(Identifier.of("neverSeenKey", "a"))));
    }

    @Test
    void aBookUnderDeleteChurnCompactsItsIdentifiersAndKeepsEveryOwner() {
        ContactBook book = ContactBook.sequential("ws", "c");
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        List<String> kept = new ArrayList<>();
        long freedPeak = 0;
        long freed = 0;
        int compactions = 0;
        for (int round = 0; round < 3; round++) {
            List<String> made = new ArrayList<>();
            for (int i = 0; i < 12_000; i++) {
                String v = "round" + round + "-person" + i + "@a-rather-long-domain.example.com";
                UpsertCommand c = Fixtures.cmd(Strategy.STRICT_ALIAS, Identifier.of(Identifier.EMAIL, v), Identifier.of("crmId", "r" + round + "-" + i));
                made.add(Fixtures.ok(book.upsert(c, now)).contact().id());
            }
            for (int i = 0; i < made.size(); i++) {
                if (i % 100 == 0) {
                    kept.add(made.get(i));
                } else {
                    assertTrue(book.delete(made.get(i)).isRight());
                }
                long freedNow = book.freedIdentifierBytes();
                if (freedNow < freed) {
                    compactions++;
                }
                freed = freedNow;
                freedPeak = Math.max(freedPeak, freed);
            }
        }
        assertTrue(compactions >= 2, "the churn freed megabytes of identifiers, given back by compaction: " + compactions);
        assertTrue(freedPeak < 1 << 20, "compaction starts at a megabyte freed: " + freedPeak);
        assertEquals(kept.size(), book.size());
        assertEquals(kept.size() * 2, book.identifierCount());
        for (String id : kept) {
            Contact c = book.get(id).orElseThrow();
            assertEquals(2, c.identifiers().size());
            for (Identifier i : c.identifiers()) {
                assertEquals(Optional.of(id), book.ownerOf(i));
            }
        }
    }

    @Test
    void aCommandCarriesTheTableHashOfEachIdentifierInItsOrderAlsoWhenDerived() {
        UpsertCommand.Builder b = UpsertCommand.builder().strategy(Strategy.MERGE);
        // values sharing a String hash code, and values that are not Latin-1
        for (String v : List.of("AaAa", "AaBB", "BBAa", "BBBB", "zoë", "łódź", "東京", "😀x", "ÿ")) {
            b.identifier("nick", v);
        }
        b.identifier(Identifier.EMAIL, "a@example.com");
        UpsertCommand command = b.build(IdentifierPolicy.defaults()).get();
        assertHashes(command);
        assertHashes(command.withStrategy(Strategy.FIRST));
        assertHashes(command.withIdentifiers(command.identifiers().subList(3, 9), Strategy.FIRST_ALIAS));
    }

    private static void assertHashes(UpsertCommand command) {
        List<Identifier> ids = command.identifiers();
        assertEquals(ids.size(), command.identifierHashes().length);
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(IdentifierTable.hash(ids.get(i)), command.identifierHashes()[i], ids.get(i).toString());
        }
    }
}
