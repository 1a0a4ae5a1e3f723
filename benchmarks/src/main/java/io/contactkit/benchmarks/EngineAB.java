package io.contactkit.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The engine's bulk path ({@link DedupBenchmark#run}) of two builds in one JVM, in turn, for an A/B
 * comparison on a shared machine: each build is loaded from its own class path (a
 * {@code benchmarks.jar}, or a folder of domain classes in front of one) into a class loader of its
 * own, the records are generated and turned into commands once per build, then the two builds run
 * one whole pass each, alternating which goes first, with a collection before every pass. Whatever
 * the neighbours do to the machine, they do it to both builds alike. Prints per build the median,
 * min and max of the run thread's CPU time and of the wall time over all passes but the first two
 * (warm-up), and each build's summary line, which must be equal.
 *
 * <pre>
 * java -Xms8g -Xmx8g -cp benchmarks.jar io.contactkit.benchmarks.EngineAB merge 16 before/benchmarks.jar after/benchmarks.jar
 * </pre>
 *
 * <p>A fifth argument, {@code attributes}, gives every command three text attributes as the command
 * line's {@code crm} files do ({@link DedupBenchmark#commands(List, io.contactkit.domain.Strategy, boolean)});
 * each class path then needs this module's classes in front (for example
 * {@code benchmarks/target/classes:before/benchmarks.jar}), since an older build may not have that method.
 */
public final class EngineAB {

    private static final int RECORDS = 1_000_000;
    private static final int WARM_UP = 2;

    private EngineAB() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 && !(args.length == 5 && args[4].equals("attributes"))) {
            System.err.println("usage: EngineAB <strategy> <rounds> <class path A> <class path B> [attributes]");
            System.exit(2);
        }
        String strategy = args[0];
        int rounds = Integer.parseInt(args[1]);
        if (rounds <= WARM_UP) {
            throw new IllegalArgumentException("rounds must be more than the " + WARM_UP + " warm-up rounds");
        }
        Object[] commands = new Object[2];
        Method[] run = new Method[2];
        for (int k = 0; k < 2; k++) {
            List<URL> urls = new ArrayList<>();
            for (String part : args[2 + k].split(":")) {
                urls.add(Paths.get(part).toUri().toURL());
            }
            ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
            Class<?> generator = loader.loadClass(RecordGenerator.class.getName());
            Class<?> bench = loader.loadClass(DedupBenchmark.class.getName());
            Class<?> strategies = loader.loadClass("io.contactkit.domain.Strategy");
            Object input = generator.getMethod("generate", int.class, long.class).invoke(null, RECORDS, 42L);
            Object parsed = ((Optional<?>) strategies.getMethod("parse", String.class).invoke(null, strategy)).orElseThrow();
            boolean attributes = args.length == 5;
            Method build = attributes ? bench.getDeclaredMethod("commands", List.class, strategies, boolean.class)
                    : bench.getDeclaredMethod("commands", List.class, strategies);
            build.setAccessible(true);
            commands[k] = attributes ? build.invoke(null, input, parsed, true) : build.invoke(null, input, parsed);
            run[k] = bench.getDeclaredMethod("run", commands[k].getClass());
            run[k].setAccessible(true);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<List<Double>> cpu = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<Double>> wall = List.of(new ArrayList<>(), new ArrayList<>());
        String[] summary = new String[2];
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < 2; j++) {
                int k = (r & 1) == 0 ? j : 1 - j;
                System.gc();
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                Object dedup = run[k].invoke(null, commands[k]);
                long ns = System.nanoTime() - t0;
                long cpuNs = threads.getCurrentThreadCpuTime() - c0;
                summary[k] = dedup.getClass().getMethod("summary").invoke(dedup).toString();
                if (r >= WARM_UP) {
                    cpu.get(k).add(cpuNs / 1e6);
                    wall.get(k).add(ns / 1e6);
                }
            }
        }
        for (int k = 0; k < 2; k++) {
            List<Double> c = cpu.get(k);
            List<Double> w = wall.get(k);
            Collections.sort(c);
            Collections.sort(w);
            System.out.printf("%s: thread CPU median %.0f ms (min %.0f, max %.0f), wall median %.0f ms (min %.0f, max %.0f), %d passes; %s%n",
                    k == 0 ? "A" : "B", c.get(c.size() / 2), c.get(0), c.get(c.size() - 1), w.get(w.size() / 2), w.get(0),
                    w.get(w.size() - 1), c.size(), summary[k]);
        }
    }
}
