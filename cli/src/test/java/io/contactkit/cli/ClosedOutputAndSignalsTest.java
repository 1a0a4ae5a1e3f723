package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a child process, as a user runs the tool: a closed standard output ends a command at once,
 * silently, with status 141 and no output file; SIGINT and SIGTERM leave no temporary file.
 */
class ClosedOutputAndSignalsTest {

    @TempDir
    Path dir;

    @Test
    void generateIntoHeadStopsQuietly() throws Exception {
        Process p = SimulateCommandTest.start(Map.of(), "generate", "--rows", "50000000", "--seed", "3");
        CompletableFuture<String> err = drain(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertNotNull(out.readLine(), "the header");
        out.close();                                                   // what head -1 does after its line
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stopped instead of generating 50 million rows");
        assertEquals(141, p.exitValue());
        assertEquals("", err.get());
    }

    @Test
    void syncStopsReadingItsInputWhenNobodyReadsItsResults() throws Exception {
        Process p = SimulateCommandTest.start(Map.of(), "sync", "--provider", "memory", "--workspace", "ws", "-");
        CompletableFuture<String> err = drain(p);
        p.getInputStream().close();
        long fed = 0;
        try (OutputStream in = p.getOutputStream()) {
            in.write("email,firstName\n".getBytes(StandardCharsets.UTF_8));
            for (; fed < 20_000_000; fed++) {                          // far more than a pipe holds
                in.write(("user" + fed + "@example.com,Ann\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException expected) {
            // the tool stopped reading and went away
        }
        assertTrue(fed < 20_000_000, "the input was read to its end although the results had nowhere to go");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(141, p.exitValue());
        assertEquals("", err.get());
    }

    @Test
    void dedupeCommitsNoOutputFileWhenStandardOutputIsClosed() throws Exception {
        Path rejects = dir.resolve("rejects.ndjson");
        Process p = SimulateCommandTest.start(Map.of(), "dedupe", "--rejects", rejects.toString(), DedupeCommandTest.EXAMPLE);
        CompletableFuture<String> err = drain(p);
        p.getInputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(141, p.exitValue());
        assertEquals("", err.get(), "no message, no summary");
        assertEquals(List.of(), files(), "neither the rejects nor a temporary file");
    }

    @Test
    void sigtermLeavesNoTemporaryFile() throws Exception {
        stoppedMidRun(Process::destroy, 143);
    }

    @Test
    void sigintLeavesNoTemporaryFile() throws Exception {
        stoppedMidRun(SimulateCommandTest::interrupt, 130);
    }

    private interface Stop {
        void stop(Process p) throws Exception;
    }

    private void stoppedMidRun(Stop stop, int status) throws Exception {
        Path output = dir.resolve("out.ndjson");
        Process p = SimulateCommandTest.start(Map.of(), "dedupe", "--output", output.toString(),
                "--rejects", dir.resolve("rejects.ndjson").toString(), "-");
        CompletableFuture<String> err = drain(p);
        OutputStream in = p.getOutputStream();
        in.write("email,firstName\nann@example.com,Ann\n".getBytes(StandardCharsets.UTF_8));
        in.flush();                                                    // and the input stays open: the run waits for more
        for (int i = 0; i < 600 && files().size() < 2; i++) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        assertEquals(2, files().size(), "both outputs are being written to temporary files: " + files());
        stop.stop(p);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(status, p.exitValue(), err.get());
        assertEquals(List.of(), files(), "no temporary file left behind");
        in.close();
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static CompletableFuture<String> drain(Process p) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
    }
}
