package io.contactkit.cli.internal;

import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.Deduplicator;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code contactkit dedupe}: the records through the domain's deduplication engine, offline. */
@Command(name = "dedupe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deduplicate contact records offline with the domain's engine, in input order.",
                "",
                "Writes one NDJSON line per surviving contact, in order of creation:",
                "  {\"id\":\"c1\",\"identifiers\":[{\"key\":\"emailaddress\",\"value\":\"ann@example.com\"}],"
                        + "\"attributes\":{\"firstName\":\"Ann\"},\"displayName\":\"Ann\",\"anonymous\":false,\"sourceRecords\":[1,7]}",
                "Identifiers are canonical (e-mail lower case, phones E.164); sourceRecords lists every record applied to"
                        + " the contact. A record with an identifier that fails normalization is rejected whole (invalid_identifier);"
                        + " a strict_alias conflict rejects the record (conflict); a record without identifiers becomes a contact of"
                        + " its own. Rejected records go to --rejects as {\"record\":N,\"code\":\"...\",\"message\":\"...\"}.",
                "The last line on standard error is the summary: records=N contacts=N created=N updated=N merged=N rejected=N",
                ""},
        footer = {"", "Examples:",
                "  contactkit dedupe examples/contacts.csv",
                "  contactkit dedupe --strategy merge --region US --priority email,phone --output contacts.ndjson --rejects rejects.ndjson big.csv",
                "  cat records.ndjson | contactkit dedupe --format ndjson -"})
public final class DedupeCommand extends CommandBase implements Callable<Integer> {

    /** Records per batch handed to a mapping worker. */
    private static final int BATCH = 2048;
    /** About how many bytes a typical CSV row takes: sizes the engine's tables up front. */
    private static final int BYTES_PER_ROW = 64;

    @Option(names = "--strategy", paramLabel = "S", converter = StrategyConverter.class, defaultValue = "strict_alias",
            description = "strict_alias (default), first_alias, first or merge.")
    Strategy strategy;

    @Mixin
    RecordOptions records;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the contacts here (default: standard output). Written only when the run succeeds.")
    String output;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Write rejected records here as NDJSON.")
    String rejects;

    @Option(names = "--engine", paramLabel = "memory|spark", defaultValue = "memory",
            description = "memory (default): this process; spark: Apache Spark, with exactly the same results (the summary adds the largest component's size).")
    String engine;

    @Option(names = "--master", paramLabel = "URL", description = "With --engine spark: local[N] (default local[*]) or spark://host:port.")
    String master;

    @Option(names = "--output-dir", paramLabel = "DIR",
            description = "With --engine spark: write part files in parallel, contacts to DIR/contacts and rejects to DIR/rejects, instead of --output and --rejects.")
    String outputDir;

    @Override
    public Integer call() {
        Io io = io();
        IdentifierPolicy policy = Options.policy(spec, records);
        if (!engine.equals("memory")) {
            return EngineRun.run(this, io);
        }
        if (master != null || outputDir != null) {
            throw usage("--master and --output-dir need --engine spark");
        }
        Deduplicator engine = new Deduplicator("dedupe", Instant.now(), expectedRecords(records.input));
        try (RecordReader reader = RecordReader.open(records.input, records.format, io);
             OutputTarget out = OutputTarget.open(output, io);
             OutputTarget rejected = rejects == null ? null : OutputTarget.open(rejects, io);
             NdjsonWriter rejectWriter = rejected == null ? null : new NdjsonWriter(rejected.stream());
             Progress progress = Progress.start(io, "dedupe", "records")) {
            RecordMapper mapper = new RecordMapper(reader.columns(), policy, strategy, RecordMapper.NoIdentifier.OWN_CONTACT);
            try (ParallelMapper batches = new ParallelMapper(reader, mapper, Runtime.getRuntime().availableProcessors(), BATCH)) {
                List<Prepared> batch;
                long done = 0;
                while ((batch = batches.next()) != null) {
                    for (Prepared p : batch) {
                        apply(engine, p, rejectWriter);
                    }
                    done += batch.size();
                    progress.stepTo(done);
                }
            }
            try (NdjsonWriter writer = new NdjsonWriter(out.stream())) {
                writeContacts(engine, writer);
            }
            if (rejectWriter != null) {
                rejectWriter.flush();
                rejected.commit();
            }
            out.commit();
        }
        io.err().println(engine.summary());
        return 0;
    }

    private static void apply(Deduplicator engine, Prepared p, NdjsonWriter rejects) {
        if (p.isRejected()) {
            engine.reject(p.number(), p.code(), p.message());
            if (rejects != null) {
                rejects.reject(p.number(), p.code(), p.message());
            }
            return;
        }
        // the bulk path: the audit entry is built only for a rejection, which is written out
        if (engine.apply(p.number(), p.command()) == AuditEntry.Action.REJECTED && rejects != null) {
            AuditEntry audit = engine.lastEntry();
            rejects.reject(audit.record(), audit.code(), audit.message());
        }
    }

    /** The surviving contacts in creation order, built one at a time as they are written. */
    private static void writeContacts(Deduplicator engine, NdjsonWriter writer) {
        engine.forEachContact(c -> writer.contact(c.contact(), toArray(c.sourceRecords())));
    }

    private static long[] toArray(List<Long> values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static int expectedRecords(String input) {
        try {
            if (!input.equals("-")) {
                long size = Files.size(Path.of(input));
                return (int) Math.min(1 << 24, Math.max(16, size / BYTES_PER_ROW));
            }
        } catch (java.io.IOException | RuntimeException e) {
            // the reader reports a missing or unreadable input
        }
        return 16;
    }
}
