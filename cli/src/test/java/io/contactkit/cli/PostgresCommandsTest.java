package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.adapter.postgres.PostgresContactProvider;
import io.contactkit.testsupport.UnansweredPort;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The command line against the PostgreSQL store: {@code db migrate}, {@code sync}, {@code export} and
 * incremental {@code dedupe} with {@code --provider postgres}, a {@code sync} killed mid-run and run
 * again, and the password kept out of every output.
 */
class PostgresCommandsTest {

    private static final String PASSWORD = "cli-secret-pw";
    private static String url;
    private static int port;

    @TempDir
    Path dir;

    static synchronized String url() {
        if (url == null) {
            String given = System.getenv("CONTACTKIT_TEST_POSTGRES_URL");
            if (given != null && !given.isBlank()) {
                url = given.strip();
            } else {
                try {
                    EmbeddedPostgres server = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            server.close();
                        } catch (IOException ignored) {
                            // the JVM is going away
                        }
                    }));
                    port = server.getPort();
                    url = "postgresql://postgres:" + PASSWORD + "@localhost:" + port + "/postgres";
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return url;
    }

    private static Map<String, String> env() {
        return Map.of("CONTACTKIT_POSTGRES_URL", url());
    }

    private static String workspace() {
        return "ws-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aStoreMigratedIntoAnotherSchemaIsUsedBySyncDedupeAndExportThroughSchema() {
        String schema = "other_" + UUID.randomUUID().toString().substring(0, 8);
        Cli.Result migrated = Cli.run(env(), "", "db", "migrate", "--schema", schema);
        assertEquals(0, migrated.status(), migrated.err());
        String ws = workspace();
        Cli.Result sync = Cli.run(env(), "", "sync", "--provider", "postgres", "--schema", schema, "--workspace", ws, "--strategy", "merge",
                DedupeCommandTest.EXAMPLE);
        assertEquals(0, sync.status(), sync.err());
        String other = workspace();
        Cli.Result dedupe = Cli.run(env(), "", "dedupe", "--provider", "postgres", "--schema", schema, "--workspace", other, "--strategy", "merge",
                DedupeCommandTest.EXAMPLE);
        assertEquals(0, dedupe.status(), dedupe.err());
        for (String w : List.of(ws, other)) {
            Cli.Result export = Cli.run(env(), "", "export", "--provider", "postgres", "--schema", schema, "--workspace", w);
            assertEquals(0, export.status(), export.err());
            assertFalse(export.lines().isEmpty(), w);
            // the default schema's store holds none of them
            Cli.Result elsewhere = Cli.run(env(), "", "export", "--provider", "postgres", "--workspace", w);
            assertEquals(0, elsewhere.status(), elsewhere.err());
            assertTrue(elsewhere.lines().isEmpty(), elsewhere.out());
        }
        // --schema names the store's schema: it means nothing offline or to another provider, and a bad name is refused
        Cli.Result offline = Cli.run("dedupe", "--schema", schema, DedupeCommandTest.EXAMPLE);
        assertEquals(2, offline.status(), offline.err());
        assertTrue(offline.err().contains("--schema needs --provider postgres"), offline.err());
        Cli.Result memory = Cli.run(env(), "", "sync", "--provider", "memory", "--schema", schema, "--workspace", ws, DedupeCommandTest.EXAMPLE);
        assertEquals(2, memory.status(), memory.err());
        assertTrue(memory.err().contains("--schema applies only to --provider postgres"), memory.err());
        Cli.Result bad = Cli.run(env(), "", "export", "--provider", "postgres", "--schema", "Not-A-Schema", "--workspace", ws);
        assertEquals(2, bad.status(), bad.err());
        assertTrue(bad.err().contains("schema must be"), bad.err());
    }

    @Test
    void migrateSyncAndExport() {
        Cli.Result first = Cli.run(env(), "", "db", "migrate");
        assertEquals(0, first.status(), first.err());
        assertTrue(first.summary().startsWith("schema=contactkit version=" + PostgresContactProvider.codeSchemaVersion()), first.summary());
        Cli.Result again = Cli.run(env(), "", "db", "migrate");
        assertTrue(again.summary().endsWith("applied=[]"), again.summary());

        String ws = workspace();
        Cli.Result sync = Cli.run(env(), "", "sync", "--provider", "postgres", "--workspace", ws, "--strategy", "merge", DedupeCommandTest.EXAMPLE);
        assertEquals(0, sync.status(), sync.err());
        Cli.Result offline = Cli.run("dedupe", "--strategy", "merge", DedupeCommandTest.EXAMPLE);
        Cli.Result export = Cli.run(env(), "", "export", "--provider", "postgres", "--workspace", ws);
        assertEquals(0, export.status(), export.err());
        Set<String> expected = groups(offline.lines());
        // sync refuses a record without identifiers (no_identifier); offline dedupe makes it a contact of its own
        expected.remove("");
        assertEquals(expected, groups(export.lines()), "sync with merge groups records as offline dedupe does");
        for (Cli.Result r : List.of(first, again, sync, export)) {
            assertFalse((r.out() + r.err()).contains(PASSWORD));
        }
    }

    @Test
    void syncObeysTheRulesAndAnotherRunWithOtherRulesIsRefused() {
        String ws = workspace();
        Cli.Result sync = Cli.run(env(), "", "sync", "--provider", "postgres", "--workspace", ws, "--strategy", "merge", "--region", "US",
                "--rules", RulesCommandsTest.RULES, DedupeCommandTest.EXAMPLE);
        assertEquals(0, sync.status(), sync.err());
        assertTrue(sync.out().contains("identifier_blocked"), "the store warns of each blocked identifier it ignored");
        Cli.Result offline = Cli.run("dedupe", "--strategy", "merge", "--region", "US", "--rules", RulesCommandsTest.RULES, DedupeCommandTest.EXAMPLE);
        Cli.Result export = Cli.run(env(), "", "export", "--provider", "postgres", "--workspace", ws);
        Set<String> expected = groups(offline.lines());
        // sync refuses a record left without identifiers; offline dedupe makes it a contact of its own
        expected.remove("");
        assertEquals(expected, groups(export.lines()), "sync into the store under the rules groups records as offline dedupe under them");
        assertFalse(export.out().contains("+14043306000"), "the blocked phone sits on no contact");

        // other rules (here none) refuse every record alike: the run stops as refused credentials stop it
        Path out = dir.resolve("other-results.ndjson");
        Path failed = dir.resolve("other-failed.csv");
        Cli.Result other = Cli.run(env(), "", "sync", "--provider", "postgres", "--workspace", ws, "--strategy", "merge", "--region", "US",
                "--output", out.toString(), "--failed", failed.toString(), DedupeCommandTest.EXAMPLE);
        assertEquals(1, other.status(), other.err());
        assertEquals(1, other.errLines().size(), other.err());
        String told = other.errLines().get(0);
        assertTrue(told.startsWith("contactkit: sync stopped: this run's identity rules (no --rules given) are not the workspace's: workspace "
                + ws + " is decided under identity rules "), told);
        assertTrue(told.endsWith(" (the first 3 records were all refused so, and none went through); nothing was written and no output"
                + " written: run sync with the rules the workspace is decided under (--rules naming the same rules as the run that decided it,"
                + " or none if it had none), or, to decide the workspace under these rules from now on, split it with them first (contactkit"
                + " db split --workspace ID --contacts ID,... --new-rules FILE) and then run the same command again"), told);
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(failed));
        assertEquals(groups(export.lines()), groups(Cli.run(env(), "", "export", "--provider", "postgres", "--workspace", ws).lines()),
                "the refused run changed nothing");
        // and a run with the workspace's rules goes through
        Cli.Result same = Cli.run(env(), "", "sync", "--provider", "postgres", "--workspace", ws, "--strategy", "merge", "--region", "US",
                "--rules", RulesCommandsTest.RULES, DedupeCommandTest.EXAMPLE);
        assertEquals(0, same.status(), same.err());
    }

    @Test
    void aSyncAfterADedupeUnderOtherRulesStopsSayingWhichRulesToGive() throws IOException {
        String ws = workspace();
        Cli.Result dedupe = Cli.run(env(), "", "dedupe", "--provider", "postgres", "--workspace", ws, "--strategy", "merge", "--region", "US",
                "--rules", RulesCommandsTest.RULES, DedupeCommandTest.EXAMPLE);
        assertEquals(0, dedupe.status(), dedupe.err());
        Path other = dir.resolve("other-rules.json");
        Files.writeString(other, "{\"identifiers\": {\"emailaddress\": {\"blocked\": [\"nobody@example.com\"]}}}");
        Cli.Result sync = Cli.run(env(), "", "sync", "--provider", "postgres", "--workspace", ws, "--region", "US", "--rules", other.toString(),
                DedupeCommandTest.EXAMPLE);
        assertEquals(1, sync.status(), sync.err());
        assertTrue(sync.summary().startsWith("contactkit: sync stopped: this run's identity rules (--rules " + other + ") are not the"
                + " workspace's: workspace " + ws + " is decided under identity rules "), sync.summary());
        assertTrue(sync.summary().contains("run sync with the rules the workspace is decided under"), sync.summary());
    }

    @Test
    void dedupeIntoTheStoreWithRulesGivesTheContactsAuditAndHubsOfTheOfflineRun() throws IOException {
        String ws = workspace();
        Path[] audit = {dir.resolve("offline-audit.ndjson"), dir.resolve("store-audit.ndjson")};
        Path[] hubs = {dir.resolve("offline-hubs.ndjson"), dir.resolve("store-hubs.ndjson")};
        Cli.Result offline = Cli.run("dedupe", "--strategy", "merge", "--region", "US", "--rules", RulesCommandsTest.RULES,
                "--audit", audit[0].toString(), "--hubs", hubs[0].toString(), DedupeCommandTest.EXAMPLE);
        assertEquals(0, offline.status(), offline.err());
        Cli.Result stored = Cli.run(env(), "", "dedupe", "--provider", "postgres", "--workspace", ws, "--strategy", "merge", "--region", "US",
                "--rules", RulesCommandsTest.RULES, "--audit", audit[1].toString(), "--hubs", hubs[1].toString(), DedupeCommandTest.EXAMPLE);
        assertEquals(0, stored.status(), stored.err());
        assertEquals(offline.summary(), stored.summary());
        // the rejects, not kept in a file, said alike before the summary
        assertTrue(offline.errLines().get(0).startsWith("contactkit: 3 rejected records not kept"), offline.err());
        assertEquals(offline.errLines(), stored.errLines());

        List<String> offlineAudit = Files.readAllLines(audit[0]);
        List<String> storeAudit = Files.readAllLines(audit[1]);
        Map<String, String> offlineIds = idsInOrder(offlineAudit);
        Map<String, String> storeIds = idsInOrder(storeAudit);
        assertTrue(offlineAudit.stream().anyMatch(l -> l.contains("\"rules\":[\"identifiers.")), "the rules fired");
        assertEquals(renamed(offlineAudit, offlineIds), renamed(storeAudit, storeIds), "the audit, contact ids named in order of appearance");
        assertEquals(renamed(offline.out().lines().toList(), offlineIds), renamed(stored.out().lines().toList(), storeIds), "the contacts");
        assertEquals(Files.readAllLines(hubs[0]), Files.readAllLines(hubs[1]), "the hubs");

        // into an output file (staged: each contact written as its row is, appearing only after the commit), the same contacts
        Path file = dir.resolve("store-contacts.ndjson");
        Path fileAudit = dir.resolve("store-audit-2.ndjson");
        Cli.Result toFile = Cli.run(env(), "", "dedupe", "--provider", "postgres", "--workspace", workspace(), "--strategy", "merge", "--region",
                "US", "--rules", RulesCommandsTest.RULES, "--audit", fileAudit.toString(), "--output", file.toString(), DedupeCommandTest.EXAMPLE);
        assertEquals(0, toFile.status(), toFile.err());
        assertEquals(renamed(offline.out().lines().toList(), offlineIds), renamed(Files.readAllLines(file), idsInOrder(Files.readAllLines(fileAudit))),
                "the contacts in the output file");

        Cli.Result autoBlock = Cli.run(env(), "", "dedupe", "--provider", "postgres", "--workspace", ws, "--rules",
                writeRules("{\"hubs\": {\"threshold\": 2, \"autoBlock\": true}}").toString(), DedupeCommandTest.EXAMPLE);
        assertEquals(2, autoBlock.status(), autoBlock.err());
        Cli.Result otherRules = Cli.run(env(), "", "dedupe", "--provider", "postgres", "--workspace", ws, DedupeCommandTest.EXAMPLE);
        assertTrue(otherRules.status() != 0 && otherRules.err().contains("is decided under identity rules"), otherRules.err());
    }

    @Test
    void dbSplitUnmergesAContactOfTheStoreByReplay() throws IOException {
        String ws = workspace();
        Cli.Result sync = Cli.run(env(), "", "sync", "--provider", "postgres", "--workspace", ws, "--strategy", "merge", "--region", "US",
                DedupeCommandTest.EXAMPLE);
        assertEquals(0, sync.status(), sync.err());
        List<JsonNode> before = Cli.run(env(), "", "export", "--provider", "postgres", "--workspace", ws).lines();
        JsonNode shared = before.stream().filter(c -> c.toString().contains("+14084029292")).findFirst().orElseThrow();
        assertTrue(shared.toString().contains("ines.silva@example.org"), "Ann and Ines were merged through the shared line");

        Cli.Result split = Cli.run(env(), "", "db", "split", "--workspace", ws, "--contacts", shared.get("id").stringValue(), "--new-rules",
                writeRules("{\"identifiers\": {\"phonenumber\": {\"blocked\": [\"+14084029292\"]}}}").toString());
        assertEquals(0, split.status(), split.err());
        assertTrue(split.summary().startsWith("replaced=1 contacts="), split.summary());
        // record 3 of the example carries the blocked line alone: replayed, it has no identifier left, and the line says so
        assertTrue(split.summary().contains(" rejected=1 "), split.summary());
        assertTrue(split.err().matches("(?s).*contactkit: the command logged at \\S+ for contact \\S+ is rejected under the new rules"
                + " \\(invalid\\): .*"), split.err());
        List<JsonNode> after = Cli.run(env(), "", "export", "--provider", "postgres", "--workspace", ws).lines();
        assertTrue(after.stream().noneMatch(c -> c.toString().contains("+14084029292")), "the blocked line sits on no contact");
        assertTrue(after.stream().anyMatch(c -> c.toString().contains("ines.silva@example.org") && !c.toString().contains("ann.lee@example.com")),
                "Ines is a contact of her own again");
        Set<String> untouched = groups(before);
        untouched.remove(groups(List.of(shared)).iterator().next());
        assertTrue(groups(after).containsAll(untouched), "every other contact stays as it was");

        Cli.Result unknown = Cli.run(env(), "", "db", "split", "--workspace", ws, "--contacts", "no-such-contact", "--new-rules",
                writeRules("{}").toString());
        assertEquals(1, unknown.status(), unknown.err());
        assertTrue(unknown.err().contains("db split of workspace " + ws + " failed on ") && unknown.err().contains("no-such-contact"),
                unknown.err());
    }

    @Test
    void aDbSplitWhoseContactsCannotBeWrittenSaysThatTheSplitIsCommitted() throws IOException {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full) && Files.isWritable(full), "/dev/full is there to write to");
        String ws = workspace();
        Cli.Result sync = Cli.run(env(), "", "sync", "--provider", "postgres", "--workspace", ws, "--strategy", "merge", "--region", "US",
                DedupeCommandTest.EXAMPLE);
        assertEquals(0, sync.status(), sync.err());
        JsonNode shared = Cli.run(env(), "", "export", "--provider", "postgres", "--workspace", ws).lines().stream()
                .filter(c -> c.toString().contains("+14084029292")).findFirst().orElseThrow();

        Cli.Result split = Cli.run(env(), "", "db", "split", "--workspace", ws, "--contacts", shared.get("id").stringValue(), "--new-rules",
                writeRules("{\"identifiers\": {\"phonenumber\": {\"blocked\": [\"+14084029292\"]}}}").toString(), "-o", full.toString());
        assertEquals(1, split.status(), split.err());
        assertTrue(split.err().contains("/dev/full: cannot write: "), split.err());
        // the split went through before its contacts were written: the message must not let it pass for one that did not happen
        assertTrue(Cli.run(env(), "", "export", "--provider", "postgres", "--workspace", ws).lines().stream()
                .noneMatch(c -> c.toString().contains("+14084029292")), "the split is committed");
        assertTrue(split.err().contains("the split itself is done and committed: workspace " + ws + " is decided under --new-rules"),
                split.err());
    }

    @Test
    void aDbSplitNamingAnEmptyContactIdIsAUsageError() throws IOException {
        for (String named : List.of("", "a,,b")) {
            Cli.Result r = Cli.run(env(), "", "db", "split", "--workspace", workspace(), "--contacts", named, "--new-rules",
                    writeRules("{}").toString());
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().startsWith("--contacts names an empty contact id"), r.err());
        }
    }

    @Test
    void aDbSplitOfABlankWorkspaceIsAUsageErrorAsForExport() throws IOException {
        for (String[] command : List.of(new String[] {"db", "split", "--contacts", "x", "--new-rules", writeRules("{}").toString()},
                new String[] {"export", "--provider", "postgres"})) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of("--workspace", " "));
            Cli.Result r = Cli.run(env(), "", args.toArray(String[]::new));
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().startsWith("--workspace must not be blank"), r.err());
        }
    }

    @Test
    void aDbSplitInASchemaThatHoldsNoStoreCreatesNone() throws Exception {
        String schema = "nostore_" + UUID.randomUUID().toString().substring(0, 8);
        Cli.Result r = Cli.run(env(), "", "db", "split", "--workspace", workspace(), "--schema", schema, "--contacts", "x", "--new-rules",
                writeRules("{}").toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("holds no contactkit schema '" + schema + "'"), r.err());
        // a failed split leaves nothing behind: not a new store in the mistyped schema
        assertEquals(0, count("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'"), "no schema " + schema + " was created");
    }

    private Path writeRules(String json) throws IOException {
        Path p = dir.resolve("rules-" + UUID.randomUUID() + ".json");
        Files.writeString(p, json);
        return p;
    }

    /** Each contact id of an audit, named k1, k2, ... in order of first appearance (contact, owners of skipped identifiers, merged). */
    private static Map<String, String> idsInOrder(List<String> audit) {
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        for (String line : audit) {
            JsonNode e = tools.jackson.databind.json.JsonMapper.builder().build().readTree(line);
            List<JsonNode> named = new ArrayList<>();
            named.add(e.get("contactId"));
            if (e.has("skipped")) {
                e.get("skipped").forEach(x -> named.add(x.get("owner")));
            }
            if (e.has("merged")) {
                e.get("merged").forEach(named::add);
            }
            for (JsonNode id : named) {
                if (id != null && id.isString()) {
                    ids.putIfAbsent(id.stringValue(), "k" + (ids.size() + 1));
                }
            }
        }
        return ids;
    }

    private static List<String> renamed(List<String> lines, Map<String, String> ids) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String r = line;
            for (Map.Entry<String, String> e : ids.entrySet()) {
                r = r.replace("\"" + e.getKey() + "\"", "\"" + e.getValue() + "\"");
            }
            out.add(r);
        }
        return out;
    }

    @Test
    void aServerThatIsNotThereIsSaidPlainlyWithoutThePassword() throws IOException {
        int closed = Cli.closedPort();
        Cli.Result r = Cli.run(Map.of("CONTACTKIT_POSTGRES_URL", "postgresql://ck:s3cret-pw@127.0.0.1:" + closed + "/db"), "", "dedupe",
                "--provider", "postgres", "--workspace", workspace(), DedupeCommandTest.EXAMPLE);
        assertEquals(1, r.status());
        assertEquals("contactkit: dedupe into postgresql://ck@127.0.0.1:" + closed + "/db failed: PostgreSQL connection failed: Cannot connect to"
                + " 127.0.0.1:" + closed + ": connection refused (is the server running, and listening on that address and port?)",
                r.err().strip());
    }

    @Test
    void aServerThatNeverAnswersTheConnectionStopsSyncAsOneThatRefusesIt() throws IOException {
        Path out = dir.resolve("results.ndjson");
        Path failed = dir.resolve("failed.csv");
        try (UnansweredPort silent = new UnansweredPort()) {
            long start = System.nanoTime();
            Cli.Result r = Cli.run(Map.of("CONTACTKIT_POSTGRES_URL", "postgresql://ck:s3cret-pw@127.0.0.1:" + silent.port() + "/db"), "", "sync",
                    "--provider", "postgres", "--workspace", workspace(), "--retries", "0", "--output", out.toString(), "--failed",
                    failed.toString(), DedupeCommandTest.EXAMPLE);
            java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - start);
            assertEquals(1, r.status(), r.err());
            assertEquals(List.of("contactkit: sync stopped: postgres could not be reached: no PostgreSQL connection could be made to 127.0.0.1:"
                    + silent.port() + " within the connect timeout of 10 s (the first 3 records all failed to connect, after their retries, and"
                    + " none reached it); nothing was sent and no output written: check CONTACTKIT_POSTGRES_URL and the network, then run the"
                    + " same command again"), r.errLines());
            // each of the first records waits out the connect timeout (twice: the pool's first connections, then its own), no more
            assertTrue(took.compareTo(java.time.Duration.ofSeconds(90)) < 0, "stopped after the first records, not the outage's wait: " + took);
            assertFalse(Files.exists(out));
            assertFalse(Files.exists(failed));
        }
    }

    @Test
    void aStoreWithoutTlsWhereSslmodeRequiresItIsSaidPlainlyAndStopsSync() {
        Map<String, String> required = Map.of("CONTACTKIT_POSTGRES_URL", url() + "?sslmode=require");
        Cli.Result sync = Cli.run(required, "", "sync", "--provider", "postgres", "--workspace", workspace(), DedupeCommandTest.EXAMPLE);
        assertEquals(1, sync.status(), sync.err());
        String told = sync.errLines().get(sync.errLines().size() - 1);
        assertTrue(told.startsWith("contactkit: sync stopped: no TLS connection to postgres: PostgreSQL connection failed: "), told);
        assertTrue(told.contains("Server support for SSL connection is disabled, but client was configured with SSL mode require"), told);
        assertTrue(told.endsWith("nothing was sent: check the sslmode and sslrootcert of CONTACTKIT_POSTGRES_URL (see the README's PostgreSQL"
                + " section), then run the same command again"), told);
        Cli.Result dedupe = Cli.run(required, "", "dedupe", "--provider", "postgres", "--workspace", workspace(), DedupeCommandTest.EXAMPLE);
        assertEquals(1, dedupe.status(), dedupe.err());
        assertTrue(dedupe.err().contains("Server support for SSL connection is disabled"), dedupe.err());
        for (Cli.Result r : List.of(sync, dedupe)) {
            assertFalse((r.out() + r.err()).contains(PASSWORD));
        }
        // a bad sslmode is a usage problem of the URL, said without the URL
        Cli.Result bad = Cli.run(Map.of("CONTACTKIT_POSTGRES_URL", url() + "?sslmode=on"), "", "db", "migrate");
        assertEquals(2, bad.status(), bad.err());
        assertTrue(bad.err().contains("sslmode must be one of disable, prefer, require, verify-ca, verify-full, got 'on'"), bad.err());
        assertFalse(bad.err().contains(PASSWORD), bad.err());
    }

    /**
     * An sslrootcert that is there but holds no certificate is read only when the store is made: every command refuses it as
     * a setting of the URL (status 2, what is wrong said), as sync and export did, where dedupe and db reported an unexpected
     * failure.
     */
    @Test
    void anSslrootcertThatHoldsNoCertificateIsAUsageErrorOfEveryCommand() throws IOException {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        Map<String, String> env = Map.of("CONTACTKIT_POSTGRES_URL", url() + "?sslmode=verify-full&sslrootcert=" + notPem);
        Path rules = writeRules("{}");
        for (List<String> command : List.of(List.of("sync", "--provider", "postgres", "--workspace", "w", DedupeCommandTest.EXAMPLE),
                List.of("export", "--provider", "postgres", "--workspace", "w"),
                List.of("dedupe", "--provider", "postgres", "--workspace", "w", DedupeCommandTest.EXAMPLE),
                List.of("db", "migrate"),
                List.of("db", "split", "--workspace", "w", "--contacts", "c1", "--new-rules", rules.toString()))) {
            Cli.Result r = Cli.run(env, "", command.toArray(String[]::new));
            assertEquals(2, r.status(), command + ": " + r.err());
            assertTrue(r.err().contains("sslrootcert " + notPem + ": not a PEM certificate"), command + ": " + r.err());
            assertFalse(r.err().contains("unexpected failure"), command + ": " + r.err());
            assertFalse((r.out() + r.err()).contains(PASSWORD), command + ": " + r.err());
        }
    }

    @Test
    void aDedupeIntoTheStoreWhoseOutputsCannotBeWrittenSaysThatTheRunIsCommitted() throws IOException {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full) && Files.isWritable(full), "/dev/full is there to write to");
        for (List<String> output : List.of(List.of("-o", full.toString()),
                List.of("-o", dir.resolve("contacts.ndjson").toString(), "--audit", full.toString()))) {
            String ws = workspace();
            List<String> args = new ArrayList<>(List.of("dedupe", "--provider", "postgres", "--workspace", ws, "--strategy", "merge",
                    "--region", "US"));
            args.addAll(output);
            args.add(DedupeCommandTest.EXAMPLE);
            Cli.Result run = Cli.run(env(), "", args.toArray(String[]::new));
            assertEquals(1, run.status(), run.err());
            assertTrue(run.err().contains("/dev/full: cannot write: "), run.err());
            // the run's transaction committed before the output failed: the message must say so, or the file is run again
            assertFalse(Cli.run(env(), "", "export", "--provider", "postgres", "--workspace", ws).lines().isEmpty(), "the run is committed");
            assertTrue(run.err().contains("the run itself is done and committed to workspace " + ws), run.err());
        }
    }

    @Test
    void dedupeJoinsWhatTheStoreHolds() throws IOException {
        List<String> lines = Files.readAllLines(Path.of(DedupeCommandTest.EXAMPLE));
        int half = lines.size() / 2;
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Files.write(a, lines.subList(0, half));
        List<String> rest = new ArrayList<>(List.of(lines.get(0)));
        rest.addAll(lines.subList(half, lines.size()));
        Files.write(b, rest);
        String ws = workspace();
        Cli.Result one = Cli.run(env(), "", "dedupe", "--provider", "postgres", "--workspace", ws, "--strategy", "merge", a.toString());
        assertEquals(0, one.status(), one.err());
        Cli.Result two = Cli.run(env(), "", "dedupe", "--provider", "postgres", "--workspace", ws, "--strategy", "merge", b.toString());
        assertEquals(0, two.status(), two.err());
        assertTrue(two.summary().matches("records=\\d+ contacts=\\d+ created=\\d+ updated=\\d+ merged=\\d+ rejected=\\d+"), two.summary());
        Cli.Result whole = Cli.run("dedupe", "--strategy", "merge", DedupeCommandTest.EXAMPLE);
        Cli.Result export = Cli.run(env(), "", "export", "--provider", "postgres", "--workspace", ws);
        assertEquals(groups(whole.lines()), groups(export.lines()), "two incremental runs give the contacts of one run over the whole file");
    }

    @Test
    void aSyncKilledMidRunAndRunAgainLosesAndDuplicatesNothing() throws Exception {
        Path input = dir.resolve("big.csv");
        assertEquals(0, Cli.run("generate", "--rows", "4000", "--seed", "11", "--output", input.toString()).status());
        String ws = workspace();
        List<String> command = List.of(javaBin(), "-cp", System.getProperty("java.class.path"), "io.contactkit.cli.Main",
                "sync", "--provider", "postgres", "--workspace", ws, "--concurrency", "4", "--output", "/dev/null", input.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile());
        pb.environment().put("CONTACTKIT_POSTGRES_URL", url());
        Process p = pb.start();
        long logged = 0;
        for (int i = 0; i < 1200 && logged < 300 && p.isAlive(); i++) {
            Thread.sleep(100);
            try {
                logged = count("SELECT count(*) FROM contactkit.command_log WHERE workspace = '" + ws + "'");
            } catch (java.sql.SQLException notYetMigrated) {
                logged = 0;
            }
        }
        assertTrue(p.isAlive(), "the run was still going when killed");
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        long before = count("SELECT count(*) FROM contactkit.command_log WHERE workspace = '" + ws + "'");
        assertTrue(before > 0 && before < 4000, "killed mid-run after " + before + " commands");

        Cli.Result rerun = Cli.run(env(), "", "sync", "--provider", "postgres", "--workspace", ws, "--concurrency", "4", input.toString());
        assertEquals(0, rerun.status(), rerun.err());
        String clean = workspace();
        Cli.Result once = Cli.run(env(), "", "sync", "--provider", "postgres", "--workspace", clean, "--concurrency", "4", input.toString());
        assertEquals(0, once.status(), once.err());
        Set<String> killed = groups(Cli.run(env(), "", "export", "--provider", "postgres", "--workspace", ws).lines());
        Set<String> reference = groups(Cli.run(env(), "", "export", "--provider", "postgres", "--workspace", clean).lines());
        assertEquals(reference, killed, "the killed and re-run sync holds the same contacts as one clean run");
        assertEquals(0, count("SELECT count(*) FROM (SELECT key, value FROM contactkit.identifiers WHERE workspace = '" + ws
                + "' GROUP BY key, value HAVING count(*) > 1) d"));
    }

    @Test
    void thePasswordNeverReachesTheOutput() {
        String bad = "postgresql://postgres:" + PASSWORD + "@127.0.0.1:1/postgres";
        for (String[] args : new String[][] {{"db", "migrate"}, {"export", "--provider", "postgres", "--workspace", "w"},
                {"sync", "--provider", "postgres", "--workspace", "w", DedupeCommandTest.EXAMPLE},
                {"dedupe", "--provider", "postgres", "--workspace", "w", DedupeCommandTest.EXAMPLE}}) {
            Cli.Result r = Cli.run(Map.of("CONTACTKIT_POSTGRES_URL", bad), "", args);
            assertFalse((r.out() + r.err()).contains(PASSWORD), String.join(" ", args) + ": " + r.err());
        }
        Cli.Result malformed = Cli.run(Map.of("CONTACTKIT_POSTGRES_URL", "postgresql://postgres:" + PASSWORD + "@/x y"), "", "db", "migrate");
        assertEquals(2, malformed.status(), malformed.err());
        assertFalse(malformed.err().contains(PASSWORD), malformed.err());
    }

    /** Each contact as the sorted set of its identifiers: comparable across ids and runs. */
    private static Set<String> groups(List<JsonNode> contacts) {
        Set<String> out = new TreeSet<>();
        for (JsonNode c : contacts) {
            List<String> ids = new ArrayList<>();
            c.get("identifiers").forEach(i -> ids.add(i.get("key").stringValue() + "=" + i.get("value").stringValue()));
            out.add(ids.stream().sorted().collect(Collectors.joining(",")));
        }
        return out;
    }

    private static long count(String sql) throws Exception {
        String u = url();
        java.net.URI uri = java.net.URI.create(u.replace("r2dbc:", ""));
        String[] info = uri.getUserInfo().split(":", 2);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(), info[0],
                info.length > 1 ? info[1] : ""); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
