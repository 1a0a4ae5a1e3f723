package io.contactkit.domain;

import static io.contactkit.domain.Fixtures.bookWith;
import static io.contactkit.domain.Fixtures.cmd;
import static io.contactkit.domain.Fixtures.crm;
import static io.contactkit.domain.Fixtures.email;
import static io.contactkit.domain.Fixtures.ok;
import static io.contactkit.domain.Fixtures.phone;
import static io.contactkit.domain.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.control.Either;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test per row and column of docs/DESIGN.md's strategy table. */
class StrategyTableTest {

    static final Identifier A = email("a@x.io");
    static final Identifier B = email("b@x.io");
    static final Identifier C = phone("+31612345678");
    static final Identifier D = crm("D-1");

    @Nested
    class StrictAlias {

        @Test
        void theSingleOwnerIsUpdatedAndGetsEveryUnownedIdentifier() {
            ContactBook book = bookWith(List.of(List.of(A)));

            UpsertOutcome out = ok(book.upsert(cmd(Strategy.STRICT_ALIAS, B, A, C), t(10)));

            assertFalse(out.created());
            assertTrue(out.changed());
            assertEquals("c1", out.contact().id());
            assertEquals(List.of(B, C), out.identifiersAdded());
            assertEquals(List.of(A, B, C), out.contact().identifiers());
            assertEquals(List.of(), out.identifiersSkipped());
            assertEquals(Optional.of("c1"), book.ownerOf(C));
            assertEquals(t(10), out.contact().updatedAt());
            assertEquals(1, book.size());
        }

        @Test
        void identifiersOfTwoOwnersAreAConflictNamingBothAndNothingChanges() {
            ContactBook book = bookWith(List.of(List.of(A), List.of(B)));
            List<Contact> before = book.contacts();

            Either<UpsertFailure, UpsertOutcome> result = book.upsert(
                    cmd(Strategy.STRICT_ALIAS, b -> b.set("firstName", "Ann").addToList("L1"), C, B, A), t(10));

            UpsertFailure.Conflict conflict = assertInstanceOf(UpsertFailure.Conflict.class, result.getLeft());
            assertEquals(List.of("c2", "c1"), conflict.contactIds());
            assertEquals(Map.of(B, "c2", A, "c1"), conflict.owners());
            assertEquals("conflict", conflict.code());
            assertTrue(conflict.message().contains("c1") && conflict.message().contains("c2"), conflict.message());
            assertEquals(before, book.contacts());
            assertEquals(Optional.empty(), book.ownerOf(C));
            assertEquals(2, book.identifierCount());
        }

        @Test
        void whenNothingMatchesANewContactGetsAllIdentifiers() {
            ContactBook book = bookWith(List.of(List.of(D)));

            UpsertOutcome out = ok(book.upsert(cmd(Strategy.STRICT_ALIAS, A, B, C), t(10)));

            assertTrue(out.created());
            assertEquals("c2", out.contact().id());
            assertEquals(List.of(A, B, C), out.contact().identifiers());
            assertEquals(List.of(A, B, C), out.identifiersAdded());
            assertEquals(t(10), out.contact().createdAt());
            assertEquals(t(10), out.contact().updatedAt());
            assertEquals(2, book.size());
        }
    }

    @Nested
    class FirstAlias {

        @Test
        void theOwnerOfTheFirstOwnedIdentifierWinsAndForeignIdentifiersAreSkippedNotMoved() {
            ContactBook book = bookWith(List.of(List.of(B), List.of(C)));

            UpsertOutcome out = ok(book.upsert(cmd(Strategy.FIRST_ALIAS, A, B, C, D), t(10)));

            assertFalse(out.created());
            assertEquals("c1", out.contact().id());
            assertEquals(List.of(A, D), out.identifiersAdded());
            assertEquals(List.of(new SkippedIdentifier(C, "c2", SkippedIdentifier.Reason.OWNED_BY_ANOTHER_CONTACT)),
                    out.identifiersSkipped());
            assertEquals(List.of(B, A, D), out.contact().identifiers());
            assertEquals(Optional.of("c2"), book.ownerOf(C));
            assertEquals(List.of(C), book.get("c2").orElseThrow().identifiers());
        }

        @Test
        void priorityOrderDecidesWhichOwnerWins() {
            ContactBook book = bookWith(List.of(List.of(B), List.of(C)));

            UpsertOutcome out = ok(book.upsert(cmd(Strategy.FIRST_ALIAS, C, B), t(10)));

            assertEquals("c2", out.contact().id());
            assertEquals(List.of(new SkippedIdentifier(B, "c1", SkippedIdentifier.Reason.OWNED_BY_ANOTHER_CONTACT)),
                    out.identifiersSkipped());
        }

        @Test
        void whenNothingMatchesANewContactGetsAllIdentifiers() {
            ContactBook book = bookWith(List.of(List.of(D)));

            UpsertOutcome out = ok(book.upsert(cmd(Strategy.FIRST_ALIAS, A, B, C), t(10)));

            assertTrue(out.created());
            assertEquals(List.of(A, B, C), out.contact().identifiers());
            assertEquals(List.of(), out.identifiersSkipped());
        }
    }

    @Nested
    class First {

        @Test
        void theOwnerOfTheFirstOwnedIdentifierIsUpdatedButGetsNoIdentifier() {
            ContactBook book = bookWith(List.of(List.of(B), List.of(C)));

            UpsertOutcome out = ok(book.upsert(cmd(Strategy.FIRST, b -> b.set("firstName", "Ann"), A, B, C), t(10)));

            assertFalse(out.created());
            assertEquals("c1", out.contact().id());
            assertEquals(List.of(), out.identifiersAdded());
            assertEquals(List.of(B), out.contact().identifiers());
            assertEquals(List.of(
                    new SkippedIdentifier(A, null, SkippedIdentifier.Reason.STRATEGY_ADDS_NONE),
                    new SkippedIdentifier(C, "c2", SkippedIdentifier.Reason.OWNED_BY_ANOTHER_CONTACT)),
                    out.identifiersSkipped());
            assertEquals(Optional.of(AttributeValue.of("Ann")), out.contact().attribute("firstName"));
            assertEquals(Optional.empty(), book.ownerOf(A));
        }

        @Test
        void whenNothingMatchesANewContactGetsOnlyTheFirstIdentifier() {
            ContactBook book = bookWith(List.of(List.of(D)));

            UpsertOutcome out = ok(book.upsert(cmd(Strategy.FIRST, A, B, C), t(10)));

            assertTrue(out.created());
            assertEquals(List.of(A), out.contact().identifiers());
            assertEquals(List.of(A), out.identifiersAdded());
            assertEquals(List.of(
                    new SkippedIdentifier(B, null, SkippedIdentifier.Reason.STRATEGY_ADDS_NONE),
                    new SkippedIdentifier(C, null, SkippedIdentifier.Reason.STRATEGY_ADDS_NONE)),
                    out.identifiersSkipped());
            assertEquals(Optional.empty(), book.ownerOf(B));
            assertEquals(Optional.empty(), book.ownerOf(C));
        }
    }

    @Nested
    class Merge {

        @Test
        void everyOwnerIsMergedIntoTheEarliestCreatedWhichGetsEveryUnownedIdentifier() {
            ContactBook book = bookWith(List.of(List.of(A), List.of(B), List.of(C)));

            UpsertOutcome out = ok(book.upsert(cmd(Strategy.MERGE, C, A, D), t(10)));

            assertFalse(out.created());
            assertEquals("c1", out.contact().id());
            assertEquals(List.of("c3"), out.contactsMerged());
            assertEquals(List.of(D), out.identifiersAdded());
            assertEquals(List.of(A, C, D), out.contact().identifiers());
            assertEquals(Optional.of("c1"), book.ownerOf(C));
            assertEquals(Optional.of("c1"), book.survivorOf("c3"));
            assertEquals(Optional.empty(), book.get("c3"));
            assertEquals(Optional.empty(), book.survivorOf("c2"));
            assertEquals(List.of(B), book.get("c2").orElseThrow().identifiers());
            assertEquals(2, book.size());
            assertEquals(t(10), out.contact().updatedAt());
        }

        @Test
        void theSurvivorIsTheEarliestCreatedByTimeNotByPosition() {
            ContactBook book = Fixtures.book();
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, A), t(50)));
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, B), t(20)));

            UpsertOutcome out = ok(book.upsert(cmd(Strategy.MERGE, A, B), t(60)));

            assertEquals("c2", out.contact().id());
            assertEquals(List.of("c1"), out.contactsMerged());
            assertEquals(List.of(B, A), out.contact().identifiers());
            assertEquals(Optional.of("c2"), book.survivorOf("c1"));
        }

        @Test
        void theSurvivorPointerFollowsLaterMerges() {
            ContactBook book = Fixtures.book();
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, A), t(20)));
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, B), t(30)));
            ok(book.upsert(cmd(Strategy.MERGE, A, B), t(40)));
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, C), t(10)));

            UpsertOutcome out = ok(book.upsert(cmd(Strategy.MERGE, B, C), t(50)));

            assertEquals("c3", out.contact().id());
            assertEquals(Optional.of("c3"), book.survivorOf("c1"));
            assertEquals(Optional.of("c3"), book.survivorOf("c2"));
            assertEquals(List.of(C, A, B), out.contact().identifiers());
        }

        @Test
        void attributesResolveByLastWriteWhicheverContactSurvives() {
            ContactBook book = Fixtures.book();
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.set("tier", "gold").set("city", "Oslo"), A), t(1)));
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.set("tier", "silver").set("zip", "0150"), B), t(2)));
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.set("city", "Bergen"), A), t(3)));

            UpsertOutcome out = ok(book.upsert(cmd(Strategy.MERGE, A, B), t(4)));

            assertEquals("c1", out.contact().id());
            assertEquals(Map.of("tier", AttributeValue.of("silver"), "city", AttributeValue.of("Bergen"),
                    "zip", AttributeValue.of("0150")), out.contact().attributes());
        }

        @Test
        void aRemovalIsAWriteTooAndANewerRemovalBeatsAnOlderValue() {
            ContactBook book = Fixtures.book();
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.set("tier", "gold"), A), t(1)));
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.set("tier", "silver"), B), t(2)));
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.remove("tier"), B), t(3)));

            UpsertOutcome out = ok(book.upsert(cmd(Strategy.MERGE, A, B), t(4)));

            assertEquals(Optional.empty(), out.contact().attribute("tier"));
        }

        @Test
        void theMergingCommandWritesLast() {
            ContactBook book = Fixtures.book();
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.set("tier", "gold"), A), t(1)));
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.set("tier", "silver"), B), t(2)));

            UpsertOutcome out = ok(book.upsert(cmd(Strategy.MERGE, b -> b.set("tier", "bronze"), B, A), t(4)));

            assertEquals(Optional.of(AttributeValue.of("bronze")), out.contact().attribute("tier"));
        }

        @Test
        void ownerAndLanguageResolveByLastWriteToo() {
            ContactBook book = Fixtures.book();
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.owner("ann@corp.io").language("NL"), A), t(1)));
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.language("EN"), B), t(2)));

            Contact merged = ok(book.upsert(cmd(Strategy.MERGE, A, B), t(3))).contact();

            assertEquals(Optional.of("ann@corp.io"), merged.owner());
            assertEquals(Optional.of("EN"), merged.language());
        }

        @Test
        void membershipsAreUnited() {
            ContactBook book = Fixtures.book();
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.addToList("L1").addToList("L2").addToAccount("A1"), A), t(1)));
            ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.addToList("L2").addToList("L3").addToAccount("A2"), B), t(2)));

            Contact merged = ok(book.upsert(cmd(Strategy.MERGE, b -> b.addToList("L4").removeFromList("L1"), A, B), t(3))).contact();

            assertEquals(List.of("L2", "L3", "L4"), merged.lists());
            assertEquals(List.of("A1", "A2"), merged.accounts());
        }

        @Test
        void whenNothingMatchesANewContactGetsAllIdentifiers() {
            ContactBook book = bookWith(List.of(List.of(D)));

            UpsertOutcome out = ok(book.upsert(cmd(Strategy.MERGE, A, B, C), t(10)));

            assertTrue(out.created());
            assertEquals(List.of(A, B, C), out.contact().identifiers());
            assertEquals(List.of(), out.contactsMerged());
        }

        @Test
        void aSingleOwnerIsUpdatedWithoutMerging() {
            ContactBook book = bookWith(List.of(List.of(A, B)));

            UpsertOutcome out = ok(book.upsert(cmd(Strategy.MERGE, B, A, C), t(10)));

            assertEquals(List.of(), out.contactsMerged());
            assertEquals(List.of(C), out.identifiersAdded());
            assertEquals(List.of(A, B, C), out.contact().identifiers());
        }
    }

    @Test
    void theDefaultStrategyIsStrictAlias() {
        UpsertCommand c = Fixtures.valid(UpsertCommand.builder().identifier(A).build(IdentifierPolicy.defaults()));
        assertEquals(Strategy.STRICT_ALIAS, c.strategy());
    }

    @Test
    void strategiesParseFromTheirWireNames() {
        assertEquals(Optional.of(Strategy.STRICT_ALIAS), Strategy.parse("strict_alias"));
        assertEquals(Optional.of(Strategy.FIRST_ALIAS), Strategy.parse(" First-Alias "));
        assertEquals(Optional.of(Strategy.FIRST), Strategy.parse("first"));
        assertEquals(Optional.of(Strategy.MERGE), Strategy.parse("MERGE"));
        assertEquals(Optional.empty(), Strategy.parse("fuzzy"));
        assertEquals(Optional.empty(), Strategy.parse(null));
    }
}
