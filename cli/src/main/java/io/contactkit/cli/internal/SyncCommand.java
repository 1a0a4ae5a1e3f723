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
import io.contactkit.ports.ValidationException;
import java.util.List;
import java.util.concurrent.Callable;
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
                "  {\"record\":N,\"status\":\"created|updated|failed\",\"contactId\":\"...\",\"error\":{\"code\":\"...\",\"message\":\"...\"},\"warnings\":[...]}",
                "Every record appears exactly once. Records that fail local validation fail without any request: no"
                        + " identifier (no_identifier), an invalid identifier (invalid_identifier), Bridge without a phone"
                        + " (missing_cellphone). The last line on standard error is the summary: records=N created=N updated=N failed=N."
                        + " The exit status is 0 when the run completed, even with failed records.",
                "",
                "Credentials only from the environment: CONTACTKIT_BIRD_ACCESS_KEY (bird), CONTACTKIT_BRIDGE_API_KEY (bridge),"
                        + " and CONTACTKIT_BRIDGE_SIGNING_SECRET (bridge with --bridge-api legacy).",
                ""},
        footer = {"", "Examples:",
                "  CONTACTKIT_BIRD_ACCESS_KEY=... contactkit sync --provider bird --workspace 6f1c... --strategy first_alias examples/contacts.csv",
                "  contactkit simulate bird --port 7480 &   # then, against the local simulator:",
                "  CONTACTKIT_BIRD_ACCESS_KEY=local-dev-key contactkit sync --provider bird --base-url http://127.0.0.1:7480 --workspace ws-1 examples/contacts.csv"})
public final class SyncCommand extends CommandBase implements Callable<Integer> {

    @Mixin
    ProviderOptions provider;

    @Option(names = "--strategy", paramLabel = "S", converter = StrategyConverter.class, defaultValue = "strict_alias",
            description = "strict_alias (default), first_alias or first; Bridge applies strict_alias only.")
    Strategy strategy;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8", description = "Upserts in flight at most (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Mixin
    RecordOptions records;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the results here (default: standard output).")
    String output;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "Identity rules (JSON, or YAML for .yaml/.yml). Blocked identifiers are left out of every upsert before it is sent"
                    + " (a record left with none fails as no_identifier); limits per contact and merge caps need a store that sees every"
                    + " contact, so they are accepted only with --provider memory, which applies all the rules.")
    String rulesFile;

    @Override
    public Integer call() {
        if (concurrency < 1 || concurrency > 1024) {
            throw usage("--concurrency must be 1-1024, got " + concurrency);
        }
        Io io = io();
        IdentifierPolicy policy = Options.policy(spec, records);
        IdentityRules rules = RulesFile.read(rulesFile, policy);
        if (rules.needsStore() && !"memory".equalsIgnoreCase(provider.provider.strip())) {
            throw usage("--rules with maxPerContact or merge caps needs --provider memory: " + provider.provider.strip()
                    + " decides which contact a record joins itself; blocked values alone work with every provider");
        }
        long[] counts = new long[3];
        try (ContactKit kit = provider.kit(io, spec, concurrency, rules)) {
            if (!kit.capabilities().supports(Operation.UPSERT)) {
                throw usage("provider " + kit.providerId()
                        + " cannot upsert with this configuration" + ("bridge".equals(kit.providerId()) ? ": the legacy API has no upsert; use --bridge-api connect" : ""));
            }
            if (!kit.capabilities().supports(strategy)) {
                throw usage("provider " + kit.providerId() + " does not apply the " + strategy.wireName() + " strategy");
            }
            try (RecordReader reader = RecordReader.open(records.input, records.format, io);
                 OutputTarget out = OutputTarget.open(output, io);
                 NdjsonWriter writer = new NdjsonWriter(out.stream());
                 Progress progress = Progress.start(io, "sync", "records")) {
                RecordMapper mapper = new RecordMapper(reader.columns(), policy, strategy, RecordMapper.NoIdentifier.REJECT);
                Flux<Prepared> inputs = Flux.<Prepared>generate(sink -> {
                    RawRecord r = reader.next();
                    if (r == null) {
                        sink.complete();
                    } else {
                        sink.next(mapper.prepare(r));
                    }
                }).subscribeOn(Schedulers.boundedElastic());
                String providerId = kit.providerId();
                // the memory provider applies the rules itself and warns of each identifier they skip; others get the commands without blocked identifiers
                IdentityRules clientSide = "memory".equals(providerId) ? IdentityRules.NONE : rules;
                Flux<BulkResult<Prepared>> results = kit.upsertAll(provider.workspace, inputs, p -> command(providerId, p, clientSide), concurrency);
                for (BulkResult<Prepared> r : results.toIterable(concurrency)) {
                    write(writer, r, counts);
                    if (progress.visible()) {
                        progress.stepTo(counts[0] + counts[1] + counts[2]);
                    }
                }
                writer.flush();
                out.commit();
            }
        }
        io.err().println("records=" + (counts[0] + counts[1] + counts[2]) + " created=" + counts[0] + " updated=" + counts[1] + " failed=" + counts[2]);
        return 0;
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

    private static void write(NdjsonWriter writer, BulkResult<Prepared> r, long[] counts) {
        long record = r.input().number();
        if (r.succeeded()) {
            counts[r.status() == BulkResult.Status.CREATED ? 0 : 1]++;
            writer.result(record, r.status().wireName(), r.contact().get().id(), null, null, r.warnings());
            return;
        }
        counts[2]++;
        ProviderException e = r.error().get();
        writer.result(record, "failed", null, ErrorCodes.code(e), ErrorCodes.message(e), List.of());
    }
}
