package io.contactkit.cli.internal;

import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.Deduplicator;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.ReplayableBook;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.UpsertFailure;
import io.vavr.control.Either;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.LongPredicate;
import java.util.function.ObjLongConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code contactkit split}: unmerge contacts of a deduplication run by replaying their records under changed rules. */
@Command(name = "split", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Split contacts of a deduplication run by replay: run the records as dedupe does (same options, same"
                        + " contact ids), then replay the records of the named contacts, in order, under --new-rules (for example"
                        + " with a value newly blocked). Every other contact stays as it was.",
                "",
                "Writes the contacts that result, one NDJSON line each, as dedupe writes contacts (with sourceRecords). A"
                        + " contact keeps its id when the record that created it creates it again; other contacts the split"
                        + " creates are numbered s1, s2, ... The last line on standard error is the summary:",
                "  replaced=N contacts=N replayed=N rejected=N dropped=N",
                "rejected: records the new rules turn into conflicts; dropped: identifiers left with contacts outside the split."
                        + " Lines before the summary name each (the first 10 of each, then how many more).",
                ""},
        footer = {"", "Examples:",
                "  contactkit split --strategy merge --contacts c1 \\",
                "      --new-rules block-office-line.json examples/contacts.csv"})
public final class SplitCommand extends CommandBase implements Callable<Integer> {

    private static final int BATCH = 2048;

    @Option(names = "--strategy", paramLabel = "S", converter = StrategyConverter.class, defaultValue = "strict_alias",
            description = "The run's strategy: strict_alias (default), first_alias, first or merge.")
    Strategy strategy;

    @Mixin
    RecordOptions records;

    @Option(names = "--rules", paramLabel = "FILE", description = "The run's identity rules (default: none).")
    String rulesFile;

    @Option(names = "--new-rules", paramLabel = "FILE", required = true, description = "The rules to replay the named contacts under.")
    String newRulesFile;

    @Option(names = "--contacts", paramLabel = "ID", split = ",", required = true, description = "The contacts to split (ids of the run, e.g. c1,c7).")
    List<String> contacts;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the resulting contacts here (default: standard output).")
    String output;

    @Override
    public Integer call() {
        Io io = io();
        IdentifierPolicy policy = Options.policy(spec, records);
        contacts = contactIds(spec, contacts);
        refuseReplacingInputs(new String[] {null, records.input, "--rules", rulesFile, "--new-rules", newRulesFile}, "--output", output);
        IdentityRules rules = records.rules("--rules", rulesFile, policy);
        IdentityRules newRules = records.rules("--new-rules", newRulesFile, policy);
        int[] fresh = {0};
        Instant asOf = Instant.now();
        ReplayableBook.SplitResult result;
        try (OutputTarget out = OutputTarget.open(output, io)) {
            // a file, which can be read twice, keeps only the records of the named contacts for the replay: a first reading
            // deduplicates as dedupe does (its engine holds about 150 MB per million records) to learn which records those
            // are, where a run keeping every record's command (compact) took 0.7-0.85 GB resident per million; standard input, read
            // once, keeps every one
            LongPredicate replayable = rereadable(records.input) ? recordsOf(io, policy, rules, asOf) : number -> true;
            ReplayableBook book = new ReplayableBook(ContactBook.sequential("dedupe", "c", rules), () -> "s" + (++fresh[0]), replayable);
            eachRecord(io, policy, (command, number) -> book.record(number, command, asOf));
            Either<UpsertFailure, ReplayableBook.SplitResult> split;
            try {
                split = book.split(contacts, newRules);
            } catch (IllegalStateException e) {
                // the first reading named other records than the second found: the file changed in between
                throw new CliFailure(records.input + " changed while it was read: run split again (" + e.getMessage() + ")");
            }
            if (split.isLeft()) {
                throw new CliFailure("cannot split: " + split.getLeft().message() + " (contact ids are those dedupe writes for the same input and options)");
            }
            result = split.get();
            Map<String, List<Long>> sources = new TreeMap<>();
            for (ReplayableBook.Entry e : result.replayed()) {
                String now = book.book().survivorOf(e.contactId()).orElse(e.contactId());
                sources.computeIfAbsent(now, k -> new ArrayList<>()).add(e.number());
            }
            try (NdjsonWriter writer = new NdjsonWriter(out.stream())) {
                for (Contact c : result.contacts()) {
                    List<Long> s = sources.getOrDefault(c.id(), List.of());
                    writer.contact(c, s.stream().mapToLong(Long::longValue).toArray());
                }
            }
            out.commit();
        }
        SplitReport.tell(io, result, e -> "record " + e.number() + " (of contact " + e.contactId() + ")");
        io.err().println("replaced=" + result.replaced().size() + " contacts=" + result.contacts().size() + " replayed=" + result.replayed().size()
                + " rejected=" + result.rejected().size() + " dropped=" + result.dropped().size());
        return 0;
    }

    private static boolean rereadable(String input) {
        return input != null && !input.equals("-") && Files.isRegularFile(Path.of(input));
    }

    /**
     * The records that went to the named contacts, by a first reading of the input deduplicated as dedupe does (the same
     * contact ids): its header's warnings are said by the second reading only.
     */
    private LongPredicate recordsOf(Io io, IdentifierPolicy policy, IdentityRules rules, Instant asOf) {
        Io quiet = new Io(io.in(), io.out(), new PrintStream(OutputStream.nullOutputStream()), io.env(), false);
        Deduplicator first = new Deduplicator("dedupe", asOf, DedupeCommand.expectedRecords(records.input), rules);
        eachRecord(quiet, policy, (command, number) -> first.apply(number, command));
        long[] numbers = contacts.stream().distinct().flatMap(id -> first.sourcesOf(id).stream()).mapToLong(Long::longValue).sorted().toArray();
        return number -> Arrays.binarySearch(numbers, number) >= 0;
    }

    /** Reads the input and hands on the command of every record not rejected, with its number, in order. */
    private void eachRecord(Io io, IdentifierPolicy policy, ObjLongConsumer<UpsertCommand> action) {
        try (RecordReader reader = records.open(io)) {
            RecordMapper mapper = new RecordMapper(reader.columns(), policy, strategy, RecordMapper.NoIdentifier.OWN_CONTACT);
            try (ParallelMapper batches = ParallelMapper.sharing(reader, mapper, Runtime.getRuntime().availableProcessors(), BATCH,
                    ParallelMapper.DEFAULT_AHEAD)) {
                List<Prepared> batch;
                while ((batch = batches.next()) != null) {
                    for (Prepared p : batch) {
                        if (!p.isRejected()) {
                            action.accept(p.command(), p.number());
                        }
                    }
                }
            }
        }
    }
}
