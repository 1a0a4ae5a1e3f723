package io.contactkit.domain.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.ContactEngine;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.UpsertFailure;
import io.contactkit.domain.UpsertOutcome;
import io.vavr.control.Either;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Invariant 6: the fast identity index agrees with the simple reference model on every generated scenario. */
class ModelAgreementPropertyTest {

    @Test
    void theContactBookAgreesWithTheReferenceModel() {
        CaseCounts counts = StatefulRunner.of(() -> ContactBook.sequential("ws", "c"))
                .name("model agreement")
                .examples(400)
                .run()
                .print();

        counts.assertAtLeast(300, "scenarios")
                // a fresh seed each run: the bars sit well below the typical counts (~270 and ~120)
                .assertAtLeast(150, "scenarios of >= 10 steps")
                .assertAtLeast(60, "scenarios of < 10 steps")
                .assertAtLeast(100, Cases.CREATED, Cases.UPDATED, Cases.MERGED, Cases.CONFLICT_STRICT,
                        Cases.CONFLICT_CREATE, Cases.NOT_FOUND, Cases.SKIPPED_FOREIGN, Cases.SKIPPED_FIRST,
                        Cases.ADDED_TO_EXISTING, Cases.REMOVED, Cases.REMOVAL_IGNORED, Cases.DELETED)
                .assertAtLeast(40, Cases.CONFLICT_UPDATE, Cases.INVALID)
                .assertAtLeast(20, Cases.UNCHANGED)
                .assertAtLeast(4, Cases.MERGED_3)
                .assertAtLeast(50, "created [strict_alias]", "created [first_alias]", "created [first]", "created [merge]",
                        "created [create]", "updated (changed) [strict_alias]", "updated (changed) [first_alias]",
                        "updated (changed) [first]")
                .assertAtLeast(20, "updated (changed) [update]");
    }

    @Test
    void aBrokenEngineIsCaughtAndShrunkToAMinimalScenario() {
        StatefulRunner runner = StatefulRunner.of(FirstAddsEverything::new).name("broken engine").examples(200).shrinkCycles(300).seed(42);

        StatefulRunner.Disagreement d = assertThrows(StatefulRunner.Disagreement.class, runner::run);

        assertEquals(42, d.seed());
        assertEquals(1, d.scenario().size(), d.getMessage());
        Op only = d.scenario().get(0);
        assertTrue(only.command().strategy() == Strategy.FIRST && only.command().identifiers().size() >= 2, d.getMessage());
        assertTrue(d.getMessage().contains("seed=42") && d.getMessage().contains("-Dcontactkit.seed=42"), d.getMessage());
    }

    @Test
    void theSameSeedFindsTheSameScenario() {
        StatefulRunner.Disagreement a = assertThrows(StatefulRunner.Disagreement.class,
                () -> StatefulRunner.of(MergeKeepsNewest::new).name("replay a").examples(200).shrinkCycles(300).seed(7).run());
        StatefulRunner.Disagreement b = assertThrows(StatefulRunner.Disagreement.class,
                () -> StatefulRunner.of(MergeKeepsNewest::new).name("replay b").examples(200).shrinkCycles(300).seed(7).run());

        assertEquals(a.scenario(), b.scenario());
        assertTrue(a.scenario().size() <= 3, a.getMessage());
    }

    @Test
    void theRunnerTakesAnyEngineAndModel() {
        CaseCounts counts = StatefulRunner.of(() -> ReferenceEngine.sequential("ws", "c"))
                .model(() -> ContactBook.sequential("ws", "c"))
                .scenarios(Gens.upsertScenarios(Gens.commands().strategies(Strategy.MERGE), 1, 10), Gens.SMALL_POOL)
                .name("swapped roles")
                .examples(50)
                .run();
        assertTrue(counts.get(Cases.MERGED) > 0, counts::toString);
    }

    /** A defect to be found: {@code first} treated as {@code first_alias}, so new contacts get every identifier. */
    static final class FirstAddsEverything extends Delegating {
        @Override
        public Either<UpsertFailure, UpsertOutcome> upsert(UpsertCommand command, Instant now) {
            return super.upsert(command.strategy() == Strategy.FIRST ? command.withStrategy(Strategy.FIRST_ALIAS) : command, now);
        }
    }

    /** A defect to be found: merges report no merged contacts. */
    static final class MergeKeepsNewest extends Delegating {
        @Override
        public Either<UpsertFailure, UpsertOutcome> upsert(UpsertCommand command, Instant now) {
            return super.upsert(command.strategy() == Strategy.MERGE ? command.withStrategy(Strategy.FIRST_ALIAS) : command, now);
        }
    }

    abstract static class Delegating implements ContactEngine {
        private final ContactBook book = ContactBook.sequential("ws", "c");

        @Override
        public Either<UpsertFailure, UpsertOutcome> upsert(UpsertCommand command, Instant now) {
            return book.upsert(command, now);
        }

        @Override
        public Either<UpsertFailure, UpsertOutcome> create(UpsertCommand command, Instant now) {
            return book.create(command, now);
        }

        @Override
        public Either<UpsertFailure, UpsertOutcome> update(String contactId, UpsertCommand command, Instant now) {
            return book.update(contactId, command, now);
        }

        @Override
        public Either<UpsertFailure, Contact> delete(String contactId) {
            return book.delete(contactId);
        }

        @Override
        public Optional<Contact> get(String contactId) {
            return book.get(contactId);
        }

        @Override
        public Optional<String> survivorOf(String contactId) {
            return book.survivorOf(contactId);
        }

        @Override
        public List<Contact> contacts() {
            return book.contacts();
        }

        @Override
        public int size() {
            return book.size();
        }

        @Override
        public Optional<String> ownerOf(Identifier identifier) {
            return book.ownerOf(identifier);
        }

        @Override
        public int identifierCount() {
            return book.identifierCount();
        }
    }
}
