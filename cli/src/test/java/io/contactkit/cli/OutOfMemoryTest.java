package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose input needs more than the heap ends with a line saying so and how to give more, not a stack trace or a hang. */
class OutOfMemoryTest {

    @TempDir
    Path dir;

    @Test
    void aDedupeBeyondTheHeapSaysSoAndLeavesNoOutput() throws Exception {
        Path input = dir.resolve("big.csv");
        assertEquals(0, Cli.run("generate", "--rows", "200000", "--seed", "3", "--output", input.toString()).status());
        Path out = dir.resolve("contacts.ndjson");
        Path log = dir.resolve("run.log");
        List<String> command = List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java", "-Xmx24m",
                "-cp", System.getProperty("java.class.path"), "io.contactkit.cli.Main", "dedupe", "--output", out.toString(), input.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run ended");
        String said = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), said);
        assertTrue(said.startsWith("contactkit: out of memory: this run needs more than the JVM's heap of "), said);
        assertTrue(said.contains("CONTACTKIT_JAVA_OPTS=-Xmx4g") && said.strip().endsWith("no output file was written"), said.replace("\n", "<LF>"));
        assertFalse(said.contains("\tat "), "no stack trace: " + said);
        assertFalse(Files.exists(out));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith(".")).toList(), "no temporary file left: " + said);
        }
    }
}
