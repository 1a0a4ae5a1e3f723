package io.contactkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dedupe --engine spark --master X} with a master Spark cannot parse, or in a JVM whose heap is too small for Spark:
 * one line that names {@code --master} and the forms Spark takes (or how to give the JVM more heap), status 1, no stack
 * trace and no library chatter. In a JVM of its own, with the launcher's logging configuration and this JVM's options (those
 * the launcher gives Spark): in this JVM a context already runs, and Spark would hand that one back whatever the master.
 * Masters refused before any context starts are tried in this JVM.
 */
class SparkMasterTest {

    @TempDir
    Path dir;

    @Test
    void aMasterSparkCannotParseIsOneLine() throws Exception {
        Path out = dir.resolve("contacts.ndjson");
        assertEquals(List.of("contactkit: dedupe --engine spark: --master 'bogus': not a master Spark knows: use local, local[N] or"
                + " local[*] to run on this machine, or a cluster's master URL (spark://HOST:PORT, yarn, k8s://https://HOST:PORT)"),
                runAlone(List.of(), "--master", "bogus", "--output", out.toString()));
        assertFalse(Files.exists(out));
    }

    @Test
    void aHeapTooSmallForSparkIsOneLineThatSaysHowToGiveMore() throws Exception {
        // Spark's own failure named spark-submit's --driver-memory, over two lines
        Path out = dir.resolve("contacts.ndjson");
        List<String> said = runAlone(List.of("-Xmx200m"), "--master", "local[2]", "--output", out.toString());
        assertEquals(1, said.size(), String.join("\n", said));
        assertTrue(said.get(0).matches("contactkit: dedupe --engine spark: this JVM's heap of \\d+ MB is below the 450 MB Spark needs at"
                + " least: give it more with CONTACTKIT_JAVA_OPTS, e.g. CONTACTKIT_JAVA_OPTS=-Xmx2g \\(with spark-submit: --driver-memory 2g\\)"),
                said.get(0));
        assertFalse(Files.exists(out));
    }

    /**
     * {@code dedupe --engine spark} with these options on a small input, in a JVM of its own with these JVM options too,
     * which is to fail with status 1. @return the lines it wrote, Java's note of its incubator modules aside
     */
    private List<String> runAlone(List<String> jvmOptions, String... options) throws Exception {
        Path input = Runs.write(dir, "contacts.csv", Inputs.giant(20, 3));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("--add-") || option.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || option.startsWith("-Dslf4j.")
                    || option.startsWith("-Djdk.reflect.") || option.startsWith("-Dio.netty.")) {
                command.add(option);
            }
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dlog4j2.configurationFile=" + Path.of("src/main/launcher/log4j2.properties").toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), "io.contactkit.cli.Main", "dedupe", "--engine", "spark"));
        command.addAll(List.of(options));
        command.add(input.toString());
        Path log = dir.resolve("run.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the run did not end");
        String said = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), said);
        return said.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"local[0]", "local[0,3]", "yarn", "k8s://https://127.0.0.1:6443"})
    void aMasterThatCannotRunFromHereIsOneLineBeforeAnyContextStarts(String master) {
        // Spark parses these, then fails with an exception of its own (local[0], local[0,3]) or, without its YARN or
        // Kubernetes support on the class path, calls them masters it cannot parse; said before a context starts, so the
        // test runs in this JVM, whatever context it holds
        Path input = Runs.write(dir, "contacts.csv", Inputs.giant(20, 3));
        Path out = dir.resolve("contacts.ndjson");
        Runs.Run run = Runs.main("dedupe", "--engine", "spark", "--master", master, "--output", out.toString(), input.toString());
        assertEquals(1, run.status(), run.err());
        String why = master.startsWith("local") ? "local[N] runs N tasks at once: give N of 1 or more, or local[*] for one per core"
                : "Spark's support for " + (master.equals("yarn") ? "YARN" : "Kubernetes") + " is not on this class path (the launcher"
                + " brings Spark's core and SQL only): submit the tool with spark-submit --master " + master + " (see the README)";
        assertEquals("contactkit: dedupe --engine spark: --master '" + master + "': " + why, run.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aStandaloneMasterThatDoesNotAnswerIsOneLineAtOnce() throws Exception {
        // Spark would try to register for a minute, stop the context, start another, try again and fail on the stopped one
        int closed;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        Path input = Runs.write(dir, "contacts.csv", Inputs.giant(20, 3));
        Path out = dir.resolve("contacts.ndjson");
        String master = "spark://127.0.0.1:" + closed + ",no-such-host.invalid:7077";
        long t0 = System.nanoTime();
        Runs.Run run = Runs.main("dedupe", "--engine", "spark", "--master", master, "--output", out.toString(), input.toString());
        assertEquals(1, run.status(), run.err());
        assertEquals("contactkit: dedupe --engine spark: --master '" + master + "': no master answers there (127.0.0.1:" + closed
                + ": Connection refused; no-such-host.invalid:7077: unknown host): start the master, or give its URL as its web page"
                + " shows it (spark://HOST:7077)", run.err());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30), "not at once");
        assertFalse(Files.exists(out));
        Runs.Run portless = Runs.main("dedupe", "--engine", "spark", "--master", "spark://7077", "--output", out.toString(), input.toString());
        assertEquals(1, portless.status(), portless.err());
        assertEquals("contactkit: dedupe --engine spark: --master 'spark://7077': '7077' is not HOST:PORT: give each master as its web page"
                + " shows it (spark://HOST:7077)", portless.err());
    }
}
