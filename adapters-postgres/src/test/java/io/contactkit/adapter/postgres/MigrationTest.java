package io.contactkit.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ServerException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Migrations: applied once when many processes start at once, required before use, refused when newer. */
class MigrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void concurrentMigrationsApplyEachScriptOnce() {
        PostgresSettings settings = TestDatabase.freshSchema();
        List<PostgresContactProvider> stores = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            stores.add(new PostgresContactProvider(settings.toBuilder().poolInitialSize(0).poolMaxSize(1).build()));
        }
        try {
            List<List<Integer>> applied = Flux.fromIterable(stores).flatMap(PostgresContactProvider::migrate).collectList().block(TIMEOUT);
            assertEquals(1, applied.stream().filter(a -> !a.isEmpty()).count(), "one process applied the scripts: " + applied);
            assertEquals(PostgresContactProvider.codeSchemaVersion(), stores.get(0).schemaVersion().block(TIMEOUT));
        } finally {
            stores.forEach(PostgresContactProvider::close);
        }
    }

    @Test
    void anUnmigratedDatabaseIsReportedNotChanged() {
        PostgresSettings settings = TestDatabase.freshSchema().withMigrate(false);
        try (PostgresContactProvider store = new PostgresContactProvider(settings)) {
            ServerException e = assertThrows(ServerException.class, () -> store.upsert("ws", command()).block(TIMEOUT));
            assertEquals("schema_missing", e.providerCode().orElseThrow());
            assertTrue(e.getMessage().contains("contactkit db migrate"), e.getMessage());
            assertEquals(0, store.schemaVersion().block(TIMEOUT));
        }
    }

    @Test
    void aNewerSchemaIsRefused() throws Exception {
        PostgresSettings settings = TestDatabase.freshSchema();
        try (PostgresContactProvider store = new PostgresContactProvider(settings)) {
            store.migrate().block(TIMEOUT);
            try (Connection c = jdbc(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO " + settings.schema() + ".schema_version (version, description) VALUES (999, 'from the future')");
            }
        }
        for (boolean migrate : new boolean[] {true, false}) {
            try (PostgresContactProvider store = new PostgresContactProvider(settings.withMigrate(migrate))) {
                ServerException e = assertThrows(ServerException.class, () -> store.upsert("ws", command()).block(TIMEOUT));
                assertEquals("schema_too_new", e.providerCode().orElseThrow());
                assertTrue(e.getMessage().contains("999"), e.getMessage());
            }
        }
    }

    static Connection jdbc() throws Exception {
        PostgresSettings s = PostgresSettings.url(io.contactkit.ports.Secret.of(TestDatabase.url())).build();
        return DriverManager.getConnection("jdbc:postgresql://" + s.host() + ":" + s.port() + "/" + s.database(), s.user(),
                s.password().map(io.contactkit.ports.Secret::reveal).orElse(""));
    }

    private static UpsertCommand command() {
        return UpsertCommand.builder().identifier("emailaddress", "m@example.test").build(IdentifierPolicy.defaults()).get();
    }
}
