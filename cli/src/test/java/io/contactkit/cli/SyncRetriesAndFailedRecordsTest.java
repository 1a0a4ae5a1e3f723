package io.contactkit.cli;

import static io.contactkit.cli.SimulatorRoundTripTest.BIRD_WS;
import static io.contactkit.cli.SimulatorRoundTripTest.ENV;
import static io.contactkit.cli.SimulatorRoundTripTest.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.simulator.BirdSimulator;
import io.contactkit.simulator.BridgeSimulator;
import io.contactkit.testsupport.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code sync} against Bird as its pages describe it (every upsert answered 200, Bearer tokens), the
 * per-record retry flags, and {@code --failed}, whose file re-runs exactly the failed records.
 */
class SyncRetriesAndFailedRecordsTest {

    @TempDir
    Path dir;

    @Test
    void countsAreTheSameWhetherBirdAnswersCreations201Or200() {
        for (boolean answers200 : List.of(false, true)) {
            try (BirdSimulator bird = BirdSimulator.builder().accessKey(KEY).workspace(BIRD_WS).upsertAnswers200(answers200).start()) {
                Cli.Result sync = sync(ENV, bird, DedupeCommandTest.EXAMPLE);
                assertEquals(0, sync.status(), sync.err());
                assertEquals("records=50 created=27 updated=17 failed=6", sync.summary(), "upsert answers 200 only: " + answers200);
                assertEquals(27, bird.contacts(BIRD_WS).size());
            }
        }
    }

    @Test
    void aSecondRunOfTheSameFileOnlyUpdates() {
        for (boolean answers200 : List.of(false, true)) {
            ManualClock clock = new ManualClock(Instant.now());
            try (BirdSimulator bird = BirdSimulator.builder().accessKey(KEY).workspace(BIRD_WS).upsertAnswers200(answers200).clock(clock).start()) {
                assertEquals("records=50 created=27 updated=17 failed=6", sync(ENV, bird, DedupeCommandTest.EXAMPLE).summary());
                // the second run a few seconds later, by Bird's clock (its Date header): an upsert that changes nothing
                // on a contact made within the same second or two would still read as created (see the README)
                clock.advance(Duration.ofSeconds(5));
                Cli.Result again = sync(ENV, bird, DedupeCommandTest.EXAMPLE);
                assertEquals("records=50 created=0 updated=44 failed=6", again.summary(), "upsert answers 200 only: " + answers200);
            }
        }
    }

    @Test
    void anAccessTokenFromTheEnvironmentIsSentAsBearer() {
        try (BirdSimulator bird = BirdSimulator.builder().accessToken("user-token-5c").workspace(BIRD_WS).start()) {
            Cli.Result sync = sync(Map.of("CONTACTKIT_BIRD_ACCESS_TOKEN", "user-token-5c"), bird, DedupeCommandTest.EXAMPLE);
            assertEquals("records=50 created=27 updated=17 failed=6", sync.summary(), sync.err());
            assertFalse(sync.out().contains("user-token-5c") || sync.err().contains("user-token-5c"));
            Cli.Result both = sync(Map.of("CONTACTKIT_BIRD_ACCESS_TOKEN", "t", "CONTACTKIT_BIRD_ACCESS_KEY", "k"), bird, DedupeCommandTest.EXAMPLE);
            assertEquals(1, both.status());
            assertTrue(both.err().contains("are both set"), both.err());
        }
    }

    @Test
    void theFailedCsvRecordsRerunExactly() throws IOException {
        Path failed = dir.resolve("failed.csv");
        try (BirdSimulator bird = BirdSimulator.builder().accessKey(KEY).workspace(BIRD_WS).start()) {
            Cli.Result first = sync(ENV, bird, DedupeCommandTest.EXAMPLE, "--failed", failed.toString());
            assertEquals("records=50 created=27 updated=17 failed=6", first.summary(), first.err());
            List<String> lines = Files.readAllLines(failed, StandardCharsets.UTF_8);
            assertEquals(Files.readAllLines(Path.of(DedupeCommandTest.EXAMPLE), StandardCharsets.UTF_8).get(0).strip(), lines.get(0).strip(),
                    "the input's header");
            assertEquals(7, lines.size(), "the header and the six failed records");
            Cli.Result rerun = sync(ENV, bird, failed.toString());
            assertEquals("records=6 created=0 updated=0 failed=6", rerun.summary(), rerun.err());
            assertEquals(codes(first), codes(rerun), "the same records fail for the same reasons");
        }
    }

    /** A name ending in .gz is read through gzip, so the failed records named so are written through gzip, to re-run as they are. */
    @Test
    void theFailedRecordsOfAGzipNameAreGzipAndRerunExactly() throws IOException {
        Path failed = dir.resolve("failed.csv.gz");
        try (BirdSimulator bird = BirdSimulator.builder().accessKey(KEY).workspace(BIRD_WS).start()) {
            Cli.Result first = sync(ENV, bird, DedupeCommandTest.EXAMPLE, "--failed", failed.toString());
            assertEquals("records=50 created=27 updated=17 failed=6", first.summary(), first.err());
            try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(failed))) {
                List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
                assertEquals(7, lines.size(), "the header and the six failed records");
            }
            Cli.Result rerun = sync(ENV, bird, failed.toString());
            assertEquals("records=6 created=0 updated=0 failed=6", rerun.summary(), rerun.err());
            assertEquals(codes(first), codes(rerun), "the same records fail for the same reasons");
        }
    }

    @Test
    void theFailedRecordsOfASemicolonSeparatedFileKeepItsSeparator() throws IOException {
        Path input = dir.resolve("in.csv");
        Files.writeString(input, "email;firstName\nann@example.com;Ann\nnot an address;\"Bo; Jr\"\n", StandardCharsets.UTF_8);
        Path failed = dir.resolve("failed.csv");
        try (BirdSimulator bird = BirdSimulator.builder().accessKey(KEY).workspace(BIRD_WS).start()) {
            Cli.Result run = sync(ENV, bird, input.toString(), "--delimiter", ";", "--failed", failed.toString());
            assertEquals("records=2 created=1 updated=0 failed=1", run.summary(), run.err());
            // the writer quotes a cell with a space or the separator in it
            assertEquals("email;firstName\n\"not an address\";\"Bo; Jr\"\n", Files.readString(failed, StandardCharsets.UTF_8));
            Cli.Result rerun = sync(ENV, bird, failed.toString(), "--delimiter", ";");
            assertEquals("records=1 created=0 updated=0 failed=1", rerun.summary(), rerun.err());
        }
    }

    /**
     * The failed records are written as the input is; a --failed name that sync would read otherwise (another format, or
     * another separator) is a usage error before anything is sent, naming the name to use, which then re-runs as it is.
     */
    @Test
    void aFailedNameThatSyncWouldReadAsAnotherFormatIsAUsageErrorNamingTheOneToUse() throws IOException {
        Path ndjson = dir.resolve("in.ndjson");
        Files.writeString(ndjson, "{\"email\": \"ann@example.com\"}\n{\"email\": \"not an address\"}\n", StandardCharsets.UTF_8);
        Path tsv = dir.resolve("in.tsv");
        Files.writeString(tsv, "email\tfirstName\nann@example.com\tAnn\nnot an address\tBo, Jr\n", StandardCharsets.UTF_8);
        Path semicolons = dir.resolve("semicolons.csv");
        Files.writeString(semicolons, "email;firstName\nann@example.com;Ann\nnot an address;Bo\n", StandardCharsets.UTF_8);
        String csvInput = DedupeCommandTest.EXAMPLE;
        String written = ": the failed records are written as the input is, ";
        String reruns = ", so that sync re-runs them from the file, but ";
        // {input, --failed, what the message says after the written format, the name it says to use, options the input needs}
        List<String[]> cases = List.of(
                new String[] {csvInput, "f1.ndjson", "CSV" + reruns + "a name ending in .ndjson is read as NDJSON", "f1.csv", ""},
                new String[] {csvInput, "f2.jsonl.gz", "CSV" + reruns + "a name ending in .jsonl is read as NDJSON", "f2.csv.gz", ""},
                new String[] {ndjson.toString(), "f3.txt", "NDJSON" + reruns + "a name not ending in .ndjson or .jsonl is read as CSV", "f3.ndjson", ""},
                new String[] {ndjson.toString(), "f4", "NDJSON" + reruns + "a name not ending in .ndjson or .jsonl is read as CSV", "f4.ndjson", ""},
                new String[] {ndjson.toString(), "f5.csv", "NDJSON" + reruns + "a name ending in .csv is read as CSV", "f5.ndjson", ""},
                new String[] {tsv.toString(), "f6.csv", "CSV separated by tabs" + reruns + "a name not ending in .tsv is read as separated by"
                        + " commas", "f6.tsv", ""},
                new String[] {semicolons.toString(), "f7.tsv", "CSV separated by ';'" + reruns + "a name ending in .tsv is read as separated"
                        + " by tabs", "f7.csv", ";"});
        try (BirdSimulator bird = BirdSimulator.builder().accessKey(KEY).workspace(BIRD_WS).start()) {
            for (String[] c : cases) {
                Path misnamed = dir.resolve(c[1]);
                Cli.Result refused = sync(ENV, bird, c[0], delimiter(c[4], "--failed", misnamed.toString()));
                assertEquals(2, refused.status(), refused.err());
                assertEquals("--failed " + misnamed + written + c[2] + ": name it " + dir.resolve(c[3]), refused.errLines().get(0));
                assertTrue(refused.err().contains("Try 'contactkit sync --help'"), refused.err());
                assertEquals("", refused.out());
                assertFalse(Files.exists(misnamed));
                assertEquals(0, bird.requestCount(), "nothing sent");
            }
            // the names it says to use re-run the failed records with the options the input needed, and no others
            for (String[] c : cases) {
                Path named = dir.resolve(c[3]);
                Cli.Result run = sync(ENV, bird, c[0], delimiter(c[4], "--failed", named.toString()));
                assertEquals(0, run.status(), run.err());
                long failures = codes(run).size();
                assertTrue(failures > 0, c[3]);
                Cli.Result rerun = sync(ENV, bird, named.toString(), delimiter(c[4]));
                assertEquals(0, rerun.status(), rerun.err());
                assertEquals("records=" + failures + " created=0 updated=0 failed=" + failures, rerun.summary(), c[3] + ": " + rerun.err());
                assertEquals(codes(run), codes(rerun), c[3]);
            }
        }
    }

    /** {@code --delimiter D} when D is not empty, then the other arguments. */
    private static String[] delimiter(String d, String... more) {
        List<String> args = new java.util.ArrayList<>(d.isEmpty() ? List.of() : List.of("--delimiter", d));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void theFailedRecordsAndTheResultsInOneFileAreAUsageError() {
        Path both = dir.resolve("both.out");
        try (BirdSimulator bird = BirdSimulator.builder().accessKey(KEY).workspace(BIRD_WS).start()) {
            Cli.Result run = sync(ENV, bird, DedupeCommandTest.EXAMPLE, "--output", both.toString(), "--failed", both.toString());
            assertEquals(2, run.status(), run.err());
            assertTrue(run.err().startsWith("--output and --failed name the same file: give each its own"), run.err());
            assertFalse(Files.exists(both));
        }
    }

    @Test
    void theFailedNdjsonRecordsAreTheirLinesAsRead() throws IOException {
        Path input = dir.resolve("in.ndjson");
        String bad = "{\"email\": \"not an address\", \"firstName\": \"Bo\"}";
        Files.writeString(input, "{\"email\": \"ann@example.com\", \"firstName\": \"Ann\"}\n" + bad + "\n", StandardCharsets.UTF_8);
        Path failed = dir.resolve("failed.ndjson");
        try (BirdSimulator bird = BirdSimulator.builder().accessKey(KEY).workspace(BIRD_WS).start()) {
            Cli.Result run = sync(ENV, bird, input.toString(), "--failed", failed.toString());
            assertEquals("records=2 created=1 updated=0 failed=1", run.summary(), run.err());
            assertEquals(bad + "\n", Files.readString(failed, StandardCharsets.UTF_8));
        }
    }

    @Test
    void aProviderThatCannotBeReachedStopsTheRunAndLeavesNoOutput() throws IOException {
        int closed = Cli.closedPort();
        Path out = dir.resolve("results.ndjson");
        Path failed = dir.resolve("failed.csv");
        Cli.Result r = Cli.run(Map.of("CONTACTKIT_BIRD_ACCESS_KEY", "k"), "", "sync", "--provider", "bird", "--base-url",
                "http://127.0.0.1:" + closed, "--workspace", BIRD_WS, "--retries", "1", "--max-retry-time", "5s", "--output", out.toString(),
                "--failed", failed.toString(), DedupeCommandTest.EXAMPLE);
        assertEquals(1, r.status(), r.err());
        assertEquals(List.of("contactkit: sync stopped: bird could not be reached: could not connect to 127.0.0.1 (contacts.upsert) (the first 3"
                + " records all failed to connect, after their retries, and none reached it); nothing was sent and no output written:"
                + " check --base-url and the network, then run the same command again"), r.errLines());
        assertNotWritten(out, failed);
    }

    /** None of these files, and no temporary file of the run's outputs left in the folder. */
    private void assertNotWritten(Path... files) throws IOException {
        for (Path f : files) {
            assertFalse(Files.exists(f), f.toString());
        }
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(f -> f.getFileName().toString().startsWith(".")).toList(), "no temporary file left");
        }
    }

    /** A workspace the key may not use (HTTP 403) is refused for every record: the run stops as for refused credentials. */
    @Test
    void aWorkspaceTheKeyHasNoAccessToStopsTheRunAfterTheFirstThreeRecordsAndLeavesNoOutput() throws IOException {
        String other = "0b6f1d7e-3c2a-4e59-9a8b-1c2d3e4f5a6b";
        try (BirdSimulator bird = BirdSimulator.builder().accessKey(KEY).workspace(BIRD_WS).start()) {
            Path out = dir.resolve("results.ndjson");
            Path failed = dir.resolve("failed.csv");
            Cli.Result r = Cli.run(ENV, "", "sync", "--provider", "bird", "--base-url", bird.baseUrl(), "--workspace", other, "--concurrency", "2",
                    "--output", out.toString(), "--failed", failed.toString(), DedupeCommandTest.EXAMPLE);
            assertEquals(1, r.status(), r.err());
            assertEquals(List.of("contactkit: sync stopped: the key has no access to workspace '" + other + "': bird refused it: the access key"
                    + " has no access to this workspace (contacts.upsert, HTTP 403) (bird Forbidden) (the first 3 records were all refused so,"
                    + " and none went through); nothing was written and no output written: check that --workspace is the id of the workspace"
                    + " to write to, and that the key in CONTACTKIT_BIRD_ACCESS_KEY (or CONTACTKIT_BIRD_ACCESS_TOKEN) has permission to write"
                    + " contacts in it, then run the same command again"), r.errLines());
            assertNotWritten(out, failed);
            assertTrue(bird.requestCount() < 10, "the run stopped sending: " + bird.requestCount() + " requests");
            assertEquals(0, bird.contacts(BIRD_WS).size());
            assertFalse(r.err().contains(KEY), "the key is never printed");
        }
        // Bridge's Contacts API too: its upsert, and its read of the workspace's attribute settings, made first for a record with
        // custom attributes (company); the results before the third are on standard output, as they came
        try (BridgeSimulator bridge = BridgeSimulator.builder().apiKey(KEY).workspace("b6cf1c4a-2b1e-4e63-8f3e-0f9d1a2a1234").start()) {
            for (String request : List.of("contacts.upsert", "settings.attributes")) {
                StringBuilder csv = new StringBuilder(request.equals("contacts.upsert") ? "phone,firstName\n" : "phone,firstName,company\n");
                for (int i = 0; i < 20; i++) {
                    csv.append("+1415555").append(1000 + i).append(",Ann").append(request.equals("contacts.upsert") ? "" : ",Acme").append('\n');
                }
                Path input = dir.resolve("bridge.csv");
                Files.writeString(input, csv, StandardCharsets.UTF_8);
                long before = bridge.requestCount();
                Cli.Result r = Cli.run(ENV, "", "sync", "--provider", "bridge", "--base-url", bridge.baseUrl(), "--workspace", other,
                        "--concurrency", "2", input.toString());
                assertEquals(1, r.status(), r.err());
                assertEquals(1, r.errLines().size(), r.err());
                assertTrue(r.err().startsWith("contactkit: sync stopped: the key has no access to workspace '" + other + "': bridge refused"
                        + " it: "), r.err());
                assertTrue(r.err().contains("(" + request + ", HTTP 403)"), r.err());
                assertTrue(r.err().strip().endsWith("(the first 3 records were all refused so, and none went through); nothing was written:"
                        + " check that --workspace is the id of the workspace to write to, and that the key in CONTACTKIT_BRIDGE_API_KEY has"
                        + " permission to write contacts in it, then run the same command again"), r.err());
                assertTrue(bridge.requestCount() - before < 10, "the run stopped sending: " + (bridge.requestCount() - before) + " requests");
                assertEquals(2, r.lines().size(), r.out());
                for (JsonNode line : r.lines()) {
                    assertEquals("permission", line.get("error").get("code").stringValue(), line.toString());
                }
                assertFalse(r.err().contains(KEY), "the key is never printed");
            }
        }
    }

    /** export from a workspace the key may not use (HTTP 403 to the list): said as sync says it, with what to check. */
    @Test
    void exportFromAWorkspaceTheKeyHasNoAccessToSaysWhatToCheck() throws IOException {
        String other = "0b6f1d7e-3c2a-4e59-9a8b-1c2d3e4f5a6b";
        try (BirdSimulator bird = BirdSimulator.builder().accessKey(KEY).workspace(BIRD_WS).start()) {
            Path out = dir.resolve("contacts.ndjson");
            Cli.Result r = Cli.run(ENV, "", "export", "--provider", "bird", "--base-url", bird.baseUrl(), "--workspace", other,
                    "--output", out.toString());
            assertEquals(1, r.status(), r.err());
            assertEquals(List.of("contactkit: export stopped: the key has no access to workspace '" + other + "': bird refused it: the access"
                    + " key has no access to this workspace (contacts.list, HTTP 403) (bird Forbidden); nothing was read and no output"
                    + " written: check that --workspace is the id of the workspace to read, and that the key in CONTACTKIT_BIRD_ACCESS_KEY"
                    + " (or CONTACTKIT_BIRD_ACCESS_TOKEN) has permission to read contacts in it, then run the same command again"), r.errLines());
            assertFalse(Files.exists(out), "no output written");
            assertFalse(r.err().contains(KEY), "the key is never printed");
        }
        try (BridgeSimulator bridge = BridgeSimulator.builder().apiKey(KEY).signingSecret(SimulatorRoundTripTest.SECRET)
                .workspace("b6cf1c4a-2b1e-4e63-8f3e-0f9d1a2a1234").start()) {
            for (String api : List.of("connect", "legacy")) {
                Cli.Result r = Cli.run(ENV, "", "export", "--provider", "bridge", "--bridge-api", api, "--base-url", bridge.baseUrl(),
                        "--workspace", other);
                assertEquals(1, r.status(), r.err());
                assertEquals(1, r.errLines().size(), r.err());
                assertTrue(r.err().startsWith("contactkit: export stopped: the key has no access to workspace '" + other + "': bridge"
                        + " refused it: "), api + ": " + r.err());
                assertTrue(r.err().contains("(contacts.list, HTTP 403)"), r.err());
                assertTrue(r.err().strip().endsWith("; nothing was read: check that --workspace is the id of the workspace to read, and"
                        + " that the key in CONTACTKIT_BRIDGE_API_KEY has permission to read contacts in it, then run the same command"
                        + " again"), r.err());
                assertEquals("", r.out());
                assertFalse(r.err().contains(KEY), "the key is never printed");
            }
        }
    }

    @Test
    void aWorkspaceTheProviderRefusesForEveryRecordIsAUsageErrorAndSendsNothing() throws IOException {
        try (BirdSimulator bird = BirdSimulator.builder().accessKey(KEY).workspace(BIRD_WS).start()) {
            Path out = dir.resolve("results.ndjson");
            Path failed = dir.resolve("failed.csv");
            Cli.Result r = Cli.run(ENV, "", "sync", "--provider", "bird", "--base-url", bird.baseUrl(), "--workspace", "crm",
                    "--output", out.toString(), "--failed", failed.toString(), DedupeCommandTest.EXAMPLE);
            assertEquals(2, r.status(), r.err());
            assertEquals("--workspace 'crm': Bird's workspaceId is a UUID, got 'crm' (bird refuses every record for it;"
                    + " nothing was sent)", r.errLines().get(0));
            assertFalse(Files.exists(out));
            assertFalse(Files.exists(failed));
            assertEquals(0, bird.contacts(BIRD_WS).size());
        }
        // Bridge's Contacts API too
        Cli.Result bridge = Cli.run(ENV, "", "sync", "--provider", "bridge", "--base-url", "http://127.0.0.1:" + Cli.closedPort(),
                "--workspace", "crm", DedupeCommandTest.EXAMPLE);
        assertEquals(2, bridge.status(), bridge.err());
        assertTrue(bridge.errLines().get(0).startsWith("--workspace 'crm': "), bridge.err());
        // export too
        Path exported = dir.resolve("contacts.ndjson");
        Cli.Result export = Cli.run(ENV, "", "export", "--provider", "bird", "--base-url", "http://127.0.0.1:" + Cli.closedPort(),
                "--workspace", "crm", "--output", exported.toString());
        assertEquals(2, export.status(), export.err());
        assertEquals("--workspace 'crm': Bird's workspaceId is a UUID, got 'crm' (bird refuses it; nothing was read)", export.errLines().get(0));
        assertFalse(Files.exists(exported));
    }

    @Test
    void aProviderThatStopsAnsweringMidRunStopsTheRunKeepingWhatWentThroughAndEveryRecordNotSent() throws Exception {
        int rows = 400;
        StringBuilder csv = new StringBuilder("email,firstName\n");
        for (int i = 1; i <= rows; i++) {
            csv.append("person").append(i).append("@example.com,P").append(i).append('\n');
        }
        Path input = dir.resolve("many.csv");
        Files.writeString(input, csv, StandardCharsets.UTF_8);
        Path out = dir.resolve("results.ndjson");
        Path failed = dir.resolve("failed.csv");
        Cli.Result r;
        try (BirdSimulator bird = BirdSimulator.builder().accessKey(KEY).workspace(BIRD_WS).start()) {
            // Bird goes away for good once some records went through: every later connection is refused
            Thread outage = new Thread(() -> {
                while (bird.requestCount() < 40) {
                    Thread.onSpinWait();
                }
                bird.close();
            });
            outage.start();
            r = sync(ENV, bird, input.toString(), "--concurrency", "4", "--retries", "1", "--max-retry-time", "2s",
                    "--output", out.toString(), "--failed", failed.toString());
            outage.join(60_000);
        }
        assertEquals(1, r.status(), r.err());
        List<String> err = r.errLines();
        String stop = err.get(err.size() - 1);
        assertTrue(stop.startsWith("contactkit: sync stopped: bird has not answered for "), stop);
        assertTrue(stop.contains("failed without an answer, after their retries") && stop.contains("records went through")
                && stop.contains("failed with code stopped and in " + failed + " with every other failed record: run sync on that file once"
                + " bird answers (upserts are safe to repeat)"), stop);
        String summary = err.get(err.size() - 2);
        assertTrue(summary.startsWith("records=" + rows + " created="), summary);
        // the results so far are kept: every record exactly once, those that went through and those that did not
        List<JsonNode> results = Cli.ndjson(Files.readString(out, StandardCharsets.UTF_8));
        assertEquals(rows, results.size());
        java.util.Set<Long> numbers = new java.util.TreeSet<>();
        java.util.Set<String> failedEmails = new java.util.TreeSet<>();
        long through = 0;
        long stopped = 0;
        for (JsonNode line : results) {
            long n = line.get("record").longValue();
            numbers.add(n);
            if (line.get("status").stringValue().equals("failed")) {
                failedEmails.add("person" + n + "@example.com");
                stopped += line.get("error").get("code").stringValue().equals("stopped") ? 1 : 0;
            } else {
                through++;
            }
        }
        assertEquals(rows, numbers.size(), "each record once");
        assertTrue(through >= 1 && through < rows, "some went through: " + through);
        assertTrue(stopped > 0, "the records the run did not send are failed as stopped");
        assertEquals("records=" + rows + " created=" + through + " updated=0 failed=" + (rows - through), summary);
        // --failed holds exactly the records that did not go through, so that sync on it finishes the job
        List<String> failedRows = Files.readAllLines(failed, StandardCharsets.UTF_8);
        assertEquals("email,firstName", failedRows.get(0));
        java.util.Set<String> inFile = new java.util.TreeSet<>();
        for (String row : failedRows.subList(1, failedRows.size())) {
            inFile.add(row.substring(0, row.indexOf(',')));
        }
        assertEquals(failedEmails, inFile);
        assertEquals(rows - through, failedRows.size() - 1);
        try (BirdSimulator back = BirdSimulator.builder().accessKey(KEY).workspace(BIRD_WS).start()) {
            Cli.Result rerun = sync(ENV, back, failed.toString());
            assertEquals(0, rerun.status(), rerun.err());
            assertEquals("records=" + (rows - through) + " created=" + (rows - through) + " updated=0 failed=0", rerun.summary());
        }
    }

    @Test
    void aServerThatTakesConnectionsAndNeverAnswersStopsTheRunAfterTheRetryTime() throws Exception {
        Path out = dir.resolve("silent-results.ndjson");
        Path failed = dir.resolve("silent-failed.csv");
        List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            Cli.Result r = Cli.run(ENV, "", "sync", "--provider", "bird", "--base-url", "http://127.0.0.1:" + silent.getLocalPort(),
                    "--workspace", BIRD_WS, "--concurrency", "2", "--retries", "0", "--max-retry-time", "2s", "--output", out.toString(),
                    "--failed", failed.toString(), DedupeCommandTest.EXAMPLE);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(1, r.status(), r.err());
            String stop = r.summary();
            assertTrue(stop.startsWith("contactkit: sync stopped: bird has not answered for ")
                    && stop.contains("; 0 records went through, and the "), stop);
            assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "stopped after the first records' retry time, not each record's in turn: " + took);
            assertEquals(50, Cli.ndjson(Files.readString(out, StandardCharsets.UTF_8)).size(), "every record once");
            assertEquals(51, Files.readAllLines(failed, StandardCharsets.UTF_8).size(), "the header and every record");
        } finally {
            for (java.net.Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void theRetryFlagsAreChecked() {
        try (BirdSimulator bird = BirdSimulator.builder().accessKey(KEY).workspace(BIRD_WS).start()) {
            assertEquals(2, sync(ENV, bird, DedupeCommandTest.EXAMPLE, "--retries", "-1").status());
            assertEquals(2, sync(ENV, bird, DedupeCommandTest.EXAMPLE, "--max-retry-time", "soon").status());
            assertEquals(2, sync(ENV, bird, DedupeCommandTest.EXAMPLE, "--max-retry-time", "0s").status());
            Cli.Result tooLong = sync(ENV, bird, DedupeCommandTest.EXAMPLE, "--max-retry-time", "P8D");
            assertEquals(2, tooLong.status());
            assertTrue(tooLong.err().contains("--max-retry-time must be at most 7 days"), tooLong.err());
            Cli.Result explicit = sync(ENV, bird, DedupeCommandTest.EXAMPLE, "--retries", "0", "--max-retry-time", "PT1M");
            assertEquals(0, explicit.status(), explicit.err());
        }
    }

    private static List<String> codes(Cli.Result r) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode l : r.lines()) {
            if (l.has("error")) {
                out.add(l.get("error").get("code").stringValue());
            }
        }
        out.sort(null);
        return out;
    }

    private static Cli.Result sync(Map<String, String> env, BirdSimulator bird, String input, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("sync", "--provider", "bird", "--base-url", bird.baseUrl(), "--workspace", BIRD_WS));
        args.addAll(List.of(more));
        args.add(input);
        return Cli.run(env, "", args.toArray(String[]::new));
    }
}
