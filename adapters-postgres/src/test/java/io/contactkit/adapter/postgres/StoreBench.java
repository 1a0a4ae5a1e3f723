package io.contactkit.adapter.postgres;

import io.contactkit.api.ContactKit;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Upserts per second through the facade into the PostgreSQL store, next to a floor measured in the
 * same run: as many plain single-statement INSERT round trips through r2dbc at the same concurrency.
 * A harness, not a test: {@code java -cp <test classpath> io.contactkit.adapter.postgres.StoreBench [commands [rounds [concurrency...]]]}.
 *
 * <p>Both sides are warmed up first (the JIT), then every figure alternates floor and store rounds
 * so that a change in the machine's load hits both alike; a figure is all its rounds' operations over
 * all their time. Next to each figure: the load average, and the CPU time per operation of this JVM
 * (client) and of the PostgreSQL server's processes (when the server is local), which says where the
 * time goes.
 */
public final class StoreBench {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final long TICK_NANOS = 10_000_000L;   // USER_HZ = 100 on Linux

    private StoreBench() {
    }

    /** Operations, wall time and CPU time (client, server) of some rounds. */
    private static final class Tally {
        long ops;
        long nanos;
        long clientCpu;
        long serverCpu;

        void add(long o, long n, long c, long s) {
            ops += o;
            nanos += n;
            clientCpu += c;
            serverCpu += s;
        }

        double perSecond() {
            return ops / (nanos / 1e9);
        }

        String cpu() {
            return String.format("%.0f / %s", clientCpu / 1e3 / ops, serverCpu < 0 ? "?" : String.format("%.0f", serverCpu / 1e3 / ops));
        }
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int[] levels = args.length > 2 ? java.util.Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {1, 16, 64};
        PostgresSettings base = TestDatabase.freshSchema();
        Path postmaster;
        try (PostgresContactProvider store = new PostgresContactProvider(base)) {
            store.migrate().block();
        }
        postmaster = postmasterPid();
        System.out.println("server: " + base.describe() + ", " + n + " commands per round, " + rounds + " rounds per figure; "
                + "CPU in microseconds per operation, client / server");
        // the JIT: both paths once, untimed
        PostgresSettings warm = base.toBuilder().poolInitialSize(16).poolMaxSize(16).build();
        floor(warm, n, 16, new Tally(), postmaster);
        store(warm, n, 16, false, new Tally(), postmaster);
        store(warm, n, 16, true, new Tally(), postmaster);
        System.out.println("| concurrency | identifiers | store upserts/s | floor INSERTs/s | store / floor | store CPU µs/op | floor CPU µs/op | load |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int c : levels) {
            for (boolean overlap : new boolean[] {false, true}) {
                PostgresSettings s = base.toBuilder().poolInitialSize(Math.min(c, 32)).poolMaxSize(Math.min(c, 32)).build();
                Tally floor = new Tally();
                Tally store = new Tally();
                for (int r = 0; r < rounds; r++) {
                    floor(s, n, c, floor, postmaster);
                    store(s, n, c, overlap, store, postmaster);
                }
                System.out.printf("| %d | %s | %.0f | %.0f | %.2f | %s | %s | %s |%n", c, overlap ? "10% overlap" : "distinct",
                        store.perSecond(), floor.perSecond(), store.perSecond() / floor.perSecond(), store.cpu(), floor.cpu(), load());
            }
        }
        System.exit(0);
    }

    static void store(PostgresSettings s, int n, int concurrency, boolean overlap, Tally tally, Path postmaster) {
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
            // warm-up: the first quarter (fills the pool, and the table's recent pages)
            kit.upsertAll(ws, Flux.fromIterable(commands.subList(0, n / 4)), c -> c, concurrency).blockLast();
            long cpu0 = OS.getProcessCpuTime();
            long server0 = serverCpu(postmaster);
            long t0 = System.nanoTime();
            long ok = kit.upsertAll(ws, Flux.fromIterable(commands.subList(n / 4, commands.size())), c -> c, concurrency)
                    .filter(r -> r.succeeded()).count().block();
            long nanos = System.nanoTime() - t0;
            tally.add(n, nanos, OS.getProcessCpuTime() - cpu0, delta(server0, serverCpu(postmaster)));
            if (store.retries() > 0) {
                System.out.println("  (" + store.retries() + " transactions started over)");
            }
            if (ok < n * 0.99) {
                throw new IllegalStateException("only " + ok + " of " + n + " upserts succeeded");
            }
        }
    }

    static void floor(PostgresSettings s, int n, int concurrency, Tally tally, Path postmaster) {
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
            long cpu0 = OS.getProcessCpuTime();
            long server0 = serverCpu(postmaster);
            long t0 = System.nanoTime();
            Flux.range(0, n).flatMap(i -> insert(pool, table, i), concurrency).blockLast();
            long nanos = System.nanoTime() - t0;
            tally.add(n, nanos, OS.getProcessCpuTime() - cpu0, delta(server0, serverCpu(postmaster)));
        } finally {
            pool.dispose();
        }
    }

    private static Mono<Long> insert(ConnectionPool pool, String table, int i) {
        return Mono.usingWhen(pool.create(), c -> Mono.from(c.createStatement("INSERT INTO " + table + " (k, v) VALUES ($1, $2)")
                .bind(0, "emailaddress").bind(1, "p" + i + "@example.test").execute()).flatMap(r -> Mono.from(r.getRowsUpdated())), Connection::close);
    }

    private static long delta(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    private static String load() {
        return String.format("%.1f", OS.getSystemLoadAverage());
    }

    /** The server's postmaster.pid, when the server runs on this machine and lets us read it. */
    private static Path postmasterPid() {
        try (java.sql.Connection c = MigrationTest.jdbc(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet r = st.executeQuery("SHOW data_directory")) {
            r.next();
            Path pid = Path.of(r.getString(1), "postmaster.pid");
            return Files.isReadable(pid) ? pid : null;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * CPU time (nanoseconds) of the postmaster, its reaped children and its live children (the
     * backends); -1 when unknown.
     */
    private static long serverCpu(Path postmasterPid) {
        if (postmasterPid == null) {
            return -1;
        }
        try {
            String pid = Files.readAllLines(postmasterPid).get(0).strip();
            AtomicLong ticks = new AtomicLong();
            String[] own = stat(Path.of("/proc", pid, "stat"));
            // utime, stime, cutime, cstime: fields 14-17 (1-based)
            for (int f = 13; f <= 16; f++) {
                ticks.addAndGet(Long.parseLong(own[f]));
            }
            try (var procs = Files.list(Path.of("/proc"))) {
                procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                    String[] st = stat(p.resolve("stat"));
                    if (st != null && st[3].equals(pid)) {
                        ticks.addAndGet(Long.parseLong(st[13]) + Long.parseLong(st[14]));
                    }
                });
            }
            return ticks.get() * TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The fields of /proc/PID/stat after the command name (index 0 is the pid, as in the file). */
    private static String[] stat(Path file) {
        try {
            String text = Files.readString(file);
            int close = text.lastIndexOf(')');
            String[] rest = text.substring(close + 2).split(" ");
            String[] out = new String[rest.length + 2];
            out[0] = text.substring(0, text.indexOf(' '));
            out[1] = "comm";
            System.arraycopy(rest, 0, out, 2, rest.length);
            return out;
        } catch (IOException e) {
            return null;
        }
    }
}
