package io.contactkit.cli.internal;

import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.ReplayableBook;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertFailure;
import io.vavr.control.Either;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
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
                "rejected: records the new rules turn into conflicts; dropped: identifiers left with contacts outside the split.",
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
        if (OutputTarget.namesInput(records.input, "--output", output) != null) {
            throw usage("--output names the input file, which it would replace: give another file");
        }
        IdentityRules rules = RulesFile.read(rulesFile, policy);
        IdentityRules newRules = RulesFile.read(newRulesFile, policy);
        int[] fresh = {0};
        ReplayableBook book = new ReplayableBook(ContactBook.sequential("dedupe", "c", rules), () -> "s" + (++fresh[0]));
        Instant asOf = Instant.now();
        ReplayableBook.SplitResult result;
        try (RecordReader reader = records.open(io);
             OutputTarget out = OutputTarget.open(output, io)) {
            RecordMapper mapper = new RecordMapper(reader.columns(), policy, strategy, RecordMapper.NoIdentifier.OWN_CONTACT);
            try (ParallelMapper batches = new ParallelMapper(reader, mapper, Runtime.getRuntime().availableProcessors(), BATCH)) {
                List<Prepared> batch;
                while ((batch = batches.next()) != null) {
                    for (Prepared p : batch) {
                        if (!p.isRejected()) {
                            book.record(p.number(), p.command(), asOf);
                        }
                    }
                }
            }
            Either<UpsertFailure, ReplayableBook.SplitResult> split = book.split(contacts, newRules);
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
        io.err().println("replaced=" + result.replaced().size() + " contacts=" + result.contacts().size() + " replayed=" + result.replayed().size()
                + " rejected=" + result.rejected().size() + " dropped=" + result.dropped().size());
        return 0;
    }
}
