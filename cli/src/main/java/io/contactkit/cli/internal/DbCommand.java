package io.contactkit.cli.internal;

import io.contactkit.adapter.postgres.PostgresContactProvider;
import io.contactkit.adapter.postgres.PostgresSettings;
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

    @Override
    public void run() {
        throw usage("name a db command: migrate");
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
            throw usage("invalid database configuration: " + e.getMessage());
        }
        try (PostgresContactProvider store = new PostgresContactProvider(settings.toBuilder().poolInitialSize(0).poolMaxSize(1).build())) {
            List<Integer> applied = store.migrate().block(TIMEOUT);
            int version = store.schemaVersion().block(TIMEOUT);
            io.err().println("schema=" + settings.schema() + " version=" + version + " applied=" + applied);
            return 0;
        } catch (ProviderException e) {
            throw new CliFailure("db migrate failed on " + settings.describe() + ": " + e.getMessage(), e);
        }
    }
}
