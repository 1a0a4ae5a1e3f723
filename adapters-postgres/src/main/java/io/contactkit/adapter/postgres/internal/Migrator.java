package io.contactkit.adapter.postgres.internal;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The store's schema as numbered SQL scripts shipped in this jar ({@code migrations/V<n>__<name>.sql},
 * listed in {@code migrations/index}). Applying them holds the one row of the schema's lock table
 * ({@code migration_lock}, created first if missing) with {@code SELECT ... FOR UPDATE}, so processes
 * starting at once apply each script exactly once; a database whose schema is newer than the scripts
 * this code knows is refused. A row lock rather than an advisory lock: CockroachDB and YugabyteDB
 * share it with PostgreSQL.
 */
public final class Migrator {

    private static final String BASE = "/io/contactkit/adapter/postgres/migrations/";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
    // what a CREATE ... IF NOT EXISTS racing another one may report: the other one made it, so try again
    // (23505 unique_violation on the catalog, 42P06 duplicate_schema, 42P07 duplicate_table, 42710
    // duplicate_object: "type ... already exists", the table's row type, 40001 serialization failure)
    private static final java.util.Set<String> RACED = java.util.Set.of("23505", "42P06", "42P07", "42710", "40001");

    /** One numbered script. */
    public record Migration(int version, String description, String sql) {
    }

    private static final List<Migration> MIGRATIONS = load();

    private Migrator() {
    }

    /** The newest schema version this code knows. */
    public static int latest() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }

    /** The schema's version, or 0 when the store was never created; fails when the schema is newer than this code. */
    public static Mono<Integer> version(Connection c, String schema) {
        return Flux.from(c.createStatement("SELECT coalesce(max(version), 0) AS v FROM " + schema + ".schema_version").execute())
                .concatMap(r -> r.map(row -> row.get("v", Integer.class)))
                .next()
                .onErrorResume(e -> e instanceof R2dbcException r && "42P01".equals(r.getSqlState()), e -> Mono.just(0));
    }

    /**
     * Applies every pending script in one transaction, under the lock, and returns the versions applied
     * (empty when the schema was current).
     */
    public static Mono<List<Integer>> migrate(Connection c, String schema) {
        List<Integer> applied = new ArrayList<>();
        Function<String, Mono<Void>> run = sql -> Flux.from(c.createStatement(sql).execute()).concatMap(r -> r.getRowsUpdated()).then();
        // the lock row first, each statement on its own (autocommit), tried again when a concurrent process won the race
        Mono<Void> lockRow = Flux.just("CREATE SCHEMA IF NOT EXISTS " + schema,
                        "CREATE TABLE IF NOT EXISTS " + schema + ".migration_lock (id integer PRIMARY KEY)",
                        "INSERT INTO " + schema + ".migration_lock (id) VALUES (1) ON CONFLICT DO NOTHING")
                .concatMap(sql -> run.apply(sql).retryWhen(reactor.util.retry.Retry.max(5)
                        .filter(e -> e instanceof R2dbcException r && RACED.contains(r.getSqlState()))))
                .then();
        return lockRow
                .then(Mono.from(c.beginTransaction()))
                .then(new Statements().append("SELECT id FROM " + schema + ".migration_lock WHERE id = 1 FOR UPDATE").rows(c, row -> 1).then())
                .then(run.apply("CREATE TABLE IF NOT EXISTS " + schema + ".schema_version (version integer PRIMARY KEY,"
                        + " description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"))
                .then(version(c, schema))
                .flatMap(current -> {
                    if (current > latest()) {
                        return Mono.error(new SchemaTooNew(current, latest()));
                    }
                    return Flux.fromIterable(MIGRATIONS)
                            .filter(m -> m.version() > current)
                            .concatMap(m -> run.apply(m.sql().replace("${schema}", schema))
                                    .then(new Statements().append("INSERT INTO " + schema + ".schema_version (version, description) VALUES (")
                                            .param(m.version(), Integer.class).append(", ").param(m.description()).append(")").run(c))
                                    .doOnSuccess(v -> applied.add(m.version())))
                            .then();
                })
                .then(Mono.defer(() -> Mono.from(c.commitTransaction())))
                .then(Mono.fromSupplier(() -> List.copyOf(applied)))
                .onErrorResume(e -> Mono.from(c.rollbackTransaction()).onErrorResume(x -> Mono.empty()).then(Mono.error(e)));
    }

    /** A database whose schema is newer than this code: it must not be written by it. */
    public static final class SchemaTooNew extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int found;

        public SchemaTooNew(int found, int known) {
            super("the database's contactkit schema is at version " + found + ", newer than this contactkit knows (" + known
                    + "): upgrade contactkit before using this database");
            this.found = found;
        }

        public int found() {
            return found;
        }
    }

    private static List<Migration> load() {
        List<Migration> out = new ArrayList<>();
        for (String line : resource("index").split("\n")) {
            String name = line.strip();
            if (name.isEmpty()) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException("bad migration name " + name);
            }
            int version = Integer.parseInt(m.group(1));
            if (version != out.size() + 1) {
                throw new IllegalStateException("migrations must be numbered 1, 2, 3, ...: " + name);
            }
            out.add(new Migration(version, m.group(2).replace('_', ' '), resource(name)));
        }
        return List.copyOf(out);
    }

    private static String resource(String name) {
        try (InputStream in = Migrator.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
