package io.contactkit.cli.internal;

import io.contactkit.adapter.postgres.PostgresContactProvider;
import io.contactkit.adapter.postgres.PostgresDedupe;
import io.contactkit.adapter.postgres.PostgresSettings;
import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.Deduplicator;
import io.contactkit.domain.HubFinder;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ProviderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reactor.core.publisher.Mono;

/** {@code contactkit dedupe}: the records through the domain's deduplication engine, offline. */
@Command(name = "dedupe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deduplicate contact records offline with the domain's engine, in input order.",
                "",
                "Writes one NDJSON line per surviving contact, in order of creation:",
                "  {\"id\":\"c1\",\"identifiers\":[{\"key\":\"emailaddress\",\"value\":\"ann@example.com\"}],",
                "   \"attributes\":{\"firstName\":\"Ann\"},\"displayName\":\"Ann\",\"anonymous\":false,",
                "   \"sourceRecords\":[1,7]}",
                "(one line each, shown on three here).",
                "Identifiers are canonical (e-mail lower case, phones E.164); sourceRecords lists every record applied to"
                        + " the contact. A record with an identifier that fails normalization is rejected whole (invalid_identifier);"
                        + " a strict_alias conflict rejects the record (conflict); a record without identifiers becomes a contact of"
                        + " its own. Rejected records go to --rejects as {\"record\":N,\"code\":\"...\",\"message\":\"...\"}.",
                "The last line on standard error is the summary: records=N contacts=N created=N updated=N merged=N rejected=N"
                        + " (and hubs=N with hub rules).",
                "--rules applies identity rules (blocked values, identifiers per contact, merge caps, hubs; see the README);"
                        + " --audit writes one NDJSON line per input record saying what happened to it and why.",
                ""},
        footer = {"", "Examples:",
                "  contactkit dedupe examples/contacts.csv",
                "  contactkit dedupe --strategy merge --region US --priority email,phone \\",
                "      --output contacts.ndjson --rejects rejects.ndjson big.csv",
                "  contactkit dedupe --strategy merge --rules rules.yaml --audit audit.ndjson \\",
                "      --hubs hubs.ndjson examples/contacts.csv",
                "  cat records.ndjson | contactkit dedupe --format ndjson -"})
public final class DedupeCommand extends CommandBase implements Callable<Integer> {

    /** Records the engine reads ahead for at once. */
    private static final int PREFETCH = 16;

    /** Records per batch handed to a mapping worker. */
    private static final int BATCH = 2048;
    /**
     * Batches per mapping worker in flight into a store: what is in flight at a young collection (about 1 KB per record:
     * cells, commands) is promoted and copied with the engine's state, so fewer in flight means shorter pauses.
     */
    private static final int AHEAD = 2;
    /**
     * The same offline (per core: the reader, the engine's thread and any other mapping thread all map), where a million rows
     * now take two or three young collections (six when two were chosen): with two per worker the reader waited at the bound
     * for 40-50% of the run and the workers ran out of batches whenever the engine's thread fell behind, leaving a core idle;
     * eight keep the cores busier. ParallelMapper's bound on the records in flight makes those batches smaller (1,024 records
     * on two cores), so what a collection promotes stays small.
     */
    private static final int OFFLINE_AHEAD = 8;
    /**
     * Batches mapped and held, at most, while the engine is made, for a million records or fewer: about the work of both
     * cores while a million rows' tables are cleared, and few enough that a young collection meanwhile promotes little.
     * Larger inputs, whose tables take longer (820-875 ms for five million), hold proportionally more, up to {@link #EARLY_MAX}.
     */
    private static final int EARLY = 32;
    /** Batches held at most while the engine is made, for any input (about 140 MB of mapped records). */
    private static final int EARLY_MAX = 256;
    /** Contact numbers per range that one worker builds and writes at the end of the run. */
    private static final int CONTACT_RANGE = 4096;
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

    @Option(names = "--rejects", paramLabel = "FILE", description = "Write rejected records here as NDJSON. Without it they are not kept, and a line before the summary counts them by code, each with its first record and why.")
    String rejects;

    @Option(names = "--provider", paramLabel = "postgres",
            description = "Deduplicate into the PostgreSQL store at " + ProviderOptions.POSTGRES_URL + " instead of offline: new records join"
                    + " the contacts the workspace already holds; the run streams to the store with COPY in one transaction, committed at the end.")
    String provider;

    @Option(names = "--workspace", paramLabel = "ID", description = "The store's workspace (with --provider postgres).")
    String workspace;

    @Option(names = "--schema", paramLabel = "NAME",
            description = "With --provider postgres: the schema holding the store (default " + PostgresSettings.DEFAULT_SCHEMA + "), as db migrate --schema names it.")
    String schema;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "Identity rules: JSON, or YAML when the name ends in .yaml/.yml (blocked values and patterns, maxPerContact, merge caps, hubs).")
    String rulesFile;

    @Option(names = "--audit", paramLabel = "FILE",
            description = "Write one NDJSON line per input record: action, contact, identifiers matched, added and skipped (why, and whose), contacts merged, rules that fired.")
    String audit;

    @Option(names = "--hubs", paramLabel = "FILE", description = "Write the hubs found (hub rules in --rules) here as NDJSON.")
    String hubsFile;

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
        if (schema != null && provider == null) {
            throw usage("--schema needs --provider postgres: it names the store's schema (without --provider, dedupe runs offline)");
        }
        if (workspace != null && provider == null) {
            throw usage("--workspace needs --provider postgres: it names the store's workspace (without --provider, dedupe runs offline)");
        }
        if ((provider != null || workspace != null) && (!engine.equals("memory") || master != null || outputDir != null)) {
            throw usage("--engine, --master and --output-dir do not apply to dedupe --provider postgres");
        }
        if (engine.equals("memory") && (master != null || outputDir != null)) {
            throw usage("--master and --output-dir need --engine spark");
        }
        String same = OutputTarget.sameFile("--output", outputDir != null && output == null ? null : output == null ? "-" : output,
                "--rejects", rejects, "--audit", audit, "--hubs", hubsFile, "--output-dir", outputDir);
        if (same != null) {
            throw usage(same + " name the same file (or both standard output): give each its own");
        }
        if (outputDir != null) {
            // the folders the part files go to: a file of that name would meet them only at the end, the run done
            for (String part : new String[] {"contacts", "rejects"}) {
                String folder = java.nio.file.Path.of(outputDir, part).toString();
                for (String[] file : new String[][] {{"--audit", audit}, {"--hubs", hubsFile}}) {
                    if (OutputTarget.sameFile("--output-dir", folder, file[0], file[1]) != null) {
                        throw usage(file[0] + " names " + folder + ", the folder --output-dir writes the " + part + " in: give another file");
                    }
                }
            }
        }
        refuseReplacingInputs(new String[] {null, records.input, "--rules", rulesFile},
                "--output", output, "--rejects", rejects, "--audit", audit, "--hubs", hubsFile, "--output-dir", outputDir);
        IdentityRules rules = records.rules("--rules", rulesFile, policy);
        if (hubsFile != null && rules.hubs().isEmpty()) {
            throw usage("--hubs needs hub rules in --rules: \"hubs\": {\"threshold\": K}");
        }
        if (provider != null || workspace != null) {
            if (rules.hubs().map(IdentityRules.HubRule::autoBlock).orElse(false)) {
                throw usage("hubs with autoBlock would decide the run under other rules than the store's workspace:"
                        + " with --provider postgres, block the values in the rules file instead");
            }
            return intoStore(io, policy, rules);
        }
        if (!engine.equals("memory")) {
            return EngineRun.run(this, io, rules);
        }
        Instant asOf = Instant.now();
        int expected = expectedRecords(records.input);
        Deduplicator engine;
        List<HubFinder.Hub> hubs = null;
        RejectTally tally = rejects == null ? new RejectTally() : null;
        try (RecordReader reader = records.open(io);
             OutputTarget out = OutputTarget.open(output, io);
             OutputTarget rejected = rejects == null ? null : OutputTarget.open(rejects, io);
             NdjsonWriter rejectWriter = new NdjsonWriter(rejected == null ? tally : rejected.stream());
             OutputTarget audited = audit == null ? null : OutputTarget.open(audit, io);
             NdjsonWriter auditWriter = audited == null ? null : new NdjsonWriter(audited.stream());
             Progress progress = Progress.start(io, "dedupe", "records")) {
            RecordMapper mapper = new RecordMapper(reader.columns(), policy, strategy, RecordMapper.NoIdentifier.OWN_CONTACT);
            // hubs are found over the whole input before any record is applied: the records wait in memory
            List<Prepared> held = rules.hubs().isPresent() ? new ArrayList<>() : null;
            try (ParallelMapper batches = ParallelMapper.sharing(reader, mapper, Runtime.getRuntime().availableProcessors(), BATCH, OFFLINE_AHEAD)) {
                if (held != null) {
                    List<Prepared> batch;
                    while ((batch = batches.next()) != null) {
                        held.addAll(batch);
                        progress.stepTo(held.size());
                    }
                    engine = null;
                } else {
                    // made on a thread of its own while the first batches are read and mapped: its tables, sized for the whole
                    // input, take from tens of milliseconds to most of a second to clear, and the reader would soon wait at its bound
                    IdentityRules decided = rules;
                    FutureTask<Deduplicator> making = new FutureTask<>(() -> new Deduplicator("dedupe", asOf, expected, decided));
                    Thread maker = new Thread(making, "contactkit-engine");
                    maker.setDaemon(true);
                    maker.start();
                    engine = applyAsMade(batches::next, making, earlyBatches(expected), progress::stepTo, rejectWriter, auditWriter);
                }
            }
            if (held != null) {
                IdentityRules.HubRule rule = rules.hubs().get();
                hubs = hubs(rules, held);
                if (rule.autoBlock() && !hubs.isEmpty()) {
                    List<Identifier> values = new ArrayList<>(hubs.size());
                    hubs.forEach(h -> values.add(h.identifier()));
                    rules = rules.withBlocked(values);
                }
                engine = new Deduplicator("dedupe", asOf, expected, rules);
                applyAll(engine, held, rejectWriter, auditWriter);
                if (hubsFile != null) {
                    writeHubs(io, hubs, rule.autoBlock());
                }
            }
            new ContactLines(Runtime.getRuntime().availableProcessors(), CONTACT_RANGE).write(engine, out.stream());
            commit(out, rejectWriter, rejected, auditWriter, audited);
        }
        tell(io, tally);
        io.err().println(engine.summary() + (hubs == null ? "" : " hubs=" + hubs.size()));
        return 0;
    }

    /** The run against the PostgreSQL store: decided by the domain's engine on the workspace's contacts, written at the end. */
    private int intoStore(Io io, IdentifierPolicy policy, IdentityRules rules) {
        if (provider == null || !provider.strip().equalsIgnoreCase("postgres")) {
            throw usage("dedupe --provider takes only postgres (without it, dedupe runs offline)");
        }
        if (workspace == null || workspace.isBlank()) {
            throw usage("dedupe --provider postgres needs --workspace");
        }
        PostgresSettings settings;
        try {
            settings = PostgresSettings.from(ProviderOptions.postgres(io, ProviderSettings.builder(), schema).build()).withRules(rules);
        } catch (IllegalArgumentException e) {
            throw usage("invalid provider configuration: " + e.getMessage());
        }
        RejectTally tally = rejects == null ? new RejectTally() : null;
        try (PostgresContactProvider store = ProviderOptions.openStore(spec, "invalid provider configuration: ", settings);
             RecordReader reader = records.open(io);
             OutputTarget out = OutputTarget.open(output, io);
             OutputTarget rejected = rejects == null ? null : OutputTarget.open(rejects, io);
             NdjsonWriter rejectWriter = new NdjsonWriter(rejected == null ? tally : rejected.stream());
             OutputTarget audited = audit == null ? null : OutputTarget.open(audit, io);
             NdjsonWriter auditWriter = audited == null ? null : new NdjsonWriter(audited.stream());
             Progress progress = Progress.start(io, "dedupe", "records")) {
            // the engine sized for the input from the start, as offline: its tables then never grow by copying while the run decides
            PostgresDedupe run = PostgresDedupe.of(store, workspace.strip(), Instant.now(), expectedRecords(records.input));
            // hubs are found over the run's records before any is applied, as offline: the records wait in memory
            List<Prepared> held = rules.hubs().isPresent() ? new ArrayList<>() : null;
            List<HubFinder.Hub> hubs = null;
            // the workspace is read (and the connection, the session and the transaction opened) while the first records are
            // read and mapped
            java.util.concurrent.CompletableFuture<Void> loading = run.load().toFuture();
            boolean committed = false;
            try {
                RecordMapper mapper = new RecordMapper(reader.columns(), policy, strategy, RecordMapper.NoIdentifier.OWN_CONTACT);
                // the log streams to the server while the run decides: one chunk in flight, the next one filling
                java.util.concurrent.CompletableFuture<Void> inFlight = null;
                // as few batches in flight as offline: what is in flight at a young collection is promoted into the old generation
                try (ParallelMapper batches = new ParallelMapper(reader, mapper, Runtime.getRuntime().availableProcessors(), BATCH, AHEAD)) {
                    awaitStore(loading, "read the workspace");
                    List<Prepared> batch;
                    long done = 0;
                    while ((batch = batches.next()) != null) {
                        if (held != null) {
                            held.addAll(batch);
                        } else {
                            inFlight = applyToStore(run, batch, rejectWriter, auditWriter, inFlight);
                        }
                        done += batch.size();
                        progress.stepTo(done);
                    }
                }
                if (held != null) {
                    hubs = hubs(rules, held);
                    for (int i = 0; i < held.size(); i += BATCH) {
                        inFlight = applyToStore(run, held.subList(i, Math.min(held.size(), i + BATCH)), rejectWriter, auditWriter, inFlight);
                    }
                    if (hubsFile != null) {
                        writeHubs(io, hubs, false);
                    }
                }
                awaitStore(inFlight);
                // the contacts written, the rest of the commit no longer reads the engine: a staged output file is written
                // meanwhile (it appears only after the commit); standard output, which shows every line, only after it
                run.writeContacts().block(STORE_TIMEOUT);
                java.util.concurrent.CompletableFuture<Void> rest = run.commit().toFuture();
                CliFailure unwritten = null;
                if (out.staged()) {
                    try {
                        writeContacts(run, out);
                    } catch (CliFailure e) {
                        unwritten = e;   // said once the commit's outcome is known
                    } finally {
                        awaitStore(rest, "commit the run");
                    }
                } else {
                    awaitStore(rest, "commit the run");
                }
                committed = true;
                if (unwritten != null) {
                    throw committedAnyway(unwritten);
                }
            } finally {
                if (!committed) {
                    // a load still under way would open the transaction after the abort: it settles first, failed or not
                    Mono.fromFuture(loading).onErrorResume(e -> Mono.empty()).then(run.abort()).block(STORE_TIMEOUT);
                }
            }
            try {
                if (!out.staged()) {
                    writeContacts(run, out);
                }
                commit(out, rejectWriter, rejected, auditWriter, audited);
            } catch (CliFailure e) {
                throw committedAnyway(e);
            }
            tell(io, tally);
            io.err().println(run.summary() + (hubs == null ? "" : " hubs=" + hubs.size()));
            return 0;
        } catch (ProviderException e) {
            throw new CliFailure("dedupe into " + settings.describe() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * A failure to write an output of a run into the store that is committed already: said as such, since the failure alone
     * would read as a run that did not happen, and running the file again would apply its records a second time.
     */
    private CliFailure committedAnyway(CliFailure e) {
        return new CliFailure(e.getMessage() + " (the run itself is done and committed to workspace " + Field.abbreviate(workspace.strip())
                + ": export it to read its contacts, and do not run the same file again)", e.exitCode(), e);
    }

    /**
     * Puts a successful run's outputs in place: every one written out first (the contacts first: when standard output has
     * gone, the rejects must not appear either), and only then each file renamed into place, so that a failure to write
     * the rejects or the audit (a full device) leaves no contacts file behind either.
     */
    private static void commit(OutputTarget out, NdjsonWriter rejectWriter, @Nullable OutputTarget rejected,
                               @Nullable NdjsonWriter auditWriter, @Nullable OutputTarget audited) {
        out.finish();
        rejectWriter.flush();
        if (auditWriter != null) {
            auditWriter.flush();
        }
        OutputTarget.commitAll(out, rejected, audited);
    }

    /**
     * Decides a batch of records in the store's run, writing rejects and audit lines as the offline run
     * does, and sends the log when a chunk is ready; returns the chunk in flight.
     */
    private static java.util.concurrent.CompletableFuture<Void> applyToStore(PostgresDedupe run, List<Prepared> batch, NdjsonWriter rejects,
                                                                            NdjsonWriter audit, java.util.concurrent.CompletableFuture<Void> inFlight) {
        UpsertCommand[] ahead = new UpsertCommand[PREFETCH];
        for (int j = 0; j < batch.size(); j++) {
            if (j % PREFETCH == 0) {
                // what the next few records will read, read together (a hint: the results are the same without it)
                int n = 0;
                for (int k = j; k < Math.min(batch.size(), j + PREFETCH); k++) {
                    if (!batch.get(k).isRejected()) {
                        ahead[n++] = batch.get(k).command();
                    }
                }
                run.prefetch(ahead, 0, n);
            }
            Prepared p = batch.get(j);
            if (p.isRejected()) {
                run.reject(p.number());
                if (rejects != null) {
                    rejects.reject(p.number(), p.code(), p.message());
                }
                if (audit != null) {
                    audit.audit(new AuditEntry(p.number(), AuditEntry.Action.REJECTED, null, List.of(), List.of(), p.code(), p.message(),
                            List.of(), List.of()));
                }
                continue;
            }
            if (run.apply(p.number(), p.command()) == AuditEntry.Action.REJECTED && rejects != null) {
                rejects.reject(p.number(), run.lastFailure().code(), run.lastFailure().message());
            }
            if (audit != null) {
                audit.audit(run.lastEntry(p.number()));
            }
        }
        if (inFlight != null && inFlight.isCompletedExceptionally()) {
            awaitStore(inFlight);   // a lost connection ends the run now, not a chunk later
        }
        if (run.wantsFlush()) {
            awaitStore(inFlight);
            return run.flush().toFuture();
        }
        return inFlight;
    }

    private static void writeContacts(PostgresDedupe run, OutputTarget out) {
        try (NdjsonWriter writer = new NdjsonWriter(out.stream())) {
            // each contact read in place from the engine, as the offline run writes its output: none is built
            run.viewContacts(0, run.contactPositions(), writer::contact);
        }
    }

    /** The hubs among the records' identifiers under the hub rule. */
    private static List<HubFinder.Hub> hubs(IdentityRules rules, List<Prepared> records) {
        HubFinder finder = new HubFinder(rules);
        for (Prepared p : records) {
            if (!p.isRejected()) {
                finder.add(p.command().identifiers());
            }
        }
        return finder.hubs(rules.hubs().orElseThrow().threshold());
    }

    /** Waits for a chunk of the store's log to be written; its failure is the run's. */
    private static void awaitStore(java.util.concurrent.CompletableFuture<Void> write) {
        awaitStore(write, "take the run's log");
    }

    /** Waits for a step of the store's run; its failure is the run's. */
    private static void awaitStore(java.util.concurrent.CompletableFuture<Void> step, String what) {
        if (step == null) {
            return;
        }
        try {
            step.get(STORE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the store did not " + what + " within " + STORE_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to the store", e);
        }
    }

    private void writeHubs(Io io, List<HubFinder.Hub> hubs, boolean blocked) {
        try (OutputTarget target = OutputTarget.open(hubsFile, io)) {
            try (NdjsonWriter writer = new NdjsonWriter(target.stream())) {
                hubs.forEach(h -> writer.hub(h, blocked));
            }
            target.commit();
        }
    }

    /**
     * Applies records in order, reading ahead every {@link #PREFETCH} records for what they will read
     * ({@link Deduplicator#prefetch}: a hint, the results are the same without it).
     */
    private static void applyAll(Deduplicator engine, List<Prepared> records, NdjsonWriter rejects, NdjsonWriter audit) {
        UpsertCommand[] ahead = new UpsertCommand[PREFETCH];
        for (int i = 0; i < records.size(); i += PREFETCH) {
            int to = Math.min(records.size(), i + PREFETCH);
            int n = 0;
            for (int j = i; j < to; j++) {
                Prepared p = records.get(j);
                if (!p.isRejected()) {
                    ahead[n++] = p.command();
                }
            }
            engine.prefetch(ahead, 0, n);
            for (int j = i; j < to; j++) {
                apply(engine, records.get(j), rejects, audit);
            }
        }
    }

    private static void apply(Deduplicator engine, Prepared p, NdjsonWriter rejects, NdjsonWriter audit) {
        if (p.isRejected()) {
            AuditEntry entry = engine.reject(p.number(), p.code(), p.message());
            if (rejects != null) {
                rejects.reject(p.number(), p.code(), p.message());
            }
            if (audit != null) {
                audit.audit(entry);
            }
            return;
        }
        // the bulk path: the audit entry is built only for a rejection or an audit, which are written out
        AuditEntry.Action action = engine.apply(p.number(), p.command());
        if (action == AuditEntry.Action.REJECTED && rejects != null) {
            AuditEntry entry = engine.lastEntry();
            rejects.reject(entry.record(), entry.code(), entry.message());
        }
        if (audit != null) {
            audit.audit(engine.lastEntry());
        }
    }

    /** Before the summary: what was rejected and why, when the rejects were not kept in a file. */
    static void tell(Io io, RejectTally tally) {
        String line = tally == null ? null : tally.line();
        if (line != null) {
            io.err().println(line);
        }
    }

    /**
     * Applies every batch of {@code batches} (null after the last), in order, to the engine {@code making} makes: the batches
     * that come before it is made are held, at most {@code early} of them (then it is waited for), and applied first.
     *
     * @param done told the records taken so far after each batch
     * @return the engine, every record applied
     */
    static Deduplicator applyAsMade(Supplier<List<Prepared>> batches, FutureTask<Deduplicator> making, int early, LongConsumer done,
                                    NdjsonWriter rejects, NdjsonWriter audit) {
        List<List<Prepared>> held = new ArrayList<>();
        Deduplicator engine = null;
        List<Prepared> batch;
        long taken = 0;
        while ((batch = batches.get()) != null) {
            if (engine == null && !making.isDone() && held.size() < early) {
                held.add(batch);
            } else {
                if (engine == null) {
                    engine = made(making, held, rejects, audit);
                }
                applyAll(engine, batch, rejects, audit);
            }
            taken += batch.size();
            done.accept(taken);
        }
        return engine != null ? engine : made(making, held, rejects, audit);
    }

    /** The batches held at most while the engine for about {@code expected} records is made. */
    static int earlyBatches(int expected) {
        return Math.min(EARLY_MAX, EARLY * Math.max(1, expected / 1_000_000));
    }

    /** The engine {@code making} made, waited for, with the batches held meanwhile applied, in order. */
    private static Deduplicator made(FutureTask<Deduplicator> making, List<List<Prepared>> held, NdjsonWriter rejects, NdjsonWriter audit) {
        Deduplicator engine = ParallelMapper.result(making, "making the engine failed");
        for (List<Prepared> b : held) {
            applyAll(engine, b, rejects, audit);
        }
        held.clear();
        return engine;
    }

    /** About how many records the input holds, from its size, for sizing the engine; 16 for standard input. */
    static int expectedRecords(String input) {
        try {
            if (!input.equals("-")) {
                // a contact file gzips to about a third of its size (generate's million-row files: 30% and 33%)
                long size = Files.size(Path.of(input)) * (RecordReader.gzipped(input) ? 3 : 1);
                return (int) Math.min(1 << 24, Math.max(16, size / BYTES_PER_ROW));
            }
        } catch (java.io.IOException | RuntimeException e) {
            // the reader reports a missing or unreadable input
        }
        return 16;
    }
}
