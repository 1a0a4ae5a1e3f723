package io.contactkit.adapter.postgres;

import io.contactkit.api.ContactKit;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Upserts per second through the facade into the PostgreSQL store, next to a floor measured in the
 * same run: as many plain single-statement INSERT round trips through r2dbc at the same concurrency.
 * A harness, not a test: {@code java -cp <test classpath> io.contactkit.adapter.postgres.StoreBench [commands]}.
 */
public final class StoreBench {

    private StoreBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        PostgresSettings base = TestDatabase.freshSchema();
        try (PostgresContactProvider store = new PostgresContactProvider(base)) {
            store.migrate().block();
        }
        System.out.println("server: " + base.describe() + ", " + n + " commands per figure");
        System.out.println("| concurrency | identifiers | store upserts/s | floor INSERTs/s | ratio |");
        System.out.println("|---|---|---|---|---|");
        for (int c : new int[] {1, 16, 64}) {
            for (boolean overlap : new boolean[] {false, true}) {
                PostgresSettings s = base.toBuilder().poolInitialSize(Math.min(c, 32)).poolMaxSize(Math.min(c, 32)).build();
                double floor = floor(s, n, c);
                double store = store(s, n, c, overlap);
                System.out.printf("| %d | %s | %.0f | %.0f | %.2f |%n", c, overlap ? "10% overlap" : "distinct", store, floor, store / floor);
            }
        }
        System.exit(0);
    }

    static double store(PostgresSettings s, int n, int concurrency, boolean overlap) {
        Random random = new Random(42);
        String run = Long.toString(System.nanoTime(), 36);
        List<UpsertCommand> commands = new ArrayList<>(n);
        for (int i = 0; i < n + n / 4; i++) {
            UpsertCommand.Builder b = UpsertCommand.builder().identifier("emailaddress", "p" + i + "-" + run + "@example.test").set("n", "v" + i);
            if (overlap && i > 0 && random.nextInt(10) == 0) {
                b.identifier("emailaddress", "p" + random.nextInt(i) + "-" + run + "@example.test");
            }
            commands.add(b.build(IdentifierPolicy.defaults()).get());
        }
        try (PostgresContactProvider store = new PostgresContactProvider(s);
             ContactKit kit = ContactKit.builder().provider(store).concurrency(concurrency).build()) {
            store.migrate().block();
            String ws = "bench-" + run;
            // warm-up: the first quarter
            kit.upsertAll(ws, Flux.fromIterable(commands.subList(0, n / 4)), c -> c, concurrency).blockLast();
            long t0 = System.nanoTime();
            long ok = kit.upsertAll(ws, Flux.fromIterable(commands.subList(n / 4, commands.size())), c -> c, concurrency)
                    .filter(r -> r.succeeded()).count().block();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (ok < n * 0.99) {
                throw new IllegalStateException("only " + ok + " of " + n + " upserts succeeded");
            }
            return n / seconds;
        }
    }

    static double floor(PostgresSettings s, int n, int concurrency) {
        PostgresqlConnectionConfiguration.Builder b = PostgresqlConnectionConfiguration.builder().host(s.host()).port(s.port())
                .database(s.database()).username(s.user());
        s.password().ifPresent(p -> b.password(p.reveal()));
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(new PostgresqlConnectionFactory(b.build()))
                .initialSize(s.poolInitialSize()).maxSize(s.poolMaxSize()).build());
        try {
            String table = s.schema() + ".bench_floor";
            Mono.usingWhen(pool.create(), c -> Mono.from(c.createStatement("CREATE TABLE IF NOT EXISTS " + table
                    + " (id bigserial PRIMARY KEY, k text NOT NULL, v text NOT NULL)").execute()).flatMap(r -> Mono.from(r.getRowsUpdated())),
                    Connection::close).block();
            Flux.range(0, n / 4).flatMap(i -> insert(pool, table, i), concurrency).blockLast();
            long t0 = System.nanoTime();
            Flux.range(0, n).flatMap(i -> insert(pool, table, i), concurrency).blockLast();
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.dispose();
        }
    }

    private static Mono<Long> insert(ConnectionPool pool, String table, int i) {
        return Mono.usingWhen(pool.create(), c -> Mono.from(c.createStatement("INSERT INTO " + table + " (k, v) VALUES ($1, $2)")
                .bind(0, "emailaddress").bind(1, "p" + i + "@example.test").execute()).flatMap(r -> Mono.from(r.getRowsUpdated())), Connection::close);
    }
}
