package io.contactkit.cli.internal;

import io.contactkit.adapter.postgres.PostgresContactProvider;
import io.contactkit.adapter.postgres.PostgresSettings;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.ReplayableBook;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ProviderSettings;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code contactkit db}: the PostgreSQL store's housekeeping. */
@Command(name = "db", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        description = {"Housekeeping of the PostgreSQL store named by " + ProviderOptions.POSTGRES_URL + " (postgresql://user:password@host:port/database)."})
public final class DbCommand extends CommandBase implements Runnable {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    /**
     * How long {@code db split} waits for the store's split: its replay of the workspace's whole log (about 20 s per million
     * entries on two cores) and its statements, one of which may take 10 minutes or the configured statement timeout
     * (README), each bounded by the store's own timeouts. Five minutes gave up on splits the README says may run longer.
     */
    static final Duration SPLIT_TIMEOUT = Duration.ofHours(2);

    @Override
    public void run() {
        throw usage("name a db command: migrate or split");
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = {"Apply the store's pending schema migrations (safe while other processes start or run).",
                    "A database whose schema is newer than this contactkit is refused.",
                    "Prints the schema version on standard error: schema=NAME version=N applied=[...]"})
    int migrate(@Option(names = "--schema", paramLabel = "NAME", defaultValue = PostgresSettings.DEFAULT_SCHEMA,
            description = "The schema holding the store (default ${DEFAULT-VALUE}).") String schema) {
        Io io = io();
        PostgresSettings settings;
        try {
            settings = PostgresSettings.from(ProviderOptions.postgres(io, ProviderSettings.builder()).option("schema", schema).build());
        } catch (IllegalArgumentException e) {
            throw usage(spec.subcommands().get("migrate").getCommandSpec(), "invalid database configuration: " + e.getMessage());
        }
        try (PostgresContactProvider store = ProviderOptions.openStore(spec.subcommands().get("migrate").getCommandSpec(),
                "invalid database configuration: ", settings.toBuilder().poolInitialSize(0).poolMaxSize(1).build())) {
            List<Integer> applied = store.migrate().block(TIMEOUT);
            int version = store.schemaVersion().block(TIMEOUT);
            io.err().println("schema=" + settings.schema() + " version=" + version + " applied=" + applied);
            return 0;
        } catch (ProviderException e) {
            throw new CliFailure("db migrate failed on " + settings.describe() + ": " + e.getMessage(), e);
        }
    }

    @Command(name = "split", mixinStandardHelpOptions = true,
            description = {"Split contacts of a store's workspace by replay: the commands behind the named contacts are replayed, in"
                            + " order, under --new-rules (for example with a value newly blocked), in one transaction; every other"
                            + " contact stays as it was. The workspace is decided under --new-rules from then on: run later syncs"
                            + " with them.",
                    "Writes the contacts that result, one NDJSON line each; the summary on standard error is",
                    "  replaced=N contacts=N replayed=N rejected=N dropped=N",
                    "rejected: logged commands the new rules refuse (a command left without identifiers, or a conflict); dropped:"
                            + " identifiers left with contacts outside the split. Lines before the summary name each (the first 10"
                            + " of each, then how many more)."},
            footer = {"", "Example:",
                    "  contactkit db split --workspace crm --contacts 5f0c...,9a1e... \\",
                    "      --new-rules block-office-line.json"})
    int split(@Option(names = "--workspace", required = true, paramLabel = "ID", description = "The workspace.") String workspace,
              @Option(names = "--contacts", required = true, split = ",", paramLabel = "ID", description = "The contacts to split.") List<String> contacts,
              @Option(names = "--new-rules", required = true, paramLabel = "FILE",
                      description = "The rules to replay under (JSON, or YAML for .yaml/.yml; phone numbers in E.164).") String rulesFile,
              @Option(names = "--schema", paramLabel = "NAME", defaultValue = PostgresSettings.DEFAULT_SCHEMA,
                      description = "The schema holding the store (default ${DEFAULT-VALUE}).") String schema,
              @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the resulting contacts here (default: standard output).")
              String output) {
        Io io = io();
        if (workspace.isBlank()) {
            throw usage(spec.subcommands().get("split").getCommandSpec(), "--workspace must not be blank");
        }
        contacts = contactIds(spec.subcommands().get("split").getCommandSpec(), contacts);
        refuseReplacingInputs(new String[] {"--new-rules", rulesFile}, "--output", output);
        IdentityRules rules = RulesFile.read("--new-rules", rulesFile, IdentifierPolicy.defaults());
        PostgresSettings settings;
        try {
            settings = PostgresSettings.from(ProviderOptions.postgres(io, ProviderSettings.builder()).option("schema", schema).build());
        } catch (IllegalArgumentException e) {
            throw usage(spec.subcommands().get("split").getCommandSpec(), "invalid database configuration: " + e.getMessage());
        }
        try (PostgresContactProvider store = ProviderOptions.openStore(spec.subcommands().get("split").getCommandSpec(),
                "invalid database configuration: ", settings.toBuilder().poolInitialSize(0).poolMaxSize(1).build());
             OutputTarget out = OutputTarget.open(output, io)) {
            // a schema that holds no store has no contact to split: the store's migration on first use would create one (a
            // mistyped --schema left behind), and the split would then fail all the same
            if (store.schemaVersion().block(TIMEOUT) == 0) {
                throw new CliFailure("db split: the database holds no contactkit schema '" + settings.schema()
                        + "', so no contact to split (check --schema); nothing was created");
            }
            ReplayableBook.SplitResult result = store.split(workspace.strip(), contacts, rules).block(SPLIT_TIMEOUT);
            try {
                try (NdjsonWriter writer = new NdjsonWriter(out.stream())) {
                    result.contacts().forEach(c -> writer.contact(c, null));
                }
                out.commit();
            } catch (CliFailure e) {
                // the split is committed by now: a failure to write its contacts must not read as a split that did not happen
                throw new CliFailure(e.getMessage() + " (the split itself is done and committed: workspace "
                        + Field.abbreviate(workspace.strip()) + " is decided under --new-rules from now on; export it to read"
                        + " the resulting contacts, and do not run the split again)", e);
            }
            SplitReport.tell(io, result, e -> "the command logged at " + e.at() + " for contact " + e.contactId());
            io.err().println("replaced=" + result.replaced().size() + " contacts=" + result.contacts().size() + " replayed="
                    + result.replayed().size() + " rejected=" + result.rejected().size() + " dropped=" + result.dropped().size());
            return 0;
        } catch (ProviderException e) {
            throw new CliFailure("db split of workspace " + Field.abbreviate(workspace.strip()) + " failed on " + settings.describe() + ": " + e.getMessage(), e);
        }
    }
}
