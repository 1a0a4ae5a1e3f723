package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code split} of a file reads it twice, keeping for the replay only the records of the contacts it splits; standard
 * input, read once, keeps every record. Both give the same contacts.
 */
class SplitOfAFileTest {

    @TempDir
    Path dir;

    @Test
    void aSplitNamingAContactThatWasMergedAwayNamesTheContactThatHoldsItsRecords() throws Exception {
        Path input = dir.resolve("merged.csv");
        Files.writeString(input, "email,phone\nann@example.com,+31201234567\nbo@example.com,+31207654321\nann@example.com,+31207654321\n");
        Path rules = rules("identifiers:\n  phonenumber:\n    blocked: [\"+31207654321\"]\n");
        Cli.Result dedupe = Cli.run("dedupe", "--strategy", "merge", input.toString());
        assertEquals(0, dedupe.status(), dedupe.err());
        assertEquals(1, dedupe.lines().size(), dedupe.out());
        String survivor = dedupe.lines().get(0).get("id").stringValue();
        String mergedAway = survivor.equals("c1") ? "c2" : "c1";

        Cli.Result split = Cli.run("split", "--strategy", "merge", "--contacts", mergedAway, "--new-rules", rules.toString(), input.toString());
        assertEquals(1, split.status(), split.err());
        assertTrue(split.err().contains("cannot split: no contact with id " + mergedAway + ": it was merged into " + survivor), split.err());
        // the contact it names is the one to split
        Cli.Result named = Cli.run("split", "--strategy", "merge", "--contacts", survivor, "--new-rules", rules.toString(), input.toString());
        assertEquals(0, named.status(), named.err());
    }

    @Test
    void aSplitOfAFileIsTheSplitOfTheSameRecordsReadOnceFromStandardInput() throws Exception {
        Path input = generated(20_000, 11);
        Path rules = rules("identifiers:\n  \"*\":\n    maxPerContact: 1\nmerge:\n  maxContactsPerMerge: 2\n");
        // the contacts with the most records behind them, and the first ones
        Cli.Result dedupe = Cli.run("dedupe", "--strategy", "merge", "--region", "US", input.toString());
        assertEquals(0, dedupe.status(), dedupe.err());
        List<JsonNode> contacts = new ArrayList<>(dedupe.lines());
        contacts.sort(Comparator.comparingInt((JsonNode c) -> c.get("sourceRecords").size()).reversed());
        List<String> ids = new ArrayList<>(List.of("c1", "c2"));
        contacts.stream().limit(4).map(c -> c.get("id").stringValue()).filter(id -> !ids.contains(id)).forEach(ids::add);
        String named = String.join(",", ids);
        assertTrue(contacts.get(0).get("sourceRecords").size() >= 5, contacts.get(0)::toString);

        Cli.Result file = Cli.run("split", "--strategy", "merge", "--region", "US", "--contacts", named, "--new-rules", rules.toString(),
                input.toString());
        Cli.Result once = Cli.run(Map.of(), Files.readAllBytes(input), "split", "--strategy", "merge", "--region", "US", "--contacts", named,
                "--new-rules", rules.toString(), "-");

        assertEquals(0, file.status(), file.err());
        assertEquals(0, once.status(), once.err());
        assertEquals(once.out(), file.out());
        assertEquals(once.summary(), file.summary());
        assertTrue(file.lines().size() > ids.size(), "some contacts came apart: " + file.summary());
        // the ids as a user types a list, with spaces after the commas: the same split
        Cli.Result spaced = Cli.run("split", "--strategy", "merge", "--region", "US", "--contacts", " " + String.join(", ", ids) + " ",
                "--new-rules", rules.toString(), input.toString());
        assertEquals(0, spaced.status(), spaced.err());
        assertEquals(file.out(), spaced.out());
        // a contact that is not one of the run's is refused as before
        Cli.Result unknown = Cli.run("split", "--strategy", "merge", "--region", "US", "--contacts", "c999999", "--new-rules", rules.toString(),
                input.toString());
        assertEquals(1, unknown.status());
        assertTrue(unknown.err().contains("cannot split") && unknown.err().contains("c999999"), unknown.err());
    }

    @Test
    void anEmptyContactIdIsAUsageErrorBeforeTheInputIsRead() throws Exception {
        Path rules = rules("identifiers:\n  phonenumber:\n    blocked: [\"+14084029292\"]\n");
        for (String named : List.of("", "c1,,c2", " ")) {
            Cli.Result r = Cli.run("split", "--strategy", "merge", "--region", "US", "--contacts", named, "--new-rules", rules.toString(),
                    dir.resolve("not-there.csv").toString());
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().startsWith("--contacts names an empty contact id"), r.err());
        }
    }

    @Test
    void aSplitOfAFileHoldsTheRecordsOfItsContactsAloneNotEveryRecord() throws Exception {
        // 200,000 records: the history of every one would take about 200 MB of heap, which a run in 128 MB cannot hold (read
        // once from standard input, this split runs out of memory); the records of three contacts take next to nothing
        Path input = generated(200_000, 3);
        Path rules = rules("identifiers:\n  \"*\":\n    maxPerContact: 2\n");
        Path out = dir.resolve("split.ndjson");
        Cli.Forked run = Cli.fork(List.of("-Xmx128m"), dir.resolve("run.log"), 180, "split", "--strategy", "merge", "--region", "US",
                "--contacts", "c1,c2,c3", "--new-rules", rules.toString(), "--output", out.toString(), input.toString());
        String said = run.said();
        assertTrue(run.ended(), said);
        assertEquals(0, run.status(), said);
        assertTrue(said.strip().endsWith("dropped=0") && said.contains("replaced=3"), said);
        assertTrue(Files.readAllLines(out).size() >= 3);
    }

    private Path generated(int rows, int seed) {
        Path input = dir.resolve("in-" + rows + ".csv");
        assertEquals(0, Cli.run("generate", "--rows", String.valueOf(rows), "--seed", String.valueOf(seed), "--profile", "crm", "--output",
                input.toString()).status());
        return input;
    }

    private Path rules(String yaml) throws java.io.IOException {
        return Files.writeString(dir.resolve("new-rules.yaml"), yaml, StandardCharsets.UTF_8);
    }
}
