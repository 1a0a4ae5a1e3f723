package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code dedupe --engine}: without Spark on the class path the tool says how to get it, and the Spark-only flags need the engine. */
class DedupeEngineOptionTest {

    private static final String INPUT = "../examples/contacts.csv";

    @Test
    void sparkWithoutSparkOnTheClassPathSaysHowToRunIt() {
        Cli.Result r = Cli.run("dedupe", "--engine", "spark", INPUT);
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("Spark is not on the class path"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void anUnknownEngineIsAUsageError() {
        Cli.Result r = Cli.run("dedupe", "--engine", "flink", INPUT);
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("unknown engine 'flink': use memory or spark"), r.err());
    }

    @Test
    void masterAndOutputDirNeedTheSparkEngine() {
        assertEquals(2, Cli.run("dedupe", "--master", "local[2]", INPUT).status());
        Cli.Result r = Cli.run("dedupe", "--output-dir", "out", INPUT);
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--master and --output-dir need --engine spark"), r.err());
    }

    @Test
    void anAuditOrHubsFileWhereOutputDirWritesItsFoldersIsAUsageError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        // else the run wrote the part files, then failed on its audit ("Is a directory") with status 1
        String rules = "../examples/rules.yaml";
        for (String[] o : new String[][] {{"--audit", "contacts"}, {"--hubs", "rejects"}}) {
            String file = dir.resolve(o[1]).toString();
            Cli.Result r = Cli.run("dedupe", "--engine", "spark", "--rules", rules, "--output-dir", dir.toString(), o[0], file, INPUT);
            assertEquals(2, r.status(), r.err());
            assertEquals(o[0] + " names " + file + ", the folder --output-dir writes the " + o[1] + " in: give another file", r.errLines().get(0));
        }
    }

    @Test
    void theRulesAreCheckedBeforeAnyEngineRuns() {
        Cli.Result r = Cli.run("dedupe", "--engine", "spark", "--hubs", "hubs.ndjson", INPUT);
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("--hubs needs hub rules"), r.err());
        Cli.Result missing = Cli.run("dedupe", "--engine", "spark", "--rules", "no-such-rules.yaml", INPUT);
        assertEquals(1, missing.status(), missing.err());
        assertTrue(missing.err().contains("--rules no-such-rules.yaml: no such file"), missing.err());
    }

    @Test
    void theMemoryEngineByNameIsTheDefault() {
        Cli.Result named = Cli.run("dedupe", "--engine", "memory", INPUT);
        Cli.Result plain = Cli.run("dedupe", INPUT);
        assertEquals(0, named.status(), named.err());
        assertEquals(plain.out(), named.out());
    }
}
