package io.contactkit.benchmarks;

import io.contactkit.domain.Deduplicator;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import java.util.List;

/**
 * A quick single-shot run of the engine outside JMH, for profiling (for example under
 * {@code -XX:StartFlightRecording}): {@code EngineRun <records> <strategy|jgrapht> <runs>}.
 */
public final class EngineRun {

    private EngineRun() {
    }

    private static long gcMillis() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static long heapAfterGc() {
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    public static void main(String[] args) {
        int records = Args.integer(args, 0, 1_000_000);
        String mode = args.length > 1 ? args[1] : "merge";
        int runs = Args.integer(args, 2, 5);
        List<List<Identifier>> input = RecordGenerator.generate(records, 42);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        if (mode.equals("jgrapht")) {
            for (int r = 0; r < runs; r++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long g0 = gcMillis();
                long t0 = System.nanoTime();
                int clusters = DedupBenchmark.jgraphtClusters(input);
                long ns = System.nanoTime() - t0;
                System.out.printf("jgrapht run %d: %.0f ms (thread CPU %.0f ms, GC %d ms), %.0f records/s, clusters=%d%n", r + 1, ns / 1e6,
                        (threads.getCurrentThreadCpuTime() - c0) / 1e6, gcMillis() - g0, records / (ns / 1e9), clusters);
            }
            return;
        }
        // "merge" runs the bulk path (Deduplicator.apply); "merge+audit" builds every record's audit entry (accept)
        boolean audited = mode.endsWith("+audit");
        Strategy strategy = Strategy.parse(audited ? mode.substring(0, mode.length() - "+audit".length()) : mode).orElseThrow();
        UpsertCommand[] commands = DedupBenchmark.commands(input, strategy);
        long before = heapAfterGc();
        Deduplicator last = null;
        for (int r = 0; r < runs; r++) {
            long a0 = threads.getCurrentThreadAllocatedBytes();
            long c0 = threads.getCurrentThreadCpuTime();
            long g0 = gcMillis();
            long t0 = System.nanoTime();
            long[] sink = {0};
            Deduplicator d = audited ? DedupBenchmark.runAudited(commands, e -> sink[0] += e.record()) : DedupBenchmark.run(commands);
            long ns = System.nanoTime() - t0;
            long cpu = threads.getCurrentThreadCpuTime() - c0;
            long gc = gcMillis() - g0;
            long bytes = threads.getCurrentThreadAllocatedBytes() - a0;
            System.out.printf("%s run %d: %.0f ms (thread CPU %.0f ms, GC %d ms), %.0f records/s, %.0f bytes allocated/record, %s%n",
                    mode, r + 1, ns / 1e6, cpu / 1e6, gc, records / (ns / 1e9), (double) bytes / records, d.summary());
            last = d;
        }
        if (last != null) {
            // what one run's engine keeps (index, arena, contacts, record bookkeeping) once the garbage is gone
            long retained = heapAfterGc() - before;
            System.out.printf("%s: heap retained by the last run's engine after GC: %.1f MB (%.0f bytes per record), %d contacts%n",
                    mode, retained / 1e6, (double) retained / records, last.summary().contacts());
        }
    }
}
