package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.cli.internal.Io;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress bar appears only on a terminal; a file-level problem during sync is one line too. */
class TerminalAndStreamsTest {

    @TempDir
    Path dir;

    @Test
    void aTerminalGetsAProgressBarAndStillEndsWithTheSummary() throws IOException {
        Path in = dir.resolve("g.csv");
        assertEquals(0, Cli.run("generate", "--rows", "30000", "--seed", "5", "--output", in.toString()).status());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = Main.run(new Io(new ByteArrayInputStream(new byte[0]), out, errStream, Map.of(), true),
                "dedupe", "--region", "US", "--output", dir.resolve("out.ndjson").toString(), in.toString());
        assertEquals(0, status);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("dedupe") && text.contains("records"), "a progress bar was drawn: " + text);
        String[] lines = text.split("\n");
        assertTrue(lines[lines.length - 1].startsWith("records=30000 "), "the summary is the last line: " + text);
        assertEquals("", out.toString(StandardCharsets.UTF_8));

        Cli.Result plain = Cli.run("dedupe", "--region", "US", "--output", dir.resolve("out2.ndjson").toString(), in.toString());
        // no progress when standard error is not a terminal: only the rejects' count (no --rejects here) and the summary
        assertFalse(plain.err().contains("\r"), plain.err());
        assertEquals(2, plain.errLines().size(), "no progress when standard error is not a terminal: " + plain.err());
        assertTrue(plain.errLines().get(0).startsWith("contactkit: 243 rejected records not kept"), plain.err());
        assertTrue(plain.errLines().get(1).startsWith("records=30000 "), plain.err());
    }

    @Test
    void syncStopsWithOneLineOnAFileLevelProblem() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.write(bad, "email\nann@example.com\nbob@example.com\n\"carl@example.com\n".getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("results.ndjson");
        Cli.Result r = Cli.run(Map.of(), "", "sync", "--provider", "memory", "--workspace", "ws", "--output", out.toString(), bad.toString());
        assertEquals(1, r.status());
        assertEquals(List.of("contactkit: " + bad + ": record 3 (line 4): unterminated quoted field (a quote opened and never closed)"), r.errLines());
        assertTrue(Files.notExists(out), "no half-written results file");
    }
}
