package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.ReplayableBook;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ConflictException;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Splitting contacts of the store by replay gives what the in-memory engine's split
 * ({@link ReplayableBook#split}, the {@code memory} provider's) gives for the same commands: the same
 * resulting contacts, nothing else changed, the log still replaying to the stored state, and the
 * workspace decided under the new rules from then on.
 */
class PostgresSplitTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final Instant AT = Instant.parse("2026-04-01T08:00:00Z");
    static final IdentityRules SHARED_LINE = IdentityRules.builder(IdentifierPolicy.defaults()).blocked(Identifier.PHONE, "+31201234567").build();

    private static PostgresSettings settings;
    private static PostgresContactProvider store;
    private static final AtomicReference<String> NEXT_ID = new AtomicReference<>();
    private static final AtomicInteger FRESH = new AtomicInteger();

    @BeforeAll
    static void open() {
        settings = TestDatabase.freshSchema();
        store = new PostgresContactProvider(settings, Clock.fixed(AT, ZoneOffset.UTC), () -> {
            String id = NEXT_ID.get();
            return id != null ? id : "s" + FRESH.incrementAndGet();
        });
        store.migrate().block(TIMEOUT);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    /** The store and the engine the {@code memory} provider runs, fed the same commands with the same ids. */
    private static final class Both {
        final String ws = TestDatabase.workspace();
        final AtomicInteger fresh = new AtomicInteger();
        final ReplayableBook engine = new ReplayableBook(new ContactBook(ws, () -> {
            String id = NEXT_ID.get();
            return id != null ? id : "s" + fresh.incrementAndGet();
        }, IdentityRules.NONE), () -> "s" + fresh.incrementAndGet());
        int commands;

        void upsert(UpsertCommand command) {
            NEXT_ID.set("c" + (++commands));
            boolean applied = engine.upsert(command, AT).isRight();
            try {
                store.upsert(ws, command).block(TIMEOUT);
                assertTrue(applied, "the store applied what the engine refused");
            } catch (ProviderException e) {
                assertTrue(!applied, "the store refused what the engine applied: " + e.getMessage());
            }
            NEXT_ID.set(null);
        }

        ReplayableBook.SplitResult split(List<String> contacts, IdentityRules rules) {
            return split(contacts, rules, 0);
        }

        /** Splits in the store reading its log {@code page} entries at a time (0: the store's own page size), and in the engine. */
        ReplayableBook.SplitResult split(List<String> contacts, IdentityRules rules, int page) {
            FRESH.set(fresh.get());
            ReplayableBook.SplitResult want = engine.split(contacts, rules).get();
            ReplayableBook.SplitResult got = (page == 0 ? store.split(ws, contacts, rules) : store.split(ws, contacts, rules, page)).block(TIMEOUT);
            assertEquals(want.replaced(), got.replaced());
            assertEquals(want.contacts(), got.contacts(), "the resulting contacts");
            assertEquals(want.rejected().size(), got.rejected().size(), "commands rejected by the replay");
            assertEquals(want.dropped(), got.dropped());
            List<Contact> stored = StoreChecks.stored(store, ws);
            assertEquals(engine.book().contacts(), stored, "every contact of the workspace, in creation order");
            StoreChecks.assertReplayEqual(store, ws, stored);
            StoreChecks.assertIdentifiersUnique(store, ws, stored);
            assertRowsNameTheResultingContacts(ws, got);
            return got;
        }
    }

    /**
     * The identifier rows after a split: none names a contact merged into a replaced one, or a replaced contact that the split
     * did not make again, and those naming a resulting contact are exactly its identifiers. The split clears the replaced
     * contacts' rows through their identifiers, by key, and must find every one.
     */
    static void assertRowsNameTheResultingContacts(String ws, ReplayableBook.SplitResult split) {
        String schema = settings.schema();
        List<String> made = split.contacts().stream().map(Contact::id).toList();
        try (java.sql.Connection c = MigrationTest.jdbc()) {
            java.sql.Array replaced = c.createArrayOf("text", split.replaced().toArray());
            java.sql.Array resulting = c.createArrayOf("text", made.toArray());
            try (java.sql.PreparedStatement q = c.prepareStatement("SELECT count(*) FROM " + schema + ".identifiers i JOIN " + schema
                    + ".contacts c ON c.workspace = i.workspace AND c.id = i.contact_id WHERE i.workspace = ? AND (c.survivor = ANY(?)"
                    + " OR c.id = ANY(?) AND c.id <> ALL(?))")) {
                q.setString(1, ws);
                q.setArray(2, replaced);
                q.setArray(3, replaced);
                q.setArray(4, resulting);
                try (java.sql.ResultSet r = q.executeQuery()) {
                    r.next();
                    assertEquals(0, r.getLong(1), "identifier rows still naming a contact replaced by the split " + split.replaced());
                }
            }
            try (java.sql.PreparedStatement q = c.prepareStatement("SELECT contact_id, key, value FROM " + schema + ".identifiers"
                    + " WHERE workspace = ? AND contact_id = ANY(?)")) {
                q.setString(1, ws);
                q.setArray(2, resulting);
                java.util.Set<String> rows = new java.util.HashSet<>();
                try (java.sql.ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        rows.add(r.getString(1) + " " + r.getString(2) + ":" + r.getString(3));
                    }
                }
                java.util.Set<String> held = new java.util.HashSet<>();
                split.contacts().forEach(k -> k.identifiers().forEach(i -> held.add(k.id() + " " + i)));
                assertEquals(held, rows, "the rows naming the resulting contacts");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static UpsertCommand merge(String email, String phone) {
        return UpsertCommand.builder().strategy(Strategy.MERGE).identifier(Identifier.EMAIL, email).identifier(Identifier.PHONE, phone)
                .set("email", email).build(IdentifierPolicy.defaults()).get();
    }

    /** The stored contact with the most identifiers. */
    private static Contact largest(String ws) {
        return StoreChecks.stored(store, ws).stream().max(Comparator.comparingInt(c -> c.identifiers().size())).orElseThrow();
    }

    @Test
    void aSharedLineThatMergedTwoPeopleIsSplitAndNothingElseChanges() {
        Both both = new Both();
        both.upsert(merge("ann@example.com", "+31201234567"));
        both.upsert(merge("bo@example.com", "+31201234567"));
        both.upsert(merge("cy@example.com", "+31612345678"));
        List<Contact> before = StoreChecks.stored(store, both.ws);
        assertEquals(2, before.size());

        ReplayableBook.SplitResult split = both.split(List.of("c1"), SHARED_LINE);

        assertEquals(2, split.contacts().size(), "ann and bo apart again");
        List<Contact> after = StoreChecks.stored(store, both.ws);
        assertTrue(after.contains(before.get(1)), "the contact outside the split is untouched");
        assertTrue(after.stream().noneMatch(c -> c.identifiers().contains(Identifier.of(Identifier.PHONE, "+31201234567"))));
        assertEquals(SHARED_LINE, store.workspaceRules(both.ws).block(TIMEOUT));
        ConflictException refused = assertThrows(ConflictException.class, () -> store.upsert(both.ws, merge("dee@example.com", "+31201234567"))
                .block(TIMEOUT));
        assertEquals(PostgresContactProvider.RULES_MISMATCH, refused.providerCode().orElseThrow(), "this instance still has the old rules");
        try (PostgresContactProvider renewed = new PostgresContactProvider(settings.withRules(SHARED_LINE))) {
            assertEquals("identifier_blocked", renewed.upsert(both.ws, merge("dee@example.com", "+31201234567")).block(TIMEOUT)
                    .warnings().get(0).code(), "an instance with the new rules writes, and the line is blocked");
        }
    }

    /**
     * A split starts every count of merges of the workspace afresh, as the engine's rules change does: the contact that
     * absorbed another counts it before (the key {@code "m"} of its state, which the split's statement looks for), and no
     * contact of the workspace counts any after.
     */
    @Test
    void aSplitStartsTheCountsOfMergesAfresh() throws Exception {
        Both both = new Both();
        both.upsert(merge("ann@example.com", "+31201234567"));
        both.upsert(merge("bo@example.com", "+31612345678"));
        both.upsert(merge("ann@example.com", "+31612345678"));
        both.upsert(merge("cy@example.com", "+31687654321"));
        String schema = settings.schema();
        assertEquals(1, withMerges(schema, both.ws), "the contact that absorbed another counts it");

        both.split(List.of("c1"), SHARED_LINE);

        assertEquals(0, withMerges(schema, both.ws), "every count starts afresh under the new rules");
    }

    private static long withMerges(String schema, String ws) throws Exception {
        try (java.sql.Connection c = MigrationTest.jdbc();
             java.sql.PreparedStatement q = c.prepareStatement("SELECT count(*) FROM " + schema + ".contacts WHERE workspace = ?"
                     + " AND state LIKE '%\"m\":%'")) {
            q.setString(1, ws);
            try (java.sql.ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    @Test
    void splittingUnderTheSameRulesGivesBackTheSameContacts() {
        Both both = new Both();
        both.upsert(merge("ann@example.com", "+31201234567"));
        both.upsert(merge("bo@example.com", "+31201234567"));
        List<Contact> before = StoreChecks.stored(store, both.ws);

        ReplayableBook.SplitResult split = both.split(List.of("c1"), IdentityRules.NONE);

        assertEquals(before, split.contacts());
        assertEquals(before, StoreChecks.stored(store, both.ws));
    }

    @Test
    void splittingAnUnknownContactFailsAndChangesNothing() {
        Both both = new Both();
        both.upsert(merge("ann@example.com", "+31201234567"));
        List<Contact> before = StoreChecks.stored(store, both.ws);
        long logged = store.log(both.ws).count().block(TIMEOUT);

        assertThrows(NotFoundException.class, () -> store.split(both.ws, List.of("c1", "nobody"), SHARED_LINE).block(TIMEOUT));
        assertEquals(before, StoreChecks.stored(store, both.ws));
        assertEquals(logged, store.log(both.ws).count().block(TIMEOUT));
        assertEquals(IdentityRules.NONE, store.workspaceRules(both.ws).block(TIMEOUT));
    }

    @Test
    void splittingAMergedAwayContactNamesTheContactThatHoldsItsRecords() {
        Both both = new Both();
        both.upsert(merge("ann@example.com", "+31201234567"));
        both.upsert(merge("bo@example.com", "+31207654321"));
        both.upsert(merge("ann@example.com", "+31207654321")); // the two become one
        List<Contact> before = StoreChecks.stored(store, both.ws);
        assertEquals(1, before.size());
        String survivor = before.get(0).id();
        String mergedAway = survivor.equals("c1") ? "c2" : "c1";

        NotFoundException e = assertThrows(NotFoundException.class,
                () -> store.split(both.ws, List.of(mergedAway), SHARED_LINE).block(TIMEOUT));
        assertTrue(e.getMessage().contains("no contact with id " + mergedAway + ": it was merged into " + survivor), e.getMessage());
        assertEquals(before, StoreChecks.stored(store, both.ws));
    }

    /**
     * Two pools of 8 connections race merges under rules while a split of the largest contact changes
     * the rules: the split waits for the writes under way, and every write after it is refused (its
     * instance has the old rules); the stored state is the replay of the log, split included.
     */
    @Test
    void aSplitRacingWritersLetsNoWriteUnderTheOldRulesThrough() {
        String ws = TestDatabase.workspace();
        PostgresSettings racing = settings.toBuilder().poolInitialSize(8).poolMaxSize(8).rules(ConcurrencyTest.RULES).build();
        IdentityRules stricter = IdentityRules.builder(IdentifierPolicy.defaults()).blocked("emailaddress", "person1@example.test")
                .blockedPattern("emailaddress", "^person2[0-9]@").blocked("crmId", "crm-3").blocked("crmId", "crm-6")
                .maxPerContact("emailaddress", 2).maxPerContact("crmId", 1).maxContactsPerMerge(3).maxMergesPerContact(5).build();
        try (PostgresContactProvider one = new PostgresContactProvider(racing); PostgresContactProvider two = new PostgresContactProvider(racing)) {
            List<UpsertCommand> commands = ConcurrencyTest.commands(Strategy.MERGE, new Random(7));
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger written = new AtomicInteger();
            java.util.function.Function<List<UpsertCommand>, reactor.core.publisher.Flux<Void>> race = part -> reactor.core.publisher.Flux
                    .range(0, part.size())
                    .flatMap(i -> (i % 2 == 0 ? one : two).upsert(ws, part.get(i)).doOnSuccess(r -> written.incrementAndGet()).then()
                            // every identifier blocked: refused whatever the race
                            .onErrorResume(io.contactkit.ports.ValidationException.class, e -> reactor.core.publisher.Mono.empty())
                            .onErrorResume(ConflictException.class, e -> {
                                assertEquals(PostgresContactProvider.RULES_MISMATCH, e.providerCode().orElse(null), e.getMessage());
                                refused.incrementAndGet();
                                return reactor.core.publisher.Mono.empty();
                            }), 16);
            race.apply(commands.subList(0, 120)).blockLast(TIMEOUT);
            Contact largest = largest(ws);
            int last = commands.size() - 20;
            reactor.core.publisher.Flux.merge(race.apply(commands.subList(120, last)),
                    reactor.core.publisher.Mono.delay(Duration.ofMillis(50)).then(store.split(ws, List.of(largest.id()), stricter)).then())
                    .blockLast(Duration.ofSeconds(150));
            // the writers go on after the split, however the race above fell: none of their writes may land
            int writtenBefore = written.get();
            int refusedBefore = refused.get();
            race.apply(commands.subList(last, commands.size())).blockLast(TIMEOUT);
            assertEquals(writtenBefore, written.get(), "a write of an instance with the old rules landed after the split");
            assertTrue(refused.get() > refusedBefore, "writers with the old rules were refused after the split");

            List<LoggedCommand> log = store.log(ws).collectList().block(TIMEOUT);
            long split = log.stream().filter(e -> e.operation() == LoggedCommand.Operation.SPLIT).mapToLong(LoggedCommand::seq).findFirst()
                    .orElseThrow();
            assertTrue(log.stream().filter(e -> e.seq() > split).allMatch(e -> e.rules().equals(stricter)), "a write under the old rules after the split");
            List<Contact> stored = StoreChecks.stored(store, ws);
            StoreChecks.assertIdentifiersUnique(store, ws, stored);
            StoreChecks.assertReplayEqual(store, ws, stored);
        }
    }

    /**
     * The log streams into the engine page by page: a workspace whose log spans many pages (and a page
     * boundary falling on the first split's own entry) splits as the engine splits it.
     */
    @Test
    void aLogOfManyPagesStreamsIntoTheSplit() {
        splitGeneratedMerges(11, 62, 7);
    }

    /** Generated merges, then the largest contact split under rules that block, limit and cap, twice in a row. */
    @Test
    void generatedMergesSplitAsTheEngineSplitsThem() {
        splitGeneratedMerges(42, 80, 0);
    }

    /** Generated merges, then two splits of the largest contact, the first reading the log {@code page} entries at a time. */
    private static void splitGeneratedMerges(long seed, int commands, int page) {
        Both both = new Both();
        for (UpsertCommand c : PostgresRulesTest.commands(Strategy.MERGE, new Random(seed)).subList(0, commands)) {
            both.upsert(c);
        }
        long logged = store.log(both.ws).count().block(TIMEOUT);
        assertTrue(page == 0 || logged > 3 * page, "the log spans pages: " + logged);
        both.split(List.of(largest(both.ws).id()), PostgresRulesTest.RULES, page);
        // the log now ends with the split's entry: read in pages of exactly its length, the first page ends on it
        int second = page == 0 ? 0 : Math.toIntExact(store.log(both.ws).count().block(TIMEOUT));
        both.split(List.of(largest(both.ws).id()), IdentityRules.builder(IdentifierPolicy.defaults()).maxPerContact("emailaddress", 1).build(),
                second);
    }
}
