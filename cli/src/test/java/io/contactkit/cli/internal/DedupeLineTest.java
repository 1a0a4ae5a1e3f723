package io.contactkit.cli.internal;

import static io.contactkit.cli.internal.CommandRegistrationTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The usual dedupe line parsed without picocli sets what picocli sets, and everything else is left to picocli. */
class DedupeLineTest {

    private static final Io IO = new Io(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Map.of(), false);

    /** Every option and parameter field of the command and of its mixin, by name, as picocli left them. */
    private static Map<String, Object> fields(DedupeCommand c) throws IllegalAccessException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Object o : List.of(c, c.records)) {
            for (Field f : o.getClass().getDeclaredFields()) {
                if (f.isAnnotationPresent(CommandLine.Option.class) || f.isAnnotationPresent(CommandLine.Parameters.class)) {
                    f.setAccessible(true);
                    values.put(f.getName(), f.get(o));
                }
            }
        }
        return values;
    }

    private static DedupeCommand picocli(String... args) {
        DedupeCommand c = new DedupeCommand();
        new CommandLine(new ContactKitCommand(IO)).addSubcommand("dedupe", c).parseArgs(args);
        return c;
    }

    @Test
    void theUsualLinesSetWhatPicocliSets() throws Exception {
        List<String[]> lines = List.of(
                new String[] {"dedupe", "in.csv"},
                new String[] {"dedupe", "--strategy", "merge", "--region", "US", "--output", "out.ndjson", "--rejects", "r.ndjson", "in.csv"},
                new String[] {"dedupe", "in.csv", "--strategy", "FIRST_ALIAS", "-o", "o"},
                new String[] {"dedupe", "--rejects", "r", "in.ndjson", "--region", "gb"},
                new String[] {"dedupe", "--strategy", "first", "x y.csv"},
                new String[] {"dedupe", "--output", "dir/out", "--strategy", "strict_alias", "--region", "DE", "in.csv"});
        for (String[] line : lines) {
            DedupeCommand fast = DedupeLine.parse(new ContactKitCommand(IO), line);
            assertNotNull(fast, String.join(" ", line));
            assertEquals(fields(picocli(line)), fields(fast), String.join(" ", line));
            assertNull(fast.spec);
        }
    }

    @Test
    void everythingElseIsLeftToPicocli() {
        List<String[]> lines = List.of(
                new String[] {"dedupe"},
                new String[] {"dedupe", "a.csv", "b.csv"},
                new String[] {"dedupe", "--strategy", "merge"},
                new String[] {"dedupe", "--strategy=merge", "in.csv"},
                new String[] {"dedupe", "--strategy", "nope", "in.csv"},
                new String[] {"dedupe", "--strategy", "merge", "--strategy", "first", "in.csv"},
                new String[] {"dedupe", "--region", "US", "--region", "US", "in.csv"},
                new String[] {"dedupe", "-o", "a", "--output", "b", "in.csv"},
                new String[] {"dedupe", "--rejects", "a", "--rejects", "b", "in.csv"},
                new String[] {"dedupe", "-"},
                new String[] {"dedupe", "--output", "-", "in.csv"},
                new String[] {"dedupe", "@args.txt"},
                new String[] {"dedupe", "--output", "@out", "in.csv"},
                new String[] {"dedupe", "", "in.csv"},
                new String[] {"dedupe", "--region", "", "in.csv"},
                new String[] {"dedupe", "in.csv", "--region"},
                new String[] {"dedupe", "--help"},
                new String[] {"dedupe", "-h", "in.csv"},
                new String[] {"dedupe", "--verbose", "in.csv"},
                new String[] {"dedupe", "--", "in.csv"},
                new String[] {"dedupe", "--priority", "email", "in.csv"},
                new String[] {"dedupe", "--format", "csv", "in.csv"},
                new String[] {"dedupe", "--rules", "r.yaml", "in.csv"},
                new String[] {"dedupe", "--audit", "a", "in.csv"},
                new String[] {"dedupe", "--provider", "postgres", "in.csv"},
                new String[] {"dedupe", "--engine", "memory", "in.csv"},
                new String[] {"dedupe", "-ofile", "in.csv"},
                new String[] {"--verbose", "dedupe", "in.csv"},
                new String[] {"Dedupe", "in.csv"},
                new String[] {"generate", "in.csv"});
        for (String[] line : lines) {
            assertNull(DedupeLine.parse(new ContactKitCommand(IO), line), String.join(" ", line));
        }
    }

    /** The same line with {@code --strategy=S}, which only picocli parses. */
    private static String[] throughPicocli(String... args) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--strategy")) {
                l.add("--strategy=" + args[++i]);
            } else {
                l.add(args[i]);
            }
        }
        return l.toArray(new String[0]);
    }

    @Test
    void aRunPrintsWhatPicocliSRunPrints(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "email,phone,firstName\nAnn@Example.com,(201) 402-0013,Ann\nann@example.com,,Annie\n,not a phone,Bob\n,,Carl\n");
        String[] fast = {"dedupe", "--strategy", "merge", "--region", "US", "--rejects", dir.resolve("r1").toString(), in.toString()};
        String[] slow = throughPicocli("dedupe", "--strategy", "merge", "--region", "US", "--rejects", dir.resolve("r2").toString(), in.toString());
        assertNotNull(DedupeLine.parse(new ContactKitCommand(IO), fast));
        assertNull(DedupeLine.parse(new ContactKitCommand(IO), slow));
        CommandRegistrationTest.Run a = run(fast);
        CommandRegistrationTest.Run b = run(slow);
        assertEquals(0, a.status(), a.err());
        assertEquals(b, a);
        assertEquals(Files.readString(dir.resolve("r2")), Files.readString(dir.resolve("r1")));
        assertTrue(a.err().contains("rejected=1"), a.err());

        // failures as picocli's execution handler reports them: a missing input, the same message and status
        String missing = dir.resolve("none.csv").toString();
        CommandRegistrationTest.Run c = run("dedupe", "--strategy", "merge", missing);
        assertEquals(run(throughPicocli("dedupe", "--strategy", "merge", missing)), c);
        assertEquals(1, c.status(), c.err());
    }

    @Test
    void aUsageErrorTheCommandFindsIsReportedByPicocli(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "email\na@example.com\n");
        String[] line = {"dedupe", "--strategy", "merge", "--region", "XX", "--output", dir.resolve("out").toString(), in.toString()};
        assertNotNull(DedupeLine.parse(new ContactKitCommand(IO), line));
        CommandRegistrationTest.Run fast = run(line);
        assertEquals(2, fast.status(), fast.err());
        assertTrue(fast.err().contains("Usage: contactkit dedupe"), fast.err());
        assertEquals(run(throughPicocli(line)), fast);
        assertTrue(Files.notExists(dir.resolve("out")));
    }
}
