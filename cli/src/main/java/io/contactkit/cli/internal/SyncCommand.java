package io.contactkit.cli.internal;

import io.contactkit.api.BulkResult;
import io.contactkit.api.ContactKit;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.Violation;
import io.contactkit.ports.Operation;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.RetryPolicy;
import io.contactkit.ports.ValidationException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** {@code contactkit sync}: one upsert per record through the facade, with bounded concurrency. */
@Command(name = "sync", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Upsert every record into a provider's workspace, at most --concurrency at a time.",
                "",
                "Writes one NDJSON line per input record, in completion order:",
                "  {\"record\":N,\"status\":\"created|updated|failed\",\"contactId\":\"...\",",
                "   \"error\":{\"code\":\"...\",\"message\":\"...\"},\"warnings\":[...]}",
                "(one line each, shown on two here).",
                "Every record appears exactly once. Records that fail local validation fail without any request: no"
                        + " identifier (no_identifier), an invalid identifier (invalid_identifier), Bridge without a phone"
                        + " (missing_cellphone). Standard error ends with what failed, by code, then the summary: records=N created=N"
                        + " updated=N failed=N. The exit status is 0 when the run completed, even with failed records; a provider that"
                        + " cannot be reached at all, or refuses the credentials, or the workspace to them (HTTP 403: the key has no access"
                        + " to it), or a postgres workspace decided under other --rules"
                        + " (the first 3 records all fail so), stops the run with"
                        + " status 1, and so does one that gives no answer for longer than --max-retry-time (mid-run, or from the start):"
                        + " the records not sent are then failed with code stopped (and in --failed), and the results so far kept.",
                "",
                "A record whose upsert fails for a passing reason (a connection failure, 429, 5xx) is tried again, up to --retries"
                        + " times within --max-retry-time; the upsert is safe to repeat. --failed FILE writes the records that still"
                        + " failed, in the input's format, so that 'sync FILE' re-runs exactly them (with the input's --format and"
                        + " --delimiter, if it needed them); a FILE whose name sync would read as another format or separator (x.ndjson"
                        + " for CSV input, x.csv for tab-separated input) is a usage error that says which name to use.",
                "",
                "Credentials only from the environment: CONTACTKIT_BIRD_ACCESS_KEY or CONTACTKIT_BIRD_ACCESS_TOKEN (bird: an access"
                        + " key, sent as AccessKey, or an access token, sent as Bearer), CONTACTKIT_BRIDGE_API_KEY (bridge),"
                        + " and CONTACTKIT_BRIDGE_SIGNING_SECRET (bridge with --bridge-api legacy).",
                ""},
        footer = {"", "Examples:",
                "  CONTACTKIT_BIRD_ACCESS_KEY=... contactkit sync --provider bird \\",
                "      --workspace 6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b --strategy first_alias \\",
                "      examples/contacts.csv",
                "  contactkit simulate bird --port 7480 &   # then, against the local simulator:",
                "  CONTACTKIT_BIRD_ACCESS_KEY=local-dev-key contactkit sync --provider bird \\",
                "      --base-url http://127.0.0.1:7480 \\",
                "      --workspace a1405560-c8d3-4b1a-877d-3f449ad95352 examples/contacts.csv"})
public final class SyncCommand extends CommandBase implements Callable<Integer> {

    /**
     * Against a server spoiling about one request in five, each upsert try fails only after the
     * adapter's own four attempts all failed (about 1 in 600); five more tries make a lost record
     * about 1 in 10^16.
     */
    static final int DEFAULT_RETRIES = 5;
    static final String DEFAULT_MAX_RETRY_TIME = "5m";
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    /** One input record, as read and as prepared. */
    record Input(RawRecord raw, Prepared prepared) {
    }

    @Mixin
    ProviderOptions provider;

    @Option(names = "--strategy", paramLabel = "S", converter = StrategyConverter.class, defaultValue = "strict_alias",
            description = "strict_alias (default), first_alias or first; Bridge applies strict_alias only.")
    Strategy strategy;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8", description = "Upserts in flight at most (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "" + DEFAULT_RETRIES,
            description = "Tries a record's upsert again up to N times after a passing failure (default ${DEFAULT-VALUE}; 0: never)."
                    + " Each try already repeats single requests a few times itself.")
    int retries;

    @Option(names = "--max-retry-time", paramLabel = "D", defaultValue = DEFAULT_MAX_RETRY_TIME, converter = DurationConverter.class,
            description = "The most time one record may take, every try and wait included, e.g. 90s, 5m, PT5M (default ${DEFAULT-VALUE}).")
    Duration maxRetryTime;

    @Option(names = "--failed", paramLabel = "FILE",
            description = "Write the records that failed here, in the input's format (CSV with its header and separator, or NDJSON lines"
                    + " as read; through gzip for a name ending in .gz). Its name must say that format, as the input's would: .ndjson or"
                    + " .jsonl for NDJSON, .tsv for tabs, another for CSV.")
    String failed;

    @Mixin
    RecordOptions records;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the results here (default: standard output).")
    String output;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "Identity rules (JSON, or YAML for .yaml/.yml). Blocked identifiers are left out of every upsert before it is sent"
                    + " (a record left with none fails as no_identifier); limits per contact and merge caps need a store that sees every"
                    + " contact, so they are accepted only with --provider memory or postgres, which apply all the rules themselves"
                    + " (postgres refuses rules other than those the workspace is decided under).")
    String rulesFile;

    @Override
    public Integer call() {
        if (concurrency < 1 || concurrency > 1024) {
            throw usage("--concurrency must be 1-1024, got " + concurrency);
        }
        if (retries < 0 || retries > 100) {
            throw usage("--retries must be 0-100, got " + retries);
        }
        if (maxRetryTime.compareTo(io.contactkit.api.ContactKit.MAX_TIMEOUT) > 0) {
            throw usage("--max-retry-time must be at most 7 days (" + io.contactkit.api.ContactKit.MAX_TIMEOUT + "), got " + maxRetryTime);
        }
        Io io = io();
        IdentifierPolicy policy = Options.policy(spec, records);
        // --failed - is refused on its own, below
        String same = OutputTarget.sameFile("--output", output == null ? "-" : output, "--failed", "-".equals(failed) ? null : failed);
        if (same != null) {
            throw usage(same + " name the same file: give each its own");
        }
        refuseReplacingInputs(new String[] {null, records.input, "--rules", rulesFile}, "--output", output, "--failed", failed);
        String misnamed = failed == null || "-".equals(failed) ? null : FailedRecords.misnamed(failed, records);
        if (misnamed != null) {
            throw usage(misnamed);
        }
        IdentityRules rules = records.rules("--rules", rulesFile, policy);
        if (rules.needsStore() && !ProviderOptions.appliesRules(provider.provider)) {
            throw usage("--rules with maxPerContact or merge caps needs --provider memory or postgres: " + provider.provider.strip()
                    + " decides which contact a record joins itself; blocked values alone work with every provider");
        }
        long[] counts = new long[3];
        RejectTally failedTally = new RejectTally();
        RetryPolicy retry = retries == 0 ? RetryPolicy.none() : RetryPolicy.backoff(retries, FIRST_BACKOFF);
        String stop = null; // why the run stopped mid-way, when it did
        try (ContactKit kit = provider.kit(io, spec, concurrency, retry, maxRetryTime, rules)) {
            if (!kit.capabilities().supports(Operation.UPSERT)) {
                throw usage("provider " + kit.providerId()
                        + " cannot upsert with this configuration" + ("bridge".equals(kit.providerId()) ? ": the legacy API has no upsert; use --bridge-api connect" : ""));
            }
            if (!kit.capabilities().supports(strategy)) {
                throw usage("provider " + kit.providerId() + " does not apply the " + strategy.wireName() + " strategy");
            }
            try (RecordReader reader = records.open(io);
                 OutputTarget out = OutputTarget.open(output, io);
                 FailedRecords failures = FailedRecords.open(failed, reader, io);
                 NdjsonWriter writer = new NdjsonWriter(out.stream());
                 Progress progress = Progress.start(io, "sync", "records")) {
                RecordMapper mapper = new RecordMapper(reader.columns(), policy, strategy, RecordMapper.NoIdentifier.REJECT);
                // the records read and not yet answered, by number: those the run ends without sending when it stops mid-way
                NavigableMap<Long, Input> pending = new ConcurrentSkipListMap<>();
                Object reading = new Object();
                AtomicBoolean halted = new AtomicBoolean();
                Flux<Input> inputs = Flux.<Input>generate(sink -> {
                    synchronized (reading) {
                        RawRecord r = halted.get() ? null : reader.next();
                        if (r == null) {
                            sink.complete();
                        } else {
                            Input in = new Input(r, mapper.prepare(r));
                            pending.put(in.prepared().number(), in);
                            sink.next(in);
                        }
                    }
                }).subscribeOn(Schedulers.boundedElastic());
                String providerId = kit.providerId();
                Set<String> createdHere = new HashSet<>();
                // the memory and postgres providers apply the rules themselves and warn of each identifier they skip; others get the commands without blocked identifiers
                IdentityRules clientSide = ProviderOptions.appliesRules(providerId) ? IdentityRules.NONE : rules;
                Flux<BulkResult<Input>> results = kit.upsertAll(provider.workspace, inputs, p -> command(providerId, p.prepared(), clientSide), concurrency);
                FirstContact firstContact = new FirstContact();
                Outage outage = new Outage(maxRetryTime, Math.max(FirstContact.FIRST, concurrency), System::nanoTime);
                boolean stopped = false;
                // a stream, so that leaving the loop early cancels the upserts still in flight
                try (Stream<BulkResult<Input>> stream = results.toStream(concurrency)) {
                    for (Iterator<BulkResult<Input>> it = stream.iterator(); it.hasNext(); ) {
                        BulkResult<Input> r = it.next();
                        String workspaceRefused = FirstContact.refusedWorkspace(r);
                        if (workspaceRefused != null) {
                            throw usage("--workspace '" + Field.abbreviate(provider.workspace) + "': " + workspaceRefused + " (" + providerId
                                    + " refuses every record for it; nothing was sent)");
                        }
                        if (firstContact.stopAfter(r)) {
                            throw stopped(providerId, firstContact);
                        }
                        pending.remove(r.input().prepared().number());
                        write(writer, failures, r, counts, createdHere, failedTally);
                        if (progress.visible()) {
                            progress.stepTo(counts[0] + counts[1] + counts[2]);
                        }
                        if (outage.stopAfter(r)) {
                            stopped = true;
                            halted.set(true);
                            break;
                        }
                    }
                }
                if (stopped) {
                    Duration silent = outage.silentFor(System.nanoTime());
                    String cause = providerId + " has not answered for " + DurationConverter.describe(silent) + " (the last " + outage.streak()
                            + " records each failed without an answer, after their retries: " + ErrorCodes.message(outage.last()) + ")";
                    long notSent = stopWith(reader, reading, pending, writer, failures, counts, failedTally,
                            "the run stopped before this record's upsert was sent or answered: " + providerId + " was not answering");
                    stop = "sync stopped: " + cause + "; " + (counts[0] + counts[1]) + " records went through, and the " + notSent
                            + " not sent are failed with code " + STOPPED + (failed == null
                            ? ": run the same command again once " + providerId + " answers (upserts are safe to repeat), or give --failed FILE to"
                                    + " keep the records that did not go through"
                            : " and in " + failed + " with every other failed record: run sync on that file once " + providerId
                                    + " answers (upserts are safe to repeat)");
                }
                writer.flush();
                out.commit();
                if (failures != null) {
                    failures.commit();
                }
            }
        }
        String failedLine = failedTally.failedLine(failed != null);
        if (failedLine != null) {
            io.err().println(failedLine);
        }
        io.err().println("records=" + (counts[0] + counts[1] + counts[2]) + " created=" + counts[0] + " updated=" + counts[1] + " failed=" + counts[2]);
        if (stop != null) {
            io.err().println("contactkit: " + stop);
            return 1;
        }
        return 0;
    }

    /** The code of a record that the run did not send, or did not see answered, because it stopped. */
    static final String STOPPED = "stopped";

    /**
     * Ends a run that stopped mid-way: every record read and not answered (in flight, or waiting to be sent), then every
     * record not yet read, each a failed result with code {@value #STOPPED} and, with {@code --failed}, a failed record,
     * so that every record still appears exactly once. The reader is taken only once the reading thread has let it go.
     *
     * @return how many records it ended so
     */
    private static long stopWith(RecordReader reader, Object reading, NavigableMap<Long, Input> pending, NdjsonWriter writer,
                                 FailedRecords failures, long[] counts, RejectTally tally, String message) {
        long n = 0;
        synchronized (reading) {
            for (Input in : pending.values()) {
                failed(writer, failures, in.prepared().number(), in.raw(), STOPPED, message, counts, tally);
                n++;
            }
            pending.clear();
            for (RawRecord r; (r = reader.next()) != null; n++) {
                failed(writer, failures, r.number(), r, STOPPED, message, counts, tally);
            }
        }
        return n;
    }

    /**
     * The run's end when its first records show that none can go through: what failed, what was sent, and where what
     * to fix comes from (the provider's address, or its credentials).
     */
    private CliFailure stopped(String providerId, FirstContact first) {
        boolean toFile = output != null && !"-".equals(output);
        String noOutput = toFile ? " and no output written" : "";
        if (first.kind() == FirstContact.Kind.UNREACHABLE) {
            return new CliFailure("sync stopped: " + providerId + " could not be reached: " + ErrorCodes.message(first.first()) + " (the first "
                    + FirstContact.FIRST + " records all failed to connect, after their retries, and none reached it); nothing was sent" + noOutput
                    + ": check " + ("postgres".equals(providerId) ? ProviderOptions.POSTGRES_URL : "--base-url") + " and the network, then run the"
                    + " same command again");
        }
        if (first.kind() == FirstContact.Kind.TLS) {
            String what = "sync stopped: no TLS connection to " + providerId + ": " + ErrorCodes.message(first.first()) + " (the first "
                    + FirstContact.FIRST + " records all failed so; it would fail the same way for every record); nothing was sent" + noOutput;
            if ("postgres".equals(providerId)) {
                return new CliFailure(what + ": check the sslmode and sslrootcert of " + ProviderOptions.POSTGRES_URL + " (see the README's"
                        + " PostgreSQL section), then run the same command again");
            }
            return new CliFailure(what
                    + ": check that --base-url is the https:// address of the provider's API, and that its server's certificate is valid"
                    + " for that host and signed by an authority Java trusts (for a private authority, give a trust store that holds its"
                    + " certificate: CONTACTKIT_JAVA_OPTS=-Djavax.net.ssl.trustStore=FILE, with -Djavax.net.ssl.trustStorePassword=... if it has one),"
                    + " then run the same command again");
        }
        if (first.kind() == FirstContact.Kind.RULES) {
            return new CliFailure("sync stopped: this run's identity rules (" + (rulesFile == null ? "no --rules given" : "--rules " + rulesFile)
                    + ") are not the workspace's: " + ErrorCodes.message(first.first()) + " (the first " + FirstContact.FIRST + " records were all refused so, and none went"
                    + " through); nothing was written" + noOutput + ": run sync with the rules the workspace is decided under (--rules naming"
                    + " the same rules as the run that decided it, or none if it had none), or, to decide the workspace under these rules"
                    + " from now on, split it with them first (contactkit db split --workspace ID --contacts ID,... --new-rules FILE)"
                    + " and then run the same command again");
        }
        if (first.kind() == FirstContact.Kind.WORKSPACE) {
            return new CliFailure("sync stopped: the key has no access to workspace '" + Field.abbreviate(provider.workspace) + "': " + providerId
                    + " refused it: " + ErrorCodes.message(first.first()) + " (the first " + FirstContact.FIRST
                    + " records were all refused so, and none went through); nothing was written" + noOutput + ": check that --workspace is"
                    + " the id of the workspace to write to, and that the key in " + ProviderOptions.credentials(providerId) + " has permission to write"
                    + " contacts in it, then run the same command again");
        }
        return new CliFailure("sync stopped: " + providerId + " refused the credentials: " + ErrorCodes.message(first.first()) + " (the first "
                + FirstContact.FIRST + " records were all refused so, and none went through); nothing was written" + noOutput + ": check "
                + ProviderOptions.credentials(providerId) + ", then run the same command again");
    }

    /** The command of a record, or its local rejection: failed before any request is sent. */
    private static UpsertCommand command(String providerId, Prepared p, IdentityRules rules) {
        if (p.isRejected()) {
            throw ValidationException.local(providerId, List.of(Violation.of("", p.code(), p.message())));
        }
        UpsertCommand c = rules.withoutBlocked(p.command());
        if (c.identifiers().isEmpty()) {
            throw ValidationException.local(providerId, List.of(Violation.of("identifiers", "no_identifier",
                    "every identifier of the record is blocked by the identity rules")));
        }
        return c;
    }

    /**
     * One result line. A contact is created once: a later record of the run that reaches a contact
     * this run created is an update, whatever the provider's answer suggested (a provider that answers
     * every upsert alike, as Bird and Bridge document, leaves the adapter to judge from the answer).
     */
    private static void write(NdjsonWriter writer, FailedRecords failures, BulkResult<Input> r, long[] counts, Set<String> createdHere,
                              RejectTally tally) {
        long record = r.input().prepared().number();
        if (r.succeeded()) {
            String id = r.contact().get().id();
            boolean created = r.status() == BulkResult.Status.CREATED && createdHere.add(id);
            counts[created ? 0 : 1]++;
            writer.result(record, created ? "created" : "updated", id, null, null, r.warnings());
            return;
        }
        ProviderException e = r.error();
        failed(writer, failures, record, r.input().raw(), ErrorCodes.code(e), ErrorCodes.message(e), counts, tally);
    }

    /** A failed record: its result line, its count and tally, and its row in {@code --failed} when asked for. */
    private static void failed(NdjsonWriter writer, FailedRecords failures, long record, RawRecord raw, String code, String message,
                               long[] counts, RejectTally tally) {
        counts[2]++;
        writer.result(record, "failed", null, code, message, List.of());
        tally.add(record, code, message);
        if (failures != null) {
            failures.add(raw);
        }
    }
}
