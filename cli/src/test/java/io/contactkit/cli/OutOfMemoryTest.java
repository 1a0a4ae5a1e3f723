package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        Cli.Forked run = Cli.fork(List.of("-Xmx24m"), dir.resolve("run.log"), 120, "dedupe", "--output", out.toString(), input.toString());
        assertTrue(run.ended(), "the run ended");
        String said = run.said();
        assertEquals(1, run.status(), said);
        assertTrue(said.startsWith("contactkit: out of memory: this run needs more than the JVM's heap of "), said);
        assertTrue(said.contains("CONTACTKIT_JAVA_OPTS=-Xmx4g") && said.strip().endsWith("no output file was written"), said.replace("\n", "<LF>"));
        assertFalse(said.contains("\tat "), "no stack trace: " + said);
        assertFalse(Files.exists(out));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith(".")).toList(), "no temporary file left: " + said);
        }
    }
}
