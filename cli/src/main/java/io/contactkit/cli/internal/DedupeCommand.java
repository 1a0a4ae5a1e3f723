package io.contactkit.cli.internal;

import io.contactkit.adapter.postgres.PostgresContactProvider;
import io.contactkit.adapter.postgres.PostgresDedupe;
import io.contactkit.adapter.postgres.PostgresSettings;
import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.Deduplicator;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ProviderSettings;
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
    private static final java.time.Duration STORE_TIMEOUT = java.time.Duration.ofHours(2);

    @Option(names = "--strategy", paramLabel = "S", converter = StrategyConverter.class, defaultValue = "strict_alias",
            description = "strict_alias (default), first_alias, first or merge.")
    Strategy strategy;

    @Mixin
    RecordOptions records;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the contacts here (default: standard output). Written only when the run succeeds.")
    String output;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Write rejected records here as NDJSON.")
    String rejects;

    @Option(names = "--provider", paramLabel = "postgres",
            description = "Deduplicate into the PostgreSQL store at " + ProviderOptions.POSTGRES_URL + " instead of offline: new records join"
                    + " the contacts the workspace already holds, and the run is written in batches in one transaction.")
    String provider;

    @Option(names = "--workspace", paramLabel = "ID", description = "The store's workspace (with --provider postgres).")
    String workspace;

    @Override
    public Integer call() {
        Io io = io();
        IdentifierPolicy policy = Options.policy(spec, records);
        if (provider != null || workspace != null) {
            return intoStore(io, policy);
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
            out.commit();   // first: when standard output has gone, the rejects must not appear either
            if (rejectWriter != null) {
                rejectWriter.flush();
                rejected.commit();
            }
        }
        io.err().println(engine.summary());
        return 0;
    }

    /** The run against the PostgreSQL store: decided by the domain's engine on the workspace's contacts, written at the end. */
    private int intoStore(Io io, IdentifierPolicy policy) {
        if (provider == null || !provider.strip().equalsIgnoreCase("postgres")) {
            throw usage("dedupe --provider takes only postgres (without it, dedupe runs offline)");
        }
        if (workspace == null || workspace.isBlank()) {
            throw usage("dedupe --provider postgres needs --workspace");
        }
        PostgresSettings settings;
        try {
            settings = PostgresSettings.from(ProviderOptions.postgres(io, ProviderSettings.builder()).build());
        } catch (IllegalArgumentException e) {
            throw usage("invalid provider configuration: " + e.getMessage());
        }
        try (PostgresContactProvider store = new PostgresContactProvider(settings);
             RecordReader reader = RecordReader.open(records.input, records.format, io);
             OutputTarget out = OutputTarget.open(output, io);
             OutputTarget rejected = rejects == null ? null : OutputTarget.open(rejects, io);
             NdjsonWriter rejectWriter = rejected == null ? null : new NdjsonWriter(rejected.stream());
             Progress progress = Progress.start(io, "dedupe", "records")) {
            PostgresDedupe run = PostgresDedupe.of(store, workspace.strip(), Instant.now());
            run.load().block(STORE_TIMEOUT);
            RecordMapper mapper = new RecordMapper(reader.columns(), policy, strategy, RecordMapper.NoIdentifier.OWN_CONTACT);
            try (ParallelMapper batches = new ParallelMapper(reader, mapper, Runtime.getRuntime().availableProcessors(), BATCH)) {
                List<Prepared> batch;
                long done = 0;
                while ((batch = batches.next()) != null) {
                    for (Prepared p : batch) {
                        if (p.isRejected()) {
                            run.reject(p.number());
                            if (rejectWriter != null) {
                                rejectWriter.reject(p.number(), p.code(), p.message());
                            }
                        } else if (run.apply(p.number(), p.command()) == AuditEntry.Action.REJECTED && rejectWriter != null) {
                            rejectWriter.reject(p.number(), run.lastFailure().code(), run.lastFailure().message());
                        }
                    }
                    done += batch.size();
                    progress.stepTo(done);
                }
            }
            run.commit().block(STORE_TIMEOUT);
            try (NdjsonWriter writer = new NdjsonWriter(out.stream())) {
                run.forEachContact((c, sources) -> writer.contact(c, toArray(sources)));
            }
            if (rejectWriter != null) {
                rejectWriter.flush();
                rejected.commit();
            }
            out.commit();
            io.err().println(run.summary());
            return 0;
        } catch (ProviderException e) {
            throw new CliFailure("dedupe into " + settings.describe() + " failed: " + e.getMessage(), e);
        }
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
