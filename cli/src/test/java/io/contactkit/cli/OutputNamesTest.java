package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the commands name the files they cannot write, and an empty file name. */
class OutputNamesTest {

    static final String EXAMPLE = DedupeCommandTest.EXAMPLE;

    @TempDir
    Path dir;

    @Test
    void anEmptyFileNameIsAUsageErrorSayingANameIsNeeded() throws IOException {
        String rules = RulesCommandsTest.RULES;
        String output = "--output needs a file name: the one given is empty";
        List<List<String>> lines = List.of(
                List.of("dedupe", "-o", "", EXAMPLE), List.of(output),
                List.of("dedupe", "--output", "", "--region", "US", EXAMPLE), List.of(output),
                List.of("dedupe", "--rejects", "", EXAMPLE), List.of("--rejects needs a file name: the one given is empty"),
                List.of("dedupe", "--audit", "", EXAMPLE), List.of("--audit needs a file name: the one given is empty"),
                List.of("dedupe", "--rules", rules, "--hubs", "", EXAMPLE), List.of("--hubs needs a file name: the one given is empty"),
                List.of("dedupe", "--rules", "", EXAMPLE), List.of("--rules needs a file name: the one given is empty"),
                List.of("dedupe", "--engine", "spark", "--output-dir", "", EXAMPLE), List.of("--output-dir needs a folder name: the one given is empty"),
                List.of("dedupe", ""), List.of("INPUT needs a file name (or - for standard input): the one given is empty"),
                List.of("split", "--contacts", "c1", "--new-rules", "", EXAMPLE), List.of("--new-rules needs a file name: the one given is empty"),
                List.of("split", "--contacts", "c1", "--new-rules", rules, "-o", "", EXAMPLE), List.of(output),
                List.of("sync", "--provider", "memory", "--workspace", "w", "--failed", "", EXAMPLE),
                List.of("--failed needs a file name: the one given is empty"),
                List.of("sync", "--provider", "memory", "--workspace", "w", "-o", "", EXAMPLE), List.of(output),
                List.of("sync", "--provider", "memory", "--workspace", "w", ""),
                List.of("INPUT needs a file name (or - for standard input): the one given is empty"),
                List.of("generate", "--rows", "3", "-o", ""), List.of(output),
                List.of("export", "--provider", "memory", "--workspace", "w", "-o", ""), List.of(output),
                List.of("db", "split", "--workspace", "w", "--contacts", "c1", "--new-rules", ""),
                List.of("--new-rules needs a file name: the one given is empty"),
                List.of("db", "split", "--workspace", "w", "--contacts", "c1", "--new-rules", rules, "-o", ""), List.of(output));
        for (int i = 0; i < lines.size(); i += 2) {
            List<String> args = lines.get(i);
            String said = String.join(" ", args) + ": ";
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertEquals(2, r.status(), said + r.err());
            assertEquals(lines.get(i + 1).get(0), r.errLines().get(0), said + r.err());
            String command = args.get(0).equals("db") ? "db split" : args.get(0);
            assertTrue(r.errLines().get(1).startsWith("Usage: contactkit " + command + " "), said + r.err());
            assertEquals("", r.out(), said);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void aDeviceThatCannotBeWrittenIsNamedAsGiven() throws IOException {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full) && Files.isWritable(full), "/dev/full is there to write to");
        String said = "contactkit: /dev/full: cannot write: No space left on device";
        for (String option : List.of("-o", "--rejects", "--audit")) {
            Cli.Result r = Cli.run("dedupe", option, "/dev/full", EXAMPLE);
            assertEquals(1, r.status(), option + ": " + r.err());
            assertEquals(List.of(said), r.errLines(), option);
        }
        // an output larger than what is held before writing: the writing itself fails, and is said the same way
        Path big = dir.resolve("big.csv");
        assertEquals(0, Cli.run("generate", "--rows", "20000", "-o", big.toString()).status());
        for (String[] args : List.of(new String[] {"dedupe", "--region", "US", "-o", "/dev/full", big.toString()},
                new String[] {"sync", "--provider", "memory", "--workspace", "w", "--region", "US", "-o", "/dev/full", big.toString()},
                new String[] {"generate", "--rows", "20000", "-o", "/dev/full"})) {
            Cli.Result r = Cli.run(args);
            assertEquals(1, r.status(), String.join(" ", args) + ": " + r.err());
            assertEquals(said, r.errLines().get(0), String.join(" ", args) + ": " + r.err());
            assertFalse(r.err().contains("unexpected"), r.err());
        }
    }

    @Test
    void aRunThatCannotWriteOneOfItsOutputsLeavesNoneOfTheOthersInPlace() throws IOException {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full) && Files.isWritable(full), "/dev/full is there to write to");
        Path contacts = dir.resolve("c.ndjson");
        Path rejects = dir.resolve("r.ndjson");
        for (String[] args : List.of(
                new String[] {"dedupe", "-o", contacts.toString(), "--rejects", "/dev/full", EXAMPLE},
                new String[] {"dedupe", "-o", contacts.toString(), "--audit", "/dev/full", EXAMPLE},
                new String[] {"dedupe", "-o", contacts.toString(), "--rejects", rejects.toString(), "--audit", "/dev/full", EXAMPLE})) {
            Cli.Result r = Cli.run(args);
            assertEquals(1, r.status(), String.join(" ", args) + ": " + r.err());
            assertEquals(List.of("contactkit: /dev/full: cannot write: No space left on device"), r.errLines(), String.join(" ", args));
            // the run failed: neither its contacts nor its rejects are written (nor a temporary file left)
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(), files.toList(), String.join(" ", args));
            }
        }
    }

    @Test
    void anOutputUnderAFileNamesThePathGivenAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("contacts.csv");
        Files.copy(Path.of(EXAMPLE), file);
        for (String option : List.of("-o", "--rejects", "--audit")) {
            for (String under : List.of("x.nd", "sub/x.nd")) {
                String name = file + "/" + under;
                Cli.Result r = Cli.run("dedupe", option, name, EXAMPLE);
                assertEquals(1, r.status(), option + " " + name + ": " + r.err());
                assertEquals(List.of("contactkit: " + name + ": cannot write: " + file + " is a file, not a folder"), r.errLines());
            }
        }
        Cli.Result generated = Cli.run("generate", "--rows", "3", "-o", file + "/x.csv");
        assertEquals(List.of("contactkit: " + file + "/x.csv: cannot write: " + file + " is a file, not a folder"), generated.errLines());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }
}
