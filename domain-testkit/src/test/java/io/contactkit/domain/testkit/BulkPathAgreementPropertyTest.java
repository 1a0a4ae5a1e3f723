package io.contactkit.domain.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.DedupContact;
import io.contactkit.domain.Deduplicator;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.UpsertFailure;
import io.contactkit.domain.UpsertOutcome;
import io.vavr.control.Either;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * The deduplicator's bulk path ({@link Deduplicator#apply}, entries built only when asked with
 * {@link Deduplicator#lastEntry()}) agrees with its full path ({@link Deduplicator#accept}) and with
 * {@link ContactBook#upsert}, which builds a {@code Decision} and the resulting contact for every
 * command: the same action, contact, merged contacts, skipped identifiers and conflicts for every
 * record, and the same contacts, counts and source records at the end — whether or not the entries
 * were ever asked for.
 */
class BulkPathAgreementPropertyTest {

    static final Instant AS_OF = Instant.parse("2026-01-01T00:00:00Z");

    /** Records (all strategies, patches, removals, memberships, some without identifiers) and how their numbers grow. */
    record Run(List<UpsertCommand> records, int step) {
        long number(int index) {
            return (index + 1L) * step;
        }
    }

    static Gen<Run> runs() {
        Gen<List<UpsertCommand>> records = SourceDSL.lists().of(Gens.commands().identifiers(0, 4).gen()).ofSizeBetween(1, 30);
        return records.zip(SourceDSL.integers().between(1, 3), Run::new);
    }

    @Test
    void theBulkPathTheFullPathAndTheContactBookAgreeOnEveryRecord() {
        CaseCounts counts = new CaseCounts("bulk path agreement");
        // 800 runs: at 400, records merging three or more contacts came down to 18 in forty seeds, against a floor of 12
        Properties.check("bulk path agreement", 800, runs(), run -> {
            Deduplicator full = new Deduplicator("ws", AS_OF);
            Deduplicator bulk = new Deduplicator("ws", AS_OF);
            Deduplicator silent = new Deduplicator("ws", AS_OF);
            ContactBook book = new ContactBook("ws", sequentialIds(), 4);
            // each record's contact as the book saw it, to find the records behind each surviving contact
            Map<Long, String> wentTo = new LinkedHashMap<>();
            for (int i = 0; i < run.records().size(); i++) {
                UpsertCommand command = run.records().get(i);
                long number = run.number(i);

                AuditEntry expected = full.accept(number, command);
                AuditEntry.Action action = bulk.apply(number, command);
                AuditEntry lazily = bulk.lastEntry();
                silent.apply(number, command);
                // a record naming nobody is a contact of its own: what the book's create makes of it
                Either<UpsertFailure, UpsertOutcome> outcome = command.identifiers().isEmpty()
                        ? book.create(command, AS_OF) : book.upsert(command, AS_OF);

                assertEquals(expected, lazily, () -> "record " + number + " " + command);
                assertEquals(expected.action(), action);
                assertEquals(expected, fromBook(number, command, outcome), () -> "record " + number + " " + command);
                if (!expected.isRejected()) {
                    wentTo.put(number, expected.contactId());
                }
                count(expected, outcome, counts);
            }
            List<DedupContact> survivors = full.contacts();
            assertEquals(survivors, bulk.contacts());
            assertEquals(survivors, silent.contacts());
            List<DedupContact> streamed = new ArrayList<>();
            silent.forEachContact(streamed::add);
            assertEquals(survivors, streamed);
            assertEquals(full.summary(), bulk.summary());
            assertEquals(full.summary(), silent.summary());
            assertEquals(book.contacts(), survivors.stream().map(DedupContact::contact).toList());
            assertEquals(expectedSources(book, wentTo), sourcesById(survivors));
            for (DedupContact c : survivors) {
                assertEquals(c.sourceRecords(), silent.sourcesOf(c.contact().id()));
            }
            counts.countIf(run.step() > 1, "record numbers with gaps");
        });
        counts.print()
                .assertAtLeast(300, "created", "updated")
                .assertAtLeast(100, "merged", "conflict", "skipped: owned by another contact", "skipped: strategy adds none",
                        "identifier removed", "record numbers with gaps")
                .assertAtLeast(12, "merged >= 3 contacts").assertAtLeast(30, "created without identifiers");
    }

    static java.util.function.Supplier<String> sequentialIds() {
        long[] next = {0};
        return () -> "c" + (++next[0]);
    }

    /** The audit entry a record should get, from the book's full answer. */
    static AuditEntry fromBook(long number, UpsertCommand command, Either<UpsertFailure, UpsertOutcome> outcome) {
        if (outcome.isLeft()) {
            UpsertFailure f = outcome.getLeft();
            String code = f instanceof UpsertFailure.Invalid ? "invalid_record" : f.code();
            return new AuditEntry(number, AuditEntry.Action.REJECTED, null, List.of(), List.of(), code, f.message(), List.of(), List.of());
        }
        UpsertOutcome o = outcome.get();
        AuditEntry.Action action = o.created() ? AuditEntry.Action.CREATED
                : o.contactsMerged().isEmpty() ? AuditEntry.Action.UPDATED : AuditEntry.Action.MERGED;
        // what matched: the record's identifiers the contact neither took from it nor skipped
        List<Identifier> matched = new ArrayList<>();
        if (!o.created()) {
            for (Identifier i : command.identifiers()) {
                if (!o.identifiersAdded().contains(i) && o.identifiersSkipped().stream().noneMatch(k -> k.identifier().equals(i))) {
                    matched.add(i);
                }
            }
        }
        return new AuditEntry(number, action, o.contact().id(), o.contactsMerged(), o.identifiersSkipped(), null, null, matched,
                o.identifiersAdded());
    }

    /** Each surviving contact's records: those that went to it or to a contact later merged into it. */
    static Map<String, List<Long>> expectedSources(ContactBook book, Map<Long, String> wentTo) {
        Map<String, List<Long>> out = new TreeMap<>();
        wentTo.forEach((number, id) -> {
            String survivor = book.survivorOf(id).orElse(id);
            if (book.get(survivor).isPresent()) {
                out.computeIfAbsent(survivor, k -> new ArrayList<>()).add(number);
            }
        });
        return out;
    }

    static Map<String, List<Long>> sourcesById(List<DedupContact> survivors) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (DedupContact c : survivors) {
            Contact contact = c.contact();
            if (!c.sourceRecords().isEmpty()) {
                out.put(contact.id(), c.sourceRecords());
            }
        }
        return out;
    }

    static void count(AuditEntry e, Either<UpsertFailure, UpsertOutcome> outcome, CaseCounts counts) {
        switch (e.action()) {
            case CREATED -> {
                counts.count("created");
                counts.countIf(outcome.get().contact().identifiers().isEmpty(), "created without identifiers");
            }
            case UPDATED -> counts.count("updated");
            case MERGED -> {
                counts.count("merged");
                counts.countIf(e.contactsMerged().size() >= 2, "merged >= 3 contacts");
            }
            default -> counts.count(e.code());
        }
        e.identifiersSkipped().forEach(s -> counts.count("skipped: " + s.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        if (outcome.isRight()) {
            counts.countIf(!outcome.get().identifiersRemoved().isEmpty(), "identifier removed");
        }
    }
}
