package io.contactkit.domain.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contactkit.domain.ContactBook;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;

/** Invariant 2: a command that fails (conflict, unknown contact) leaves the state exactly as before. */
class AtomicityPropertyTest {

    @Test
    void aFailedCommandLeavesTheStateExactlyAsBefore() {
        CaseCounts counts = new CaseCounts("atomicity");
        Properties.check("atomicity", 300, Gens.scenarios(Gens.commands(), 1, 40), ops -> {
            ContactBook book = ContactBook.sequential("ws", "c");
            // a second book that never sees the failed commands: if a failure left any trace (an id
            // consumed, a value re-stamped), the two would part ways later
            ContactBook successesOnly = ContactBook.sequential("ws", "c");
            for (Op op : ops) {
                EngineState before = EngineState.of(book, Gens.SMALL_POOL, Gens.CONTACT_IDS);
                Object result = op.applyTo(book);
                Cases.classify(op, result, counts);
                if (((Either<?, ?>) result).isLeft()) {
                    assertEquals(before, EngineState.of(book, Gens.SMALL_POOL, Gens.CONTACT_IDS), () -> "state changed by failed " + op);
                    counts.count("failed command checked");
                } else {
                    assertEquals(result, op.applyTo(successesOnly), () -> "a failure earlier left a trace; now at " + op);
                }
            }
            assertEquals(EngineState.of(successesOnly, Gens.SMALL_POOL, Gens.CONTACT_IDS), EngineState.of(book, Gens.SMALL_POOL, Gens.CONTACT_IDS));
        });
        counts.print()
                .assertAtLeast(1000, "failed command checked")
                .assertAtLeast(100, Cases.CONFLICT_STRICT, Cases.CONFLICT_CREATE, Cases.NOT_FOUND, Cases.MERGED)
                .assertAtLeast(40, Cases.CONFLICT_UPDATE, Cases.INVALID);
    }
}
