package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code contactkit simulate} in a process of its own: it prints its base URL, answers the CLI's own
 * sync and export, and stops with status 0 on Ctrl-C (SIGINT).
 */
class SimulateCommandTest {

    static Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("CONTACTKIT_BIRD_ACCESS_KEY");
        pb.environment().remove("CONTACTKIT_BIRD_ACCESS_TOKEN");
        pb.environment().remove("CONTACTKIT_BRIDGE_API_KEY");
        pb.environment().remove("CONTACTKIT_BRIDGE_SIGNING_SECRET");
        pb.environment().putAll(env);
        return pb.start();
    }

    static void interrupt(Process p) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    @Test
    void birdServesTheCliAndStopsCleanlyOnCtrlC() throws Exception {
        String key = "from-env-4c3b2a";
        Process p = start(Map.of("CONTACTKIT_BIRD_ACCESS_KEY", key), "simulate", "bird", "--port", "0", "--workspace", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String baseUrl = out.readLine();
            assertTrue(baseUrl != null && baseUrl.matches("http://127\\.0\\.0\\.1:\\d+"), "printed " + baseUrl);

            Map<String, String> env = Map.of("CONTACTKIT_BIRD_ACCESS_KEY", key);
            Cli.Result sync = Cli.run(env, "", "sync", "--provider", "bird", "--base-url", baseUrl, "--workspace", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                    DedupeCommandTest.EXAMPLE);
            assertEquals(0, sync.status(), sync.err());
            assertEquals("records=50 created=27 updated=17 failed=6", sync.summary());
            Cli.Result export = Cli.run(env, "", "export", "--provider", "bird", "--base-url", baseUrl, "--workspace", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
            assertEquals(27, export.lines().size(), export.err());
            Cli.Result otherWorkspace = Cli.run(env, "", "export", "--provider", "bird", "--base-url", baseUrl, "--workspace", "0b6f1d7e-3c2a-4e59-9a8b-1c2d3e4f5a6b");
            assertEquals(1, otherWorkspace.status(), "the simulator serves only --workspace");

            interrupt(p);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "stopped on SIGINT");
            assertEquals(0, p.exitValue());
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(err.contains("bird simulator listening on " + baseUrl), err);
            assertTrue(err.contains("bird simulator stopped"), err);
            assertFalse(err.contains(key), "the key from the environment is never printed");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void bridgeWithoutCredentialsAcceptsTheDocumentedDevelopmentValues() throws Exception {
        Process p = start(Map.of(), "simulate", "bridge", "--port", "0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String baseUrl = out.readLine();
            assertTrue(baseUrl != null && baseUrl.startsWith("http://127.0.0.1:"), "printed " + baseUrl);
            Map<String, String> env = Map.of("CONTACTKIT_BRIDGE_API_KEY", "local-dev-key", "CONTACTKIT_BRIDGE_SIGNING_SECRET", "local-dev-secret");
            Cli.Result legacy = Cli.run(env, "", "export", "--provider", "bridge", "--bridge-api", "legacy", "--base-url", baseUrl,
                    "--workspace", "ws_abc123");
            assertEquals(0, legacy.status(), legacy.err());
            interrupt(p);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(err.contains("CONTACTKIT_BRIDGE_API_KEY is not set: the simulator accepts the development API key 'local-dev-key'"), err);
            assertTrue(err.contains("CONTACTKIT_BRIDGE_SIGNING_SECRET is not set"), err);
        } finally {
            p.destroyForcibly();
        }
    }

    /** As every command: standard output closed before the base URL is written ends the run silently, with status 141. */
    @Test
    void aClosedStandardOutputEndsItAsSigpipeWould() {
        java.io.OutputStream closed = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream errStream = new java.io.PrintStream(err, true, StandardCharsets.UTF_8);
        int status = Main.run(new io.contactkit.cli.internal.Io(new java.io.ByteArrayInputStream(new byte[0]), closed, errStream,
                Map.of("CONTACTKIT_BIRD_ACCESS_KEY", "k"), false), "simulate", "bird", "--port", "0");
        assertEquals(141, status, err.toString(StandardCharsets.UTF_8));
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("contactkit:"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTakenPortIsOneClearLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli.Result r = Cli.run(Map.of("CONTACTKIT_BIRD_ACCESS_KEY", "k"), "", "simulate", "bird", "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(1, r.status());
            assertTrue(r.err().contains("cannot start the bird simulator on port " + taken.getLocalPort()), r.err());
        }
        assertEquals(2, Cli.run("simulate", "acme").status());
        assertEquals(2, Cli.run("simulate", "bird", "--port", "70000").status());
    }
}
