package io.contactkit.domain;

import static io.contactkit.domain.Fixtures.cmd;
import static io.contactkit.domain.Fixtures.crm;
import static io.contactkit.domain.Fixtures.email;
import static io.contactkit.domain.Fixtures.ok;
import static io.contactkit.domain.Fixtures.phone;
import static io.contactkit.domain.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.SkippedIdentifier.Reason;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Identity rules: reading them, and what each rule does to the engine's decisions. */
class IdentityRulesTest {

    static final IdentifierPolicy US = IdentifierPolicy.builder().defaultRegion("US").build();
    static final Identifier A = email("a@x.io");
    static final Identifier B = email("b@x.io");
    static final Identifier C = email("c@x.io");

    static IdentityRules rules(Map<String, ?> tree) {
        Validation<Seq<Violation>, IdentityRules> v = IdentityRules.fromTree(tree, US);
        assertTrue(v.isValid(), () -> "invalid rules: " + v.getError());
        return v.get();
    }

    @Nested
    class Reading {
        @Test
        void theIssuesShapeReadsAndBlockedValuesAreNormalized() {
            IdentityRules r = rules(Map.of(
                    "identifiers", Map.of(
                            "emailaddress", Map.of("blocked", List.of(" Test@Example.com "), "blockedPatterns", List.of("^no-?reply@"), "maxPerContact", 5),
                            "phonenumber", Map.of("blocked", List.of("(555) 555-0100")),
                            "crm", Map.of("maxPerContact", 1)),
                    "merge", Map.of("maxContactsPerMerge", 10, "maxMergesPerContact", 100),
                    "hubs", Map.of("threshold", 3, "autoBlock", true)));

            assertEquals("identifiers.emailaddress.blocked", r.blockedBy(email("test@example.com")));
            assertEquals("identifiers.emailaddress.blockedPatterns", r.blockedBy(email("noreply@shop.io")));
            assertEquals("identifiers.emailaddress.blockedPatterns", r.blockedBy(email("no-reply@shop.io")));
            assertNull(r.blockedBy(email("ann.noreply@shop.io")), "the pattern is anchored at the start");
            assertTrue(r.isBlocked(phone("+15555550100")));
            assertEquals(5, r.maxPerContact("emailaddress"));
            assertEquals(1, r.maxPerContact("crm"));
            assertEquals(0, r.maxPerContact("phonenumber"));
            assertEquals(10, r.maxContactsPerMerge().getAsInt());
            assertEquals(100, r.maxMergesPerContact().getAsInt());
            assertEquals(new IdentityRules.HubRule(3, true), r.hubs().orElseThrow());
            assertFalse(r.isNone());
            assertTrue(IdentityRules.NONE.isNone());
            assertTrue(rules(Map.of()).isNone());
        }

        @Test
        void everyKeyRulesApplyToAllKeysAndAKeysOwnLimitWins() {
            IdentityRules r = rules(Map.of("identifiers", Map.of(
                    "*", Map.of("blocked", List.of("-1", "null", "anonymous"), "blockedPatterns", List.of("^[0-]*$"), "maxPerContact", 5),
                    "crm", Map.of("maxPerContact", 1))));

            assertTrue(r.isBlocked(Identifier.of("crm", "anonymous")));
            assertTrue(r.isBlocked(Identifier.of("visitorid", "0000-000")));
            assertEquals("identifiers.*.blockedPatterns", r.blockedBy(Identifier.of("loyalty", "---")));
            assertFalse(r.isBlocked(Identifier.of("crm", "10")));
            assertEquals(1, r.maxPerContact("crm"));
            assertEquals(5, r.maxPerContact("emailaddress"));
        }

        @Test
        void everyProblemIsReportedWithItsPath() {
            Validation<Seq<Violation>, IdentityRules> v = IdentityRules.fromTree(Map.of(
                    "identifiers", Map.of(
                            "emailaddress", Map.of("blocked", List.of("not an address"), "blockedPatterns", List.of("(unclosed"), "maxPerContact", 0),
                            "bad key!", Map.of(),
                            "crm", Map.of("limit", 1)),
                    "merge", Map.of("maxContactsPerMerge", "ten"),
                    "hubs", Map.of("autoBlock", true),
                    "extra", 1), US);

            assertTrue(v.isInvalid());
            List<String> fields = v.getError().map(x -> x.field() + " " + x.code()).toJavaList();
            assertTrue(fields.contains("identifiers.emailaddress.blocked[0].value invalid_value")
                    || fields.stream().anyMatch(f -> f.startsWith("identifiers.emailaddress.blocked[0]")), fields::toString);
            assertTrue(fields.contains("identifiers.emailaddress.blockedPatterns[0] invalid_pattern"), fields::toString);
            assertTrue(fields.contains("identifiers.emailaddress.maxPerContact out_of_range"), fields::toString);
            assertTrue(fields.contains("identifiers.bad key! invalid_key"), fields::toString);
            assertTrue(fields.contains("identifiers.crm.limit unknown_field"), fields::toString);
            assertTrue(fields.contains("merge.maxContactsPerMerge invalid_type"), fields::toString);
            assertTrue(fields.contains("hubs.threshold missing_value"), fields::toString);
            assertTrue(fields.contains("extra unknown_field"), fields::toString);
        }

        @Test
        void theBuilderRefusesWhatCouldNeverMatch() {
            assertThrows(IllegalArgumentException.class, () -> IdentityRules.builder(US).blocked("emailaddress", "nope"));
            assertThrows(IllegalArgumentException.class, () -> IdentityRules.builder(US).maxPerContact("crm", 0));
            assertThrows(IllegalArgumentException.class, () -> IdentityRules.builder(US).blockedPattern("a b", "x"));
        }
    }

    @Nested
    class Blocked {
        IdentityRules rules = IdentityRules.builder(US).blocked("emailaddress", "a@x.io").build();

        @Test
        void aBlockedIdentifierIsDroppedBeforeMatchingAndReported() {
            ContactBook book = ContactBook.sequential("ws", "c", rules);
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, B), t(0)));
            UpsertOutcome o = ok(book.upsert(cmd(Strategy.MERGE, A, C), t(1)));

            assertTrue(o.created(), "A would have joined nothing anyway; C is new: a new contact");
            assertEquals(List.of(C), o.contact().identifiers());
            assertEquals(List.of(new SkippedIdentifier(A, null, Reason.BLOCKED)), o.identifiersSkipped());
            assertEquals(java.util.Optional.empty(), book.ownerOf(A));
        }

        @Test
        void anUpsertLeftWithoutIdentifiersFailsAsOneWithoutIdentifiersWouldAndChangesNothing() {
            ContactBook book = ContactBook.sequential("ws", "c", rules);
            UpsertFailure f = book.upsert(cmd(Strategy.STRICT_ALIAS, A), t(0)).getLeft();

            assertEquals("missing_identifier", ((UpsertFailure.Invalid) f).violations().head().code());
            assertTrue(f.message().contains("blocked"), f.message());
            assertEquals(0, book.size());
        }

        @Test
        void aDeduplicationRecordLeftWithoutIdentifiersIsAContactOfItsOwn() {
            Deduplicator dedup = new Deduplicator("ws", t(0), 16, rules);
            AuditEntry e = dedup.accept(1, cmd(Strategy.STRICT_ALIAS, A));

            assertEquals(AuditEntry.Action.CREATED, e.action());
            assertEquals(List.of(), dedup.contacts().get(0).contact().identifiers());
            assertEquals(List.of(new SkippedIdentifier(A, null, Reason.BLOCKED)), e.identifiersSkipped());
            assertEquals(List.of("identifiers.emailaddress.blocked"), e.rulesFired());
        }

        @Test
        void createAndUpdateByIdDropBlockedIdentifiersToo() {
            ContactBook book = ContactBook.sequential("ws", "c", rules);
            UpsertOutcome created = ok(book.create(cmd(Strategy.STRICT_ALIAS, A, B), t(0)));
            UpsertOutcome updated = ok(book.update("c1", cmd(Strategy.STRICT_ALIAS, A, C), t(1)));

            assertEquals(List.of(B, C), updated.contact().identifiers());
            assertEquals(List.of(new SkippedIdentifier(A, null, Reason.BLOCKED)), created.identifiersSkipped());
            assertEquals(List.of(new SkippedIdentifier(A, null, Reason.BLOCKED)), updated.identifiersSkipped());
        }
    }

    @Nested
    class Limits {
        @Test
        void segmentsExampleTheLowerPriorityTieIsDemotedAndTheRecordDecidedAgain() {
            // a contact holds crm 1 and A; a record brings crm 2 (first in priority) and A: two crm ids would exceed 1
            IdentityRules rules = IdentityRules.builder(US).maxPerContact("crmId", 1).build();
            Deduplicator dedup = new Deduplicator("ws", t(0), 16, rules);
            dedup.accept(1, cmd(Strategy.STRICT_ALIAS, crm("1"), A));
            AuditEntry e = dedup.accept(2, cmd(Strategy.STRICT_ALIAS, crm("2"), A));

            assertEquals(AuditEntry.Action.CREATED, e.action(), "without A the record matches nobody: a new contact");
            assertEquals("c2", e.contactId());
            assertEquals(List.of(new SkippedIdentifier(A, "c1", Reason.LIMIT)), e.identifiersSkipped());
            assertEquals(List.of("identifiers.crmId.maxPerContact"), e.rulesFired());
            assertEquals(List.of(crm("1"), A), dedup.contacts().get(0).contact().identifiers());
            assertEquals(List.of(crm("2")), dedup.contacts().get(1).contact().identifiers());
        }

        @Test
        void theLowerPriorityNewIdentifierIsSkippedWhenItComesLast() {
            IdentityRules rules = IdentityRules.builder(US).maxPerContact("crmId", 1).build();
            Deduplicator dedup = new Deduplicator("ws", t(0), 16, rules);
            dedup.accept(1, cmd(Strategy.FIRST_ALIAS, A, crm("1")));
            AuditEntry e = dedup.accept(2, cmd(Strategy.FIRST_ALIAS, A, crm("2"), B));

            assertEquals("c1", e.contactId());
            assertEquals(List.of(B), e.identifiersAdded());
            assertEquals(List.of(new SkippedIdentifier(crm("2"), null, Reason.LIMIT)), e.identifiersSkipped());
        }

        @Test
        void aMergeThatWouldGatherTooManyIdentifiersOfAKeyIsCutWhereItIsTied() {
            IdentityRules rules = IdentityRules.builder(US).maxPerContact("crmId", 1).build();
            Deduplicator dedup = new Deduplicator("ws", t(0), 16, rules);
            dedup.accept(1, cmd(Strategy.MERGE, A, crm("1")));
            dedup.accept(2, cmd(Strategy.MERGE, B, crm("2")));
            AuditEntry e = dedup.accept(3, cmd(Strategy.MERGE, A, B));

            assertEquals(AuditEntry.Action.UPDATED, e.action());
            assertEquals("c1", e.contactId());
            assertEquals(List.of(new SkippedIdentifier(B, "c2", Reason.LIMIT)), e.identifiersSkipped());
            assertEquals(2, dedup.contacts().size());
        }

        @Test
        void aNewContactTakesTheFirstIdentifiersOfAKeyUpToTheLimit() {
            IdentityRules rules = IdentityRules.builder(US).maxPerContact("emailaddress", 2).build();
            ContactBook book = ContactBook.sequential("ws", "c", rules);
            UpsertOutcome o = ok(book.upsert(cmd(Strategy.STRICT_ALIAS, A, B, C), t(0)));

            assertEquals(List.of(A, B), o.contact().identifiers());
            assertEquals(List.of(new SkippedIdentifier(C, null, Reason.LIMIT)), o.identifiersSkipped());
        }
    }

    @Nested
    class MergeCaps {
        @Test
        void aMergeOfTooManyContactsGoesToTheFirstContactAsUnderFirstAlias() {
            IdentityRules rules = IdentityRules.builder(US).maxContactsPerMerge(2).build();
            Deduplicator dedup = new Deduplicator("ws", t(0), 16, rules);
            dedup.accept(1, cmd(Strategy.MERGE, A));
            dedup.accept(2, cmd(Strategy.MERGE, B));
            dedup.accept(3, cmd(Strategy.MERGE, C));
            AuditEntry e = dedup.accept(4, cmd(Strategy.MERGE, B, A, C, crm("9")));

            assertEquals(AuditEntry.Action.UPDATED, e.action());
            assertEquals("c2", e.contactId(), "the owner of the first identifier");
            assertEquals(List.of(crm("9")), e.identifiersAdded());
            assertEquals(List.of(new SkippedIdentifier(A, "c1", Reason.MERGE_PROTECTED), new SkippedIdentifier(C, "c3", Reason.MERGE_PROTECTED)),
                    e.identifiersSkipped());
            assertEquals(List.of("merge.maxContactsPerMerge"), e.rulesFired());
            assertEquals(3, dedup.contacts().size());

            AuditEntry two = dedup.accept(5, cmd(Strategy.MERGE, A, B));
            assertEquals(AuditEntry.Action.MERGED, two.action(), "two contacts are within the cap");
        }

        @Test
        void aContactStopsAbsorbingOthersAtItsMergeCap() {
            IdentityRules rules = IdentityRules.builder(US).maxMergesPerContact(1).build();
            Deduplicator dedup = new Deduplicator("ws", t(0), 16, rules);
            dedup.accept(1, cmd(Strategy.MERGE, A));
            dedup.accept(2, cmd(Strategy.MERGE, B));
            dedup.accept(3, cmd(Strategy.MERGE, C));
            assertEquals(AuditEntry.Action.MERGED, dedup.accept(4, cmd(Strategy.MERGE, A, B)).action());
            AuditEntry e = dedup.accept(5, cmd(Strategy.MERGE, C, A));

            assertEquals("c3", e.contactId());
            assertEquals(List.of(new SkippedIdentifier(A, "c1", Reason.MERGE_PROTECTED)), e.identifiersSkipped());
            assertEquals(List.of("merge.maxMergesPerContact"), e.rulesFired());
        }
    }

    /**
     * A store keeps each contact's count of merges when it writes the book's contacts: the count the book gives counts every
     * contact absorbed, through contacts merged into it and on top of a restored count; none is kept without a cap.
     */
    @Test
    void theBookGivesEachContactsCountOfMergesForTheStoreToKeep() {
        IdentityRules capped = IdentityRules.builder(US).maxMergesPerContact(5).build();
        java.time.Instant at = java.time.Instant.parse("2026-01-01T00:00:00Z");
        ContactBook book = ContactBook.sequential("ws", "n", capped);
        book.restore(Contact.builder("old", "ws", at).identifier(A).build()).get();
        book.restoreMergeCount("old", 2);
        book.upsert(cmd(Strategy.MERGE, B), at);
        book.upsert(cmd(Strategy.MERGE, C), at);
        assertEquals(0, book.mergeCount("n1"));
        book.upsert(cmd(Strategy.MERGE, B, C), at);
        assertEquals(1, book.mergeCount("n1"), "n1 absorbed n2");

        UpsertOutcome o = book.upsert(cmd(Strategy.MERGE, A, B), at).get();

        assertEquals("old", o.contact().id());
        assertEquals(2 + 1 + 1, book.mergeCount("old"), "its restored two, n1, and n2 through n1");
        assertThrows(IllegalArgumentException.class, () -> book.mergeCount("n1"), "n1 is merged away");
        assertThrows(IllegalArgumentException.class, () -> book.mergeCount("nobody"));

        ContactBook uncapped = ContactBook.sequential("ws", "u", IdentityRules.NONE);
        uncapped.upsert(cmd(Strategy.MERGE, A), at);
        uncapped.upsert(cmd(Strategy.MERGE, B), at);
        uncapped.upsert(cmd(Strategy.MERGE, A, B), at);
        assertEquals(0, uncapped.mergeCount("u1"), "not counted without a cap");
    }

    /** A store restores contacts into a fresh book: their counts of merges and the audit come with them. */
    @Test
    void aRestoredContactKeepsItsCountOfMergesAndTheBookGivesTheAuditOfItsLastCommand() {
        IdentityRules capped = IdentityRules.builder(US).maxMergesPerContact(2).build();
        java.time.Instant at = java.time.Instant.parse("2026-01-01T00:00:00Z");
        ContactBook fresh = ContactBook.sequential("ws", "n", capped);
        fresh.restore(Contact.builder("old", "ws", at).identifier(A).build()).get();
        fresh.restore(Contact.builder("other", "ws", at.plusSeconds(1)).identifier(B).build()).get();
        fresh.restoreMergeCount("old", 2);

        UpsertOutcome o = fresh.upsert(cmd(Strategy.MERGE, A, B), at.plusSeconds(2)).get();

        assertEquals("old", o.contact().id());
        assertEquals(List.of(), o.contactsMerged(), "old has absorbed two contacts already: the cap keeps it from a third");
        AuditEntry e = fresh.lastAudit(7);
        assertEquals(7, e.record());
        assertEquals(List.of("merge.maxMergesPerContact"), e.rulesFired());
        assertEquals(List.of(new SkippedIdentifier(B, "other", Reason.MERGE_PROTECTED)), e.identifiersSkipped());
        assertThrows(IllegalArgumentException.class, () -> fresh.restoreMergeCount("nobody", 1));

        Deduplicator dedup = new Deduplicator("ws", at, 4, capped);
        AuditEntry first = dedup.accept(1, cmd(Strategy.MERGE, A));
        ContactBook book = ContactBook.sequential("ws", "c", capped);
        book.upsert(cmd(Strategy.MERGE, A), at);
        assertEquals(first, book.lastAudit(1), "the book's audit of a command is the deduplication run's");
    }

    @Test
    void hubsAreValuesJoiningMoreThanKOtherwiseSeparateContacts() {
        Identifier office = phone("+31612345678");
        HubFinder finder = new HubFinder(IdentityRules.NONE);
        finder.add(List.of(A, office));
        finder.add(List.of(B, office));
        finder.add(List.of(C, office));
        finder.add(List.of(A, crm("1")));
        finder.add(List.of(crm("1"), office));

        assertEquals(List.of(new HubFinder.Hub(office, 3, 4)), finder.hubs(2), "A and crm 1 are one contact: three in all");
        assertEquals(List.of(), finder.hubs(3));
        HubFinder blocked = new HubFinder(IdentityRules.builder(US).blocked("phonenumber", "+31 6 1234 5678").build());
        blocked.add(List.of(A, office));
        blocked.add(List.of(B, office));
        assertEquals(List.of(), blocked.hubs(1));
    }
}
