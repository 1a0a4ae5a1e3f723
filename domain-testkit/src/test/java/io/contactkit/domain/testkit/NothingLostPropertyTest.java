package io.contactkit.domain.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.ContactBook;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.UpsertFailure;
import io.contactkit.domain.UpsertOutcome;
import io.vavr.control.Either;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Invariant 4: an identifier owned before a command is still owned afterwards, by the same contact or
 * by the survivor of a merge, unless the command removed it explicitly (a removal, or deleting its contact).
 */
class NothingLostPropertyTest {

    @Test
    void ownedIdentifiersStayOwnedUnlessRemovedExplicitly() {
        CaseCounts counts = new CaseCounts("nothing lost");
        Properties.check("nothing lost", 300, Gens.scenarios(Gens.commands(), 1, 40), ops -> {
            ContactBook book = ContactBook.sequential("ws", "c");
            for (Op op : ops) {
                Map<Identifier, String> before = new LinkedHashMap<>();
                for (Identifier i : Gens.SMALL_POOL) {
                    book.ownerOf(i).ifPresent(o -> before.put(i, o));
                }
                Either<UpsertFailure, ?> result = (Either<UpsertFailure, ?>) op.applyTo(book);
                before.forEach((i, owner) -> check(book, op, result, i, owner, counts));
            }
        });
        counts.print()
                .assertAtLeast(1000, "kept by its owner")
                .assertAtLeast(100, "moved to the survivor of a merge", "removed explicitly", "freed by deleting its contact");
    }

    @SuppressWarnings("unchecked")
    private static void check(ContactBook book, Op op, Either<UpsertFailure, ?> result, Identifier i, String owner, CaseCounts counts) {
        Optional<String> now = book.ownerOf(i);
        if (now.equals(Optional.of(owner))) {
            counts.count("kept by its owner");
            return;
        }
        assertTrue(result.isRight(), () -> "a failed " + op + " lost " + i);
        if (op instanceof Op.Delete d) {
            assertEquals(owner, d.contactId(), () -> op + " lost " + i + " of another contact");
            assertEquals(Optional.empty(), now);
            counts.count("freed by deleting its contact");
            return;
        }
        UpsertOutcome o = (UpsertOutcome) result.get();
        if (now.isEmpty()) {
            assertTrue(op.command().removeIdentifiers().contains(i) && o.identifiersRemoved().contains(i),
                    () -> op + " lost " + i + " without removing it explicitly");
            counts.count("removed explicitly");
            return;
        }
        assertTrue(o.contactsMerged().contains(owner), () -> op + " moved " + i + " from " + owner + " to " + now.get() + " without a merge");
        assertEquals(now, book.survivorOf(owner), () -> i + " did not go to the survivor of " + owner);
        counts.count("moved to the survivor of a merge");
    }
}
