package io.contactkit.domain.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.Identifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Invariant 1: after any sequence of commands under any strategies, no identifier is owned by two contacts. */
class UniquenessPropertyTest {

    @Test
    void noIdentifierIsEverOwnedByTwoContacts() {
        CaseCounts counts = new CaseCounts("uniqueness");
        Properties.check("uniqueness", 300, Gens.scenarios(Gens.commands(), 1, 40), ops -> {
            ContactBook book = ContactBook.sequential("ws", "c");
            for (Op op : ops) {
                Cases.classify(op, op.applyTo(book), counts);
                assertUnique(book, Gens.SMALL_POOL, op);
            }
            counts.countIf(book.identifierCount() >= 5, "scenario ends with >= 5 identifiers owned");
            counts.countIf(book.size() >= 3, "scenario ends with >= 3 contacts");
        });
        counts.print()
                .assertAtLeast(40, Cases.CONFLICT_UPDATE)
                .assertAtLeast(100, Cases.CREATED, Cases.UPDATED, Cases.MERGED, Cases.CONFLICT_STRICT, Cases.CONFLICT_CREATE,
                        Cases.SKIPPED_FOREIGN, Cases.SKIPPED_FIRST, Cases.ADDED_TO_EXISTING, Cases.REMOVED,
                        Cases.DELETED, "scenario ends with >= 5 identifiers owned")
                .assertAtLeast(50, "scenario ends with >= 3 contacts");
    }

    /** Each identifier appears in at most one live contact, the index says so, and counts agree. */
    static void assertUnique(ContactBook book, List<Identifier> pool, Op after) {
        Map<Identifier, String> seen = new HashMap<>();
        for (Contact c : book.contacts()) {
            for (Identifier i : c.identifiers()) {
                assertNull(seen.put(i, c.id()), () -> i + " is owned by two contacts after " + after + ": " + book.contacts());
                assertEquals(Optional.of(c.id()), book.ownerOf(i), () -> "the index disagrees on " + i + " after " + after);
            }
        }
        for (Identifier i : pool) {
            if (!seen.containsKey(i)) {
                assertEquals(Optional.empty(), book.ownerOf(i), () -> "the index names an owner of free " + i + " after " + after);
            }
        }
        assertEquals(seen.size(), book.identifierCount(), () -> "identifier count after " + after);
        assertEquals(book.contacts().size(), book.size(), () -> "contact count after " + after);
    }
}
