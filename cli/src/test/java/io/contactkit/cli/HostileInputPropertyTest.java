package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile CSV and NDJSON rows (quotes, CR/LF, NUL, very long and non-ASCII values, wrong cell
 * counts, truncated lines, unquoted specials): every record ends exactly once among the contacts or
 * the rejects, or the whole input fails with one typed line naming the file and the record; never
 * an untyped failure.
 */
class HostileInputPropertyTest {

    static final String[] HEADER = {"email", "phone", "firstName", "note"};
    static final Set<String> CODES = Set.of("invalid_identifier", "invalid_record", "conflict", "too_many_cells",
            "invalid_json", "not_an_object", "wrong_type", "invalid_field", "unnamed_column", "empty_record");
    /** One line naming the file and where: a record and its line, or the header (a truncation can cut into it). */
    static final Pattern FILE_ERROR = Pattern.compile(
            "contactkit: .+: (record \\d+ \\(line \\d+\\)|header \\(line \\d+\\), column \\d+|no header row): .+");

    @TempDir
    Path dir;

    /** One generated input: its bytes, its format, and how many records it holds when that is known. */
    record Sample(boolean ndjson, String text, long expectedRecords) {
        @Override
        public String toString() {
            return (ndjson ? "NDJSON" : "CSV") + " expecting " + expectedRecords + ":\n" + text.replace("\u0000", "\\0");
        }
    }

    final Map<String, Integer> reached = new TreeMap<>();
    int runs;

    void reach(String what) {
        reached.merge(what, 1, Integer::sum);
    }

    static int pick(RandomnessSource in, int n) {
        return (int) in.next(Constraint.between(0, n - 1));
    }

    static String cell(RandomnessSource in) {
        switch (pick(in, 11)) {
            case 0: return "";
            case 1: return " Ann" + pick(in, 5) + "@Example.COM ";
            case 2: return "+1 408 402 92" + (10 + pick(in, 5));
            case 3: return "say \"hi\", ok";
            case 4: return "two\r\nlines";
            case 5: return "nul\u0000byte";
            case 6: return "z".repeat(400 + pick(in, 2000));
            case 7: return "Zoë 🎉 日本語";
            case 8: return "not-an-email";
            case 9: return "(408) 402-9292";
            default: return "  ";
        }
    }

    static final Gen<Sample> SAMPLES = in -> {
        boolean ndjson = pick(in, 2) == 1;
        int rows = pick(in, 12);
        List<List<String>> table = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            int cells = pick(in, HEADER.length + 3);
            List<String> row = new ArrayList<>();
            for (int c = 0; c < cells; c++) {
                row.add(cell(in));
            }
            table.add(row);
        }
        return ndjson ? ndjson(in, table) : csv(in, table);
    };

    static Sample csv(RandomnessSource in, List<List<String>> table) {
        StringBuilder b = new StringBuilder(String.join(",", HEADER)).append(pick(in, 2) == 0 ? "\n" : "\r\n");
        int broken = pick(in, 4) == 0 && !table.isEmpty() ? pick(in, table.size()) : -1;
        long records = 0;
        for (int r = 0; r < table.size(); r++) {
            List<String> row = table.get(r);
            List<String> encoded = new ArrayList<>();
            for (String v : row) {
                encoded.add(r == broken ? v : "\"" + v.replace("\"", "\"\"") + "\"");
            }
            b.append(String.join(",", encoded)).append(pick(in, 2) == 0 ? "\n" : "\r\n");
            boolean blank = row.isEmpty() || (row.size() == 1 && row.get(0).isEmpty());
            records += blank ? 0 : 1;
        }
        String text = b.toString();
        if (pick(in, 8) == 0 && text.length() > 1) {
            text = prefix(text, text.length() - 1 - pick(in, Math.min(40, text.length() - 1)));
            broken = 0;
        }
        return new Sample(false, text, broken >= 0 ? -1 : records);
    }

    /** A prefix that does not split a surrogate pair: a file holds UTF-8, where half a character cannot exist. */
    static String prefix(String s, int end) {
        return end > 0 && Character.isHighSurrogate(s.charAt(end - 1)) ? s.substring(0, end - 1) : s.substring(0, end);
    }

    static Sample ndjson(RandomnessSource in, List<List<String>> table) {
        StringBuilder b = new StringBuilder();
        for (List<String> row : table) {
            ObjectNode o = Cli.JSON.createObjectNode();
            for (int c = 0; c < row.size(); c++) {
                o.put(c < HEADER.length ? HEADER[c] : "extra" + c, row.get(c));
            }
            String line = Cli.JSON.writeValueAsString(o);
            switch (pick(in, 10)) {
                case 0:
                    line = prefix(line, 1 + pick(in, line.length() - 1));
                    break;
                case 1:
                    line = "[" + line + "]";
                    break;
                case 2:
                    line = "{\"phone\": " + pick(in, 1000) + "}";
                    break;
                default:
                    break;
            }
            b.append(line).append('\n');
        }
        return new Sample(true, b.toString(), table.size());
    }

    @Test
    void everyRecordEndsExactlyOnceOrTheInputFailsWithOneTypedLine() {
        qt().withExamples(300).withShrinkCycles(50).forAll(SAMPLES).checkAssert(this::check);
        for (String expected : List.of("file error", "too_many_cells", "invalid_identifier", "invalid_json", "not_an_object",
                "wrong_type", "anonymous contact", "multi-line value", "NUL value", "long value", "ndjson", "csv")) {
            assertTrue(reached.getOrDefault(expected, 0) > 0, "never reached " + expected + ": " + reached);
        }
    }

    private void check(Sample s) {
        runs++;
        reach(s.ndjson() ? "ndjson" : "csv");
        try {
            Path in = dir.resolve("in" + runs + (s.ndjson() ? ".ndjson" : ".csv"));
            Path rejects = dir.resolve("rejects" + runs + ".ndjson");
            Files.writeString(in, s.text(), StandardCharsets.UTF_8);
            Cli.Result r = Cli.run("dedupe", "--rejects", rejects.toString(), in.toString());
            assertFalse(r.err().contains("unexpected failure"), r.err());
            if (r.status() == 1) {
                reach("file error");
                assertEquals(1, r.errLines().size(), r.err());
                assertTrue(FILE_ERROR.matcher(r.errLines().get(0)).matches(), r.err());
                assertEquals("", r.out());
                assertFalse(Files.exists(rejects));
                assertTrue(s.expectedRecords() < 0, "a well-formed input failed: " + r.err());
                return;
            }
            assertEquals(0, r.status(), r.err());
            long records = Long.parseLong(r.summary().replaceAll("^records=(\\d+) .*$", "$1"));
            if (s.expectedRecords() >= 0) {
                assertEquals(s.expectedRecords(), records, r.summary());
            }
            List<JsonNode> contacts = r.lines();
            List<JsonNode> rejected = Cli.ndjson(Files.readString(rejects));
            DedupeCommandTest.assertEveryRecordOnce(records, contacts, rejected);
            for (JsonNode j : rejected) {
                String code = j.get("code").stringValue();
                assertTrue(CODES.contains(code), code);
                reach(code);
            }
            for (JsonNode c : contacts) {
                if (c.get("identifiers").isEmpty()) {
                    reach("anonymous contact");
                }
                c.get("attributes").forEach(v -> {
                    String t = v.isString() ? v.stringValue() : "";
                    if (t.contains("\n")) {
                        reach("multi-line value");
                    }
                    if (t.contains("\u0000")) {
                        reach("NUL value");
                    }
                    if (t.length() > 400) {
                        reach("long value");
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
