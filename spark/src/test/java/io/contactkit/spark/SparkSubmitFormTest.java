package io.contactkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code spark-submit} form works as written: {@code org.apache.spark.deploy.SparkSubmit}
 * (what {@code spark-submit} runs) in a child JVM with a local master, the README's class, its
 * {@code --jars} list made from {@code target/launcher/classpath-runtime} the way the README's
 * pipeline makes it, and its application jar {@code target/contactkit-spark.jar}. Runs after
 * {@code package} (those files are built there), in the build's {@code integration-test} phase.
 *
 * <p>The child's own class path stands for a Spark installation: this module's compile class path
 * (Spark included) without any contactkit artifact, so the tool's classes can come only from what the
 * README passes. Its JVM options are {@code target/launcher/jvm-options}, which {@code spark-submit}'s
 * launcher puts on the driver's command line from {@code spark.driver.extraJavaOptions} in client mode.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SparkSubmitFormTest {

    private static final Path TARGET = Path.of("target");

    @TempDir
    Path dir;

    @Test
    void theReadmesSparkSubmitFormDeduplicatesAFile() throws Exception {
        // in the test phase the jar is missing, or left from an earlier build: only the run after package means anything
        Assumptions.assumeTrue(Boolean.getBoolean("contactkit.packaged"), "runs in the integration-test phase, after package");
        Path input = Runs.write(dir, "contacts.csv", Inputs.giant(300, 11));
        Runs.Run memory = Runs.dedupe(dir, input.toString(), "--strategy", "merge", "--region", "US");

        String options = Files.readString(TARGET.resolve("launcher/jvm-options")).strip();
        // the README: --jars "$(tr ':' '\n' < spark/target/launcher/classpath-runtime | grep -v /org/apache/spark/ | paste -sd,)"
        List<String> jars = new ArrayList<>();
        for (String entry : classPath("classpath-runtime")) {
            if (!entry.contains("/org/apache/spark/")) {
                jars.add(entry);
            }
        }
        List<String> spark = new ArrayList<>();
        for (String entry : classPath("classpath-compile")) {
            if (!isContactkit(entry)) {
                spark.add(entry);
            }
        }
        Path out = dir.resolve("out");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(options.split("\\s+")));
        command.addAll(List.of("-Xmx1g", "-cp", String.join(File.pathSeparator, spark), "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]", "--class", "io.contactkit.cli.Main",
                "--conf", "spark.driver.extraJavaOptions=" + options,
                "--conf", "spark.executor.extraJavaOptions=" + options,
                "--conf", "spark.ui.enabled=false",
                "--jars", String.join(",", jars),
                TARGET.resolve("contactkit-spark.jar").toString(),
                "dedupe", "--engine", "spark", "--strategy", "merge", "--region", "US", "--output-dir", out.toString(), input.toString()));
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(err.toFile()).start();
        assertTrue(p.waitFor(8, TimeUnit.MINUTES), "spark-submit did not finish");
        String log = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), log);
        assertEquals(memory.contacts(), Runs.parts(out.resolve("contacts")), log);
        assertEquals(memory.rejects(), Runs.parts(out.resolve("rejects")), log);
        assertTrue(log.contains(memory.summary() + " components="), log);
    }

    private static List<String> classPath(String file) throws IOException {
        return Arrays.asList(Files.readString(TARGET.resolve("launcher").resolve(file)).strip().split(File.pathSeparator));
    }

    /** This project's own artifacts: jars named contactkit-*, and class folders of the build. */
    private static boolean isContactkit(String entry) {
        String name = Path.of(entry).getFileName().toString();
        return name.startsWith("contactkit-") || entry.contains("/io/contactkit/") || name.equals("classes");
    }
}
