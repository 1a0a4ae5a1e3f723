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

    /** Four stores (each its own pool, as four processes would be) migrate a fresh schema at once, three times over. */
    @Test
    void concurrentMigrationsApplyEachScriptOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            PostgresSettings settings = TestDatabase.freshSchema();
            assertEquals(1, race(settings), "one process applied the scripts");
            assertLockRow(settings.schema());
        }
    }

    /**
     * The schema exists already: empty (created by an administrator), or current but without the lock
     * table (as migrated by versions that used an advisory lock). Racing stores create the lock row once.
     */
    @Test
    void concurrentMigrationsOfAnExistingSchema() throws Exception {
        PostgresSettings empty = TestDatabase.freshSchema();
        sql("CREATE SCHEMA " + empty.schema());
        assertEquals(1, race(empty), "one process applied the scripts");
        assertLockRow(empty.schema());

        PostgresSettings current = TestDatabase.freshSchema();
        try (PostgresContactProvider store = new PostgresContactProvider(current)) {
            store.migrate().block(TIMEOUT);
        }
        sql("DROP TABLE " + current.schema() + ".migration_lock");
        assertEquals(0, race(current), "nothing left to apply");
        assertLockRow(current.schema());
    }

    /** Four stores migrate at once; returns how many applied scripts. */
    private static long race(PostgresSettings settings) {
        List<PostgresContactProvider> stores = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            stores.add(new PostgresContactProvider(settings.toBuilder().poolInitialSize(0).poolMaxSize(1).build()));
        }
        try {
            List<List<Integer>> applied = Flux.fromIterable(stores).flatMap(PostgresContactProvider::migrate).collectList().block(TIMEOUT);
            assertEquals(4, applied.size());
            assertEquals(PostgresContactProvider.codeSchemaVersion(), stores.get(0).schemaVersion().block(TIMEOUT));
            return applied.stream().filter(a -> !a.isEmpty()).count();
        } finally {
            stores.forEach(PostgresContactProvider::close);
        }
    }

    private static void assertLockRow(String schema) throws Exception {
        try (Connection c = jdbc(); Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT count(*) FROM " + schema + ".migration_lock")) {
            r.next();
            assertEquals(1, r.getInt(1), "one lock row");
        }
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.execute(statement);
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

    /**
     * The schema is written unquoted, so a name the server's grammar reserves (every keyword it lists as reserved or as a
     * type or function name only, and names starting with pg_) is refused when the settings are made, not by a syntax error
     * at the first statement; a keyword the grammar allows as a name (unreserved, or a column name) holds a store.
     */
    @Test
    void schemaNamesTheServerReservesAreRefusedUpFront() throws Exception {
        List<String> reserved = new ArrayList<>();
        try (Connection c = jdbc(); Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT word FROM pg_get_keywords() WHERE catcode IN ('R', 'T')")) {
            while (r.next()) {
                reserved.add(r.getString(1));
            }
        }
        assertTrue(reserved.contains("select"), reserved.toString());
        reserved.add("pg_temp");
        reserved.add("pg_catalog");
        for (String name : reserved) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestDatabase.freshSchema().withSchema(name),
                    name);
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        for (String keyword : List.of("values", "between", "data")) {
            sql("DROP SCHEMA IF EXISTS " + keyword + " CASCADE");
            try (PostgresContactProvider store = new PostgresContactProvider(TestDatabase.freshSchema().withSchema(keyword))) {
                store.migrate().block(TIMEOUT);
                assertEquals(io.contactkit.ports.UpsertResult.Status.CREATED, store.upsert("ws", command()).block(TIMEOUT).status());
            } finally {
                sql("DROP SCHEMA IF EXISTS " + keyword + " CASCADE");
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
