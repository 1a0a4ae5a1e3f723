package io.contactkit.benchmarks;

import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.Deduplicator;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.PhoneCheck;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import io.contactkit.domain.Violation;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The deduplication engine on {@link RecordGenerator} records, one operation being a whole run over
 * all records (so records per second is {@code records / (ms/op / 1000)}), for each strategy on the
 * bulk path ({@link Deduplicator#apply}), for {@code merge} on the full path too (every audit entry
 * and every surviving contact built), next to
 * the same clustering done by JGraphT's {@link ConnectivityInspector} (identifiers as vertices, each
 * record's identifiers joined by edges; the connected components are exactly the contacts of a
 * {@code merge} run). Single thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class DedupBenchmark {

    static final Instant AS_OF = Instant.parse("2026-01-01T00:00:00Z");

    /** The generated records, shared by every benchmark method. */
    @State(Scope.Benchmark)
    public static class Input {
        @Param("1000000")
        public int records;

        @Param("42")
        public long seed;

        List<List<Identifier>> identifiers;

        @Setup(Level.Trial)
        public void generate() {
            identifiers = RecordGenerator.generate(records, seed);
        }
    }

    /** The records as commands of one strategy. */
    @State(Scope.Benchmark)
    public static class Commands {
        @Param({"strict_alias", "first_alias", "first", "merge"})
        public String strategy;

        UpsertCommand[] commands;

        @Setup(Level.Trial)
        public void build(Input input) {
            commands = commands(input.identifiers, Strategy.parse(strategy).orElseThrow());
        }
    }

    /** The records as {@code merge} commands, for the full-path benchmark. */
    @State(Scope.Benchmark)
    public static class MergeCommands {
        UpsertCommand[] commands;

        @Setup(Level.Trial)
        public void build(Input input) {
            commands = commands(input.identifiers, Strategy.MERGE);
        }
    }

    /** Builds one command per record; the identifiers are canonical, so building does not change them. */
    static UpsertCommand[] commands(List<List<Identifier>> records, Strategy strategy) {
        return commands(records, strategy, false);
    }

    private static final String[] FIRST_NAMES = {"Ana", "Bo", "Chen", "Dana", "Émile", "Farah", "Gus", "Hana", "Ivo", "Jun"};
    private static final String[] LAST_NAMES = {"Adams", "Brown", "Castro", "Dubois", "Evans", "Fischer", "García", "Hughes"};
    private static final String[] CITIES = {"Austin", "Boston", "Chicago", "Denver", "El Paso", "Fresno", "Miami"};

    /**
     * As {@link #commands(List, Strategy)}; with {@code attributes}, each command also sets a first name, last name
     * and city, as a {@code crm} file's columns do in the command line (for {@link EngineAB}).
     */
    static UpsertCommand[] commands(List<List<Identifier>> records, Strategy strategy, boolean attributes) {
        IdentifierPolicy policy = IdentifierPolicy.builder().phoneCheck(PhoneCheck.POSSIBLE).build();
        UpsertCommand[] out = new UpsertCommand[records.size()];
        for (int i = 0; i < out.length; i++) {
            UpsertCommand.Builder b = UpsertCommand.builder().strategy(strategy);
            for (Identifier id : records.get(i)) {
                b.identifier(id);
            }
            if (attributes) {
                b.set("firstName", FIRST_NAMES[i % FIRST_NAMES.length]).set("lastName", LAST_NAMES[(i / 7) % LAST_NAMES.length])
                        .set("city", CITIES[(i / 3) % CITIES.length]);
            }
            Validation<Seq<Violation>, UpsertCommand> built = b.build(policy);
            if (built.isInvalid()) {
                throw new IllegalStateException("generated record " + i + " is invalid: " + built.getError());
            }
            out[i] = built.get();
        }
        return out;
    }

    /** One engine run over all records. */
    @Benchmark
    public Deduplicator engine(Commands c) {
        return run(c.commands);
    }

    /**
     * The whole job of a {@code merge} deduplication on the full path: every record's {@link AuditEntry}
     * built, then every surviving contact built with its source records (what the JGraphT baseline's
     * {@code connectedSets()} materializes, and more).
     */
    @Benchmark
    public void engineAuditedWithContacts(MergeCommands c, Blackhole sink) {
        Deduplicator d = runAudited(c.commands, sink::consume);
        d.forEachContact(sink::consume);
    }

    /** The same clustering with JGraphT: build the identifier graph, then its connected components. */
    @Benchmark
    public int jgraphtConnectivity(Input input) {
        return jgraphtClusters(input.identifiers);
    }

    /** How many records the bulk path reads ahead for at once ({@link Deduplicator#prefetch}). */
    static final int PREFETCH = 16;

    /**
     * The bulk path: each record's action, its audit entry kept for {@link Deduplicator#lastEntry()}
     * but not built; every {@link #PREFETCH} records, what they will read is read ahead first.
     */
    static Deduplicator run(UpsertCommand[] commands) {
        Deduplicator d = new Deduplicator("bench", AS_OF, commands.length);
        for (int i = 0; i < commands.length; i += PREFETCH) {
            int to = Math.min(commands.length, i + PREFETCH);
            d.prefetch(commands, i, to);
            for (int j = i; j < to; j++) {
                d.apply(j + 1, commands[j]);
            }
        }
        return d;
    }

    /** The full path: every record's {@link AuditEntry} built and handed to {@code audit}. */
    static Deduplicator runAudited(UpsertCommand[] commands, Consumer<AuditEntry> audit) {
        Deduplicator d = new Deduplicator("bench", AS_OF, commands.length);
        for (int i = 0; i < commands.length; i++) {
            audit.accept(d.accept(i + 1, commands[i]));
        }
        return d;
    }

    static int jgraphtClusters(List<List<Identifier>> records) {
        Graph<Identifier, DefaultEdge> g = new SimpleGraph<>(DefaultEdge.class);
        for (List<Identifier> record : records) {
            Identifier first = record.get(0);
            g.addVertex(first);
            for (int i = 1; i < record.size(); i++) {
                Identifier next = record.get(i);
                g.addVertex(next);
                g.addEdge(first, next);
            }
        }
        return new ConnectivityInspector<>(g).connectedSets().size();
    }
}
