package io.contactkit.domain;

import static io.contactkit.domain.Fixtures.cmd;
import static io.contactkit.domain.Fixtures.email;
import static io.contactkit.domain.Fixtures.phone;
import static io.contactkit.domain.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One audit entry per record, and the records behind each surviving contact. */
class DeduplicatorTest {

    static final Identifier A = email("a@x.io");
    static final Identifier B = email("b@x.io");
    static final Identifier C = phone("+31612345678");

    @Test
    void everyRecordGetsAnAuditEntrySayingWhatHappened() {
        Deduplicator dedup = new Deduplicator("ws", t(0));

        AuditEntry r1 = dedup.accept(1, cmd(Strategy.STRICT_ALIAS, b -> b.set("firstName", "Ann"), A));
        AuditEntry r2 = dedup.accept(2, cmd(Strategy.STRICT_ALIAS, B));
        AuditEntry r3 = dedup.accept(3, cmd(Strategy.STRICT_ALIAS, A, C));
        AuditEntry r4 = dedup.accept(4, cmd(Strategy.STRICT_ALIAS, A, B));
        AuditEntry r5 = dedup.accept(5, cmd(Strategy.FIRST_ALIAS, B, A));
        AuditEntry r6 = dedup.accept(6, cmd(Strategy.MERGE, C, B));

        assertEquals(new AuditEntry(1, AuditEntry.Action.CREATED, "c1", List.of(), List.of(), null, null, List.of(), List.of(A)), r1);
        assertEquals(new AuditEntry(2, AuditEntry.Action.CREATED, "c2", List.of(), List.of(), null, null, List.of(), List.of(B)), r2);
        assertEquals(new AuditEntry(3, AuditEntry.Action.UPDATED, "c1", List.of(), List.of(), null, null, List.of(A), List.of(C)), r3);
        assertTrue(r4.isRejected());
        assertEquals("conflict", r4.code());
        assertEquals(Optional.empty(), r4.contact());
        assertTrue(r4.message().contains("c1") && r4.message().contains("c2"), r4.message());
        assertEquals(AuditEntry.Action.UPDATED, r5.action());
        assertEquals("c2", r5.contactId());
        assertEquals(List.of(new SkippedIdentifier(A, "c1", SkippedIdentifier.Reason.OWNED_BY_ANOTHER_CONTACT)), r5.identifiersSkipped());
        assertEquals(List.of(B), r5.matchedBy(), "why record 5 went to c2");
        assertEquals(List.of(), r5.identifiersAdded());
        assertEquals(new AuditEntry(6, AuditEntry.Action.MERGED, "c1", List.of("c2"), List.of(), null, null, List.of(C, B), List.of()), r6);

        List<DedupContact> survivors = dedup.contacts();
        assertEquals(1, survivors.size());
        assertEquals("c1", survivors.get(0).contact().id());
        assertEquals(List.of(A, C, B), survivors.get(0).contact().identifiers());
        assertEquals(List.of(1L, 2L, 3L, 5L, 6L), survivors.get(0).sourceRecords());
        assertEquals(new DedupSummary(6, 1, 2, 2, 1, 1), dedup.summary());
        assertEquals(Optional.of("c1"), dedup.engine().survivorOf("c2"));
    }

    @Test
    void invalidRecordsAreRejectedWithTheirProblems() {
        Deduplicator dedup = new Deduplicator("ws", t(0));

        AuditEntry badIdentifier = dedup.accept(1, UpsertCommand.builder().identifier("emailaddress", "nope")
                .build(IdentifierPolicy.defaults()));
        AuditEntry badRecord = dedup.accept(2, UpsertCommand.builder().identifier("emailaddress", "a@x.io").addToList(" ")
                .build(IdentifierPolicy.defaults()));
        AuditEntry unreadable = dedup.reject(3, "unreadable", "line 3 has 2 columns, expected 4");
        AuditEntry fine = dedup.accept(4, UpsertCommand.builder().identifier("emailaddress", "A@x.io").build(IdentifierPolicy.defaults()));

        assertEquals("invalid_identifier", badIdentifier.code());
        assertTrue(badIdentifier.message().contains("identifiers[0].value"), badIdentifier.message());
        assertEquals("invalid_record", badRecord.code());
        assertEquals(AuditEntry.Action.REJECTED, unreadable.action());
        assertEquals("unreadable", unreadable.code());
        AuditEntry anonymous = dedup.accept(5, cmd(Strategy.MERGE, b -> b.set("firstName", "Ann")));

        AuditEntry anonymousAgain = dedup.accept(6, cmd(Strategy.MERGE, b -> b.set("firstName", "Ann")));

        assertEquals(AuditEntry.Action.CREATED, fine.action());
        // a record naming nobody is a contact of its own, each time: records are distinct inputs
        assertEquals(AuditEntry.Action.CREATED, anonymous.action());
        assertEquals(AuditEntry.Action.CREATED, anonymousAgain.action());
        assertEquals(List.of("c2", "c3"), List.of(anonymous.contactId(), anonymousAgain.contactId()));
        assertTrue(dedup.engine().get("c2").orElseThrow().isAnonymous());
        assertEquals(new DedupSummary(6, 3, 3, 0, 0, 3), dedup.summary());
        assertEquals(List.of(4L), dedup.sourcesOf("c1"));
        assertEquals(List.of(5L), dedup.sourcesOf("c2"));
        assertEquals(List.of(), dedup.sourcesOf("c9"));
    }

    @Test
    void recordNumbersMustIncrease() {
        Deduplicator dedup = new Deduplicator("ws", t(0));
        dedup.accept(5, cmd(Strategy.MERGE, A));
        assertThrows(IllegalArgumentException.class, () -> dedup.accept(5, cmd(Strategy.MERGE, B)));
        assertThrows(IllegalArgumentException.class, () -> dedup.reject(2, "x", "y"));
        assertEquals(1, dedup.summary().records());
    }

    @Test
    void mergeChainsCollectEverySourceRecordInTheSurvivor() {
        Deduplicator dedup = new Deduplicator("ws", t(0));
        Identifier d = Identifier.of("crmId", "d");
        Identifier e = Identifier.of("crmId", "e");
        dedup.accept(1, cmd(Strategy.MERGE, A));
        dedup.accept(2, cmd(Strategy.MERGE, B));
        dedup.accept(3, cmd(Strategy.MERGE, C));
        dedup.accept(4, cmd(Strategy.MERGE, d));
        dedup.accept(5, cmd(Strategy.MERGE, B, C));
        AuditEntry last = dedup.accept(6, cmd(Strategy.MERGE, e, d, C, A));

        assertEquals(List.of("c2", "c4"), last.contactsMerged());
        assertEquals("c1", last.contactId());
        assertEquals(1, dedup.contacts().size());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), dedup.contacts().get(0).sourceRecords());
        assertEquals(List.of(A, B, C, d, e), dedup.contacts().get(0).contact().identifiers());
        assertEquals("records=6 contacts=1 created=4 updated=0 merged=2 rejected=0", dedup.summary().toString());
        assertTrue(dedup.contacts().get(0).contact().createdAt().equals(t(0)));
    }

    @Test
    void theBulkPathReturnsTheActionAndBuildsTheSameEntryOnlyWhenAsked() {
        Deduplicator dedup = new Deduplicator("ws", t(0));
        assertThrows(IllegalStateException.class, dedup::lastEntry);

        assertEquals(AuditEntry.Action.CREATED, dedup.apply(1, cmd(Strategy.MERGE, A)));
        assertEquals(AuditEntry.Action.CREATED, dedup.apply(2, cmd(Strategy.MERGE, B)));
        assertEquals(AuditEntry.Action.REJECTED, dedup.apply(3, cmd(Strategy.STRICT_ALIAS, A, B)));
        AuditEntry conflict = dedup.lastEntry();
        assertEquals("conflict", conflict.code());
        assertTrue(conflict.message().contains("c1") && conflict.message().contains("c2"), conflict.message());
        assertEquals(AuditEntry.Action.UPDATED, dedup.apply(4, cmd(Strategy.FIRST, B, C)));
        assertEquals(List.of(new SkippedIdentifier(C, null, SkippedIdentifier.Reason.STRATEGY_ADDS_NONE)), dedup.lastEntry().identifiersSkipped());
        assertEquals(AuditEntry.Action.MERGED, dedup.apply(7, cmd(Strategy.MERGE, C, B, A)));
        AuditEntry merged = dedup.lastEntry();
        assertEquals(new AuditEntry(7, AuditEntry.Action.MERGED, "c1", List.of("c2"), List.of(), null, null, List.of(B, A), List.of(C)), merged);
        assertTrue(merged == dedup.lastEntry(), "built once");
        AuditEntry unreadable = dedup.reject(8, "unreadable", "bad line");
        assertEquals(unreadable, dedup.lastEntry());

        assertEquals(new DedupSummary(6, 1, 2, 1, 1, 2), dedup.summary());
        List<DedupContact> streamed = new java.util.ArrayList<>();
        dedup.forEachContact(streamed::add);
        assertEquals(dedup.contacts(), streamed);
        assertEquals(List.of(1L, 2L, 4L, 7L), streamed.get(0).sourceRecords());
        assertEquals(List.of(A, B, C), streamed.get(0).contact().identifiers());
    }

    @Test
    void rangesOfContactNumbersGiveTheSameContactsAsTheWholeWalkEvenFromSeveralThreads() throws Exception {
        Deduplicator dedup = new Deduplicator("ws", t(0));
        java.util.Random random = new java.util.Random(5);
        for (int r = 1; r <= 3_000; r++) {
            Identifier e = email("p" + random.nextInt(1_500) + "@x.io");
            Identifier p = phone("+3161" + (1_000_000 + random.nextInt(1_500)));
            dedup.apply(r, random.nextInt(4) == 0 ? cmd(Strategy.MERGE, e, p) : cmd(Strategy.MERGE, b -> b.set("n", "v" + random.nextInt(9)), e));
        }
        List<DedupContact> whole = dedup.contacts();
        int n = dedup.contactNumbers();
        assertTrue(n > whole.size(), "some contacts were merged away: " + n + " numbers, " + whole.size() + " contacts");

        for (int size : new int[] {1, 7, 500, n}) {
            List<java.util.concurrent.Callable<List<DedupContact>>> ranges = new java.util.ArrayList<>();
            for (int from = 0; from < n; from += size) {
                int start = from;
                int end = Math.min(n, from + size);
                ranges.add(() -> {
                    List<DedupContact> part = new java.util.ArrayList<>();
                    dedup.forEachContact(start, end, (c, sources) -> part.add(new DedupContact(c, java.util.Arrays.stream(sources).boxed().toList())));
                    return part;
                });
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
            try {
                List<DedupContact> joined = new java.util.ArrayList<>();
                for (java.util.concurrent.Future<List<DedupContact>> part : pool.invokeAll(ranges)) {
                    joined.addAll(part.get());
                }
                assertEquals(whole, joined, "ranges of " + size);
            } finally {
                pool.shutdownNow();
            }
        }
        List<DedupContact> none = new java.util.ArrayList<>();
        dedup.forEachContact(n, n, (c, sources) -> none.add(null));
        assertEquals(List.of(), none);
        assertThrows(IndexOutOfBoundsException.class, () -> dedup.forEachContact(0, n + 1, (c, sources) -> { }));

        dedup.apply(3_001, cmd(Strategy.MERGE, email("new@x.io")));
        assertThrows(IllegalStateException.class, () -> dedup.forEachContact(0, 1, (c, sources) -> { }));
    }

    @Test
    void sourcesFollowLaterMergesAndChangesThroughTheEngine() {
        Deduplicator dedup = new Deduplicator("ws", t(0));
        dedup.apply(1, cmd(Strategy.MERGE, A));
        dedup.apply(2, cmd(Strategy.MERGE, B));
        assertEquals(List.of(2L), dedup.sourcesOf("c2"));
        dedup.apply(3, cmd(Strategy.MERGE, A, B));
        assertEquals(List.of(1L, 2L, 3L), dedup.sourcesOf("c1"));
        assertEquals(List.of(), dedup.sourcesOf("c2"));
        assertTrue(dedup.engine().delete("c1").isRight());
        assertEquals(List.of(), dedup.sourcesOf("c1"));
        assertEquals(List.of(), dedup.contacts());
        dedup.apply(4, cmd(Strategy.MERGE, A));
        assertEquals(List.of(4L), dedup.sourcesOf("c3"));
    }

    @Test
    void readingAheadChangesNoResult() {
        for (Strategy strategy : Strategy.values()) {
            // a few people with few identifiers each, so records repeat, share identifiers and merge
            java.util.SplittableRandom random = new java.util.SplittableRandom(7);
            UpsertCommand[] commands = new UpsertCommand[3_000];
            for (int i = 0; i < commands.length; i++) {
                int n = 1 + random.nextInt(4);
                Identifier[] ids = new Identifier[n];
                for (int k = 0; k < n; k++) {
                    int person = random.nextInt(1_500);
                    ids[k] = random.nextBoolean() ? email("p" + person + "@x.io") : phone("+316" + (10_000_000 + person * 7 + random.nextInt(2)));
                }
                commands[i] = cmd(strategy, ids);
            }
            Deduplicator plain = new Deduplicator("ws", t(0));
            Deduplicator ahead = new Deduplicator("ws", t(0));
            for (int i = 0; i < commands.length; i += 5) {
                int to = Math.min(commands.length, i + 5);
                ahead.prefetch(commands, i, to);
                for (int j = i; j < to; j++) {
                    assertEquals(plain.apply(j + 1, commands[j]), ahead.apply(j + 1, commands[j]));
                    assertEquals(plain.lastEntry(), ahead.lastEntry(), strategy + ", record " + (j + 1));
                }
            }
            assertEquals(plain.summary(), ahead.summary());
            assertEquals(plain.contacts(), ahead.contacts());
            assertTrue(plain.summary().merged() > 0 || strategy != Strategy.MERGE, "the records must merge contacts");
        }
    }

    @Test
    void readingAheadChecksItsRange() {
        Deduplicator dedup = new Deduplicator("ws", t(0));
        UpsertCommand[] commands = {cmd(Strategy.MERGE, A), null};
        assertThrows(IndexOutOfBoundsException.class, () -> dedup.prefetch(commands, 1, 3));
        assertThrows(NullPointerException.class, () -> dedup.prefetch(commands, 0, 2));
        dedup.prefetch(commands, 0, 1);
        dedup.prefetch(commands, 1, 1);
        assertEquals(new DedupSummary(0, 0, 0, 0, 0, 0), dedup.summary());
    }
}
