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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Identifier removal, attribute patches, memberships, idempotence, create/update/delete and paging of the book. */
class ContactBookTest {

    static final Identifier A = email("a@x.io");
    static final Identifier B = email("b@x.io");
    static final Identifier C = phone("+31612345678");
    static final Identifier D = crm("D-1");

    @Test
    void removingAnOwnedIdentifierRemovesIt() {
        ContactBook book = bookWith(List.of(List.of(A, B, C)));

        UpsertOutcome out = ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.removeIdentifier(B.key(), B.value()), A), t(10)));

        assertEquals(List.of(B), out.identifiersRemoved());
        assertEquals(List.of(), out.removalsIgnored());
        assertEquals(List.of(A, C), out.contact().identifiers());
        assertEquals(Optional.empty(), book.ownerOf(B));
        assertTrue(out.changed());
        assertEquals(t(10), out.contact().updatedAt());
    }

    @Test
    void timesEqualToTheFirstContactsAndOtherTimesAreEachKeptExactly() {
        // the book keeps times equal to its first one without storing them per contact: mix them with others
        ContactBook book = ContactBook.sequential("ws", "c");
        ok(book.upsert(cmd(Strategy.MERGE, A), t(5)));
        ok(book.upsert(cmd(Strategy.MERGE, B), t(3)));
        ok(book.upsert(cmd(Strategy.MERGE, C), java.time.Instant.parse(t(5).toString())));
        ok(book.upsert(cmd(Strategy.MERGE, D), t(7)));
        assertEquals(List.of(t(5), t(3), t(5), t(7)), book.contacts().stream().map(Contact::createdAt).toList());
        assertEquals(List.of(t(5), t(3), t(5), t(7)), book.contacts().stream().map(Contact::updatedAt).toList());

        // updates at another time, back at the first time, and at a third
        ok(book.upsert(cmd(Strategy.MERGE, b -> b.set("city", "Oslo"), A), t(9)));
        ok(book.upsert(cmd(Strategy.MERGE, b -> b.set("city", "Rome"), B), t(5)));
        ok(book.upsert(cmd(Strategy.MERGE, b -> b.set("city", "Bern"), D), t(8)));
        assertEquals(List.of(t(9), t(5), t(5), t(8)), book.contacts().stream().map(Contact::updatedAt).toList());
        assertEquals(List.of(t(5), t(3), t(5), t(7)), book.contacts().stream().map(Contact::createdAt).toList());

        // of two contacts created at equal times (c3 at an equal but distinct Instant), a merge keeps the one numbered first
        UpsertOutcome tie = ok(book.upsert(cmd(Strategy.MERGE, A, C), t(11)));
        assertEquals("c1", tie.contact().id());
        assertEquals(t(11), tie.contact().updatedAt());
        // otherwise the one created first: c2 (t3) over c1 (t5) and c4 (t7)
        UpsertOutcome merged = ok(book.upsert(cmd(Strategy.MERGE, A, B, D), t(5)));
        assertEquals("c2", merged.contact().id());
        assertEquals(t(3), merged.contact().createdAt());
        assertEquals(t(5), merged.contact().updatedAt());
        assertEquals(List.of("c2"), book.contacts().stream().map(Contact::id).toList());
    }

    @Test
    void removingAnIdentifierTheContactDoesNotOwnChangesNothingAndIsReported() {
        ContactBook book = bookWith(List.of(List.of(A), List.of(B)));
        List<Contact> before = book.contacts();

        UpsertOutcome out = ok(book.upsert(cmd(Strategy.STRICT_ALIAS,
                b -> b.removeIdentifier(B.key(), B.value()).removeIdentifier(D.key(), D.value()), A), t(10)));

        assertEquals(List.of(), out.identifiersRemoved());
        assertEquals(List.of(B, D), out.removalsIgnored());
        assertFalse(out.changed());
        assertEquals(before, book.contacts());
        assertEquals(Optional.of("c2"), book.ownerOf(B));
    }

    @Test
    void aRemovalIsNormalizedLikeAnyIdentifier() {
        ContactBook book = bookWith(List.of(List.of(A, B)));

        UpsertOutcome out = ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.removeIdentifier("emailaddress", "  B@X.IO "), A), t(10)));

        assertEquals(List.of(B), out.identifiersRemoved());
    }

    @Test
    void theAttributePatchSetsRemovesAndKeeps() {
        ContactBook book = Fixtures.book();
        ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.set("firstName", "Ann").set("lastName", "Lee")
                .set("tier", "gold").set("age", AttributeValue.of(41)), A), t(1)));

        Contact after = ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.set("firstName", "Bo").remove("lastName")
                .remove("neverSet").set("tags", AttributeValue.of(List.of(AttributeValue.of("vip"), AttributeValue.of(true)))), A), t(2)))
                .contact();

        assertEquals(Map.of("firstName", AttributeValue.of("Bo"), "tier", AttributeValue.of("gold"), "age", AttributeValue.of(41),
                "tags", AttributeValue.of(List.of(AttributeValue.of("vip"), AttributeValue.of(true)))), after.attributes());
    }

    @Test
    void anExplicitNullRemoves() {
        UpsertCommand c = cmd(Strategy.STRICT_ALIAS, b -> b.set("firstName", (String) null), A);
        assertEquals(Map.of("firstName", AttributeChange.remove()), c.attributes());
    }

    @Test
    void writingWhatIsAlreadyThereChangesNothing() {
        ContactBook book = Fixtures.book();
        ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.set("firstName", "Ann").addToList("L1").owner("o@x.io"), A), t(1)));

        UpsertOutcome out = ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.set("firstName", "Ann").addToList("L1")
                .removeFromList("L9").remove("lastName").owner("o@x.io"), A), t(2)));

        assertFalse(out.changed());
        assertEquals(t(1), out.contact().updatedAt());
    }

    @Test
    void listAndAccountChangesApplyInOrder() {
        ContactBook book = Fixtures.book();
        ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.addToList("L1").addToList("L2").addToAccount("A1"), A), t(1)));

        Contact after = ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.removeFromList("L1").addToList("L3")
                .addToAccount("A2").removeFromAccount("A1"), A), t(2))).contact();

        assertEquals(List.of("L2", "L3"), after.lists());
        assertEquals(List.of("A2"), after.accounts());
    }

    @Test
    void ownerAndLanguageAreSetAndRemoved() {
        ContactBook book = Fixtures.book();
        ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.owner("o@x.io").language("pt-BR"), A), t(1)));

        Contact after = ok(book.upsert(cmd(Strategy.STRICT_ALIAS, b -> b.owner(null), A), t(2))).contact();

        assertEquals(Optional.empty(), after.owner());
        assertEquals(Optional.of("pt-BR"), after.language());
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void applyingTheSameCommandTwiceChangesNothingTheSecondTime(Strategy strategy) {
        ContactBook book = bookWith(List.of(List.of(B), List.of(C)));
        UpsertCommand c = cmd(strategy, b -> b.set("firstName", "Ann").remove("lastName").addToList("L1")
                .removeFromAccount("A9").removeIdentifier(D.key(), D.value()), A, B, C);

        Either<UpsertFailure, UpsertOutcome> first = book.upsert(c, t(10));
        List<Contact> afterFirst = book.contacts();
        Either<UpsertFailure, UpsertOutcome> second = book.upsert(c, t(20));

        assertEquals(afterFirst, book.contacts());
        if (strategy == Strategy.STRICT_ALIAS) {
            assertEquals(first, second);
        } else {
            assertTrue(first.isRight() && second.isRight());
            assertFalse(second.get().changed());
            assertEquals(List.of(), second.get().identifiersAdded());
            assertEquals(List.of(), second.get().contactsMerged());
            assertEquals(first.get().contact(), second.get().contact());
        }
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void anUpsertWithoutIdentifiersIsInvalidSinceRepeatingItWouldCreateContactAfterContact(Strategy strategy) {
        ContactBook book = bookWith(List.of(List.of(A)));
        List<Contact> before = book.contacts();

        UpsertFailure f = book.upsert(cmd(strategy, b -> b.set("firstName", "Ann")), t(10)).getLeft();

        UpsertFailure.Invalid invalid = assertInstanceOf(UpsertFailure.Invalid.class, f);
        assertEquals("identifiers", invalid.violations().head().field());
        assertEquals("missing_identifier", invalid.violations().head().code());
        assertEquals("invalid", f.code());
        assertEquals(before, book.contacts());
    }

    @Test
    void createWithoutIdentifiersMakesAnAnonymousContact() {
        ContactBook book = Fixtures.book();

        UpsertOutcome out = ok(book.create(cmd(Strategy.STRICT_ALIAS, b -> b.set("firstName", "Ann")), t(1)));

        assertTrue(out.created());
        assertTrue(out.contact().isAnonymous());
    }

    @Test
    void createTakesEveryIdentifierWhateverTheStrategy() {
        ContactBook book = Fixtures.book();

        UpsertOutcome out = ok(book.create(cmd(Strategy.FIRST, A, B), t(1)));

        assertTrue(out.created());
        assertEquals(List.of(A, B), out.contact().identifiers());
    }

    @Test
    void createConflictsWhenAnIdentifierIsTaken() {
        ContactBook book = bookWith(List.of(List.of(B)));

        UpsertFailure f = book.create(cmd(Strategy.MERGE, A, B), t(2)).getLeft();

        UpsertFailure.Conflict conflict = assertInstanceOf(UpsertFailure.Conflict.class, f);
        assertEquals(List.of("c1"), conflict.contactIds());
        assertEquals(Map.of(B, "c1"), conflict.owners());
        assertEquals(1, book.size());
        assertEquals(Optional.empty(), book.ownerOf(A));
    }

    @Test
    void updateAddsIdentifiersAndConflictsWithAnotherOwner() {
        ContactBook book = bookWith(List.of(List.of(A), List.of(B)));

        UpsertOutcome out = ok(book.update("c1", cmd(Strategy.STRICT_ALIAS, b -> b.set("firstName", "Ann"), C), t(5)));
        assertEquals(List.of(A, C), out.contact().identifiers());

        List<Contact> before = book.contacts();
        UpsertFailure.Conflict conflict = assertInstanceOf(UpsertFailure.Conflict.class,
                book.update("c1", cmd(Strategy.STRICT_ALIAS, b -> b.set("firstName", "Bo"), D, B), t(6)).getLeft());
        assertEquals(List.of("c1", "c2"), conflict.contactIds());
        assertEquals(Map.of(B, "c2"), conflict.owners());
        assertEquals(before, book.contacts());
        assertEquals(Optional.empty(), book.ownerOf(D));
    }

    @Test
    void updateAndDeleteOfAnUnknownOrRetiredContactAreNotFound() {
        ContactBook book = bookWith(List.of(List.of(A), List.of(B)));
        ok(book.upsert(cmd(Strategy.MERGE, A, B), t(5)));

        assertEquals(new UpsertFailure.NotFound("c2"), book.update("c2", cmd(Strategy.STRICT_ALIAS, C), t(6)).getLeft());
        assertEquals(new UpsertFailure.NotFound("zz"), book.delete("zz").getLeft());
        assertEquals("not_found", book.delete("c2").getLeft().code());
        assertEquals(Optional.empty(), book.ownerOf(C));
    }

    @Test
    void deleteFreesTheIdentifiers() {
        ContactBook book = bookWith(List.of(List.of(A, B), List.of(C)));

        Contact gone = book.delete("c1").get();

        assertEquals(List.of(A, B), gone.identifiers());
        assertEquals(Optional.empty(), book.ownerOf(A));
        assertEquals(1, book.size());
        assertEquals(1, book.identifierCount());
        assertEquals(Optional.empty(), book.get("c1"));
        assertTrue(book.delete("c1").isLeft());

        UpsertOutcome again = ok(book.upsert(cmd(Strategy.STRICT_ALIAS, A), t(9)));
        assertTrue(again.created());
        assertEquals("c3", again.contact().id());
    }

    @Test
    void aRepeatedIdFromTheGeneratorIsRefused() {
        ContactBook book = new ContactBook("ws", () -> "same");
        ok(book.upsert(cmd(Strategy.STRICT_ALIAS, A), t(1)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> book.upsert(cmd(Strategy.STRICT_ALIAS, B), t(2)));
    }

    @Test
    void slicesPageInCreationOrderSkippingDeadContacts() {
        ContactBook book = bookWith(List.of(List.of(A), List.of(B), List.of(C), List.of(D)));
        book.delete("c2");

        ContactBook.Slice first = book.slice(0, 2);
        assertEquals(List.of("c1", "c3"), first.contacts().stream().map(Contact::id).toList());
        ContactBook.Slice second = book.slice(first.next(), 2);
        assertEquals(List.of("c4"), second.contacts().stream().map(Contact::id).toList());
        assertEquals(-1, second.next());

        ContactBook.Slice back = book.sliceBackward(Long.MAX_VALUE, 2);
        assertEquals(List.of("c4", "c3"), back.contacts().stream().map(Contact::id).toList());
        ContactBook.Slice back2 = book.sliceBackward(back.next(), 2);
        assertEquals(List.of("c1"), back2.contacts().stream().map(Contact::id).toList());
        assertEquals(-1, back2.next());
    }

    @Test
    void restoreKeepsIdsAndTimestampsAndRefusesTakenIdentifiers() {
        ContactBook book = Fixtures.book();
        Contact loaded = Contact.builder("uuid-1", "ws", t(1)).updatedAt(t(2)).identifier(A).attribute("firstName", AttributeValue.of("Ann")).build();

        assertEquals(loaded, book.restore(loaded).get());
        assertEquals(Optional.of("uuid-1"), book.ownerOf(A));
        Contact clash = Contact.builder("uuid-2", "ws", t(1)).identifier(A).build();
        assertTrue(book.restore(clash).isLeft());
        assertTrue(book.restore(loaded).isLeft());
    }
}
