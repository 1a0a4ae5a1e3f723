package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code contactkit dedupe} end to end through picocli, in this process. */
class DedupeCommandTest {

    static final String EXAMPLE = "../examples/contacts.csv";

    @TempDir
    Path dir;

    Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    static List<JsonNode> rejectsOf(Path p) throws IOException {
        return Cli.ndjson(Files.readString(p, StandardCharsets.UTF_8));
    }

    static List<String> identifiers(JsonNode contact) {
        List<String> out = new ArrayList<>();
        contact.get("identifiers").forEach(i -> out.add(i.get("key").stringValue() + ":" + i.get("value").stringValue()));
        return out;
    }

    static List<Long> sources(JsonNode contact) {
        List<Long> out = new ArrayList<>();
        contact.get("sourceRecords").forEach(n -> out.add(n.longValue()));
        return out;
    }

    /** Every record exactly once: in one contact's sourceRecords or among the rejects. */
    static void assertEveryRecordOnce(long records, List<JsonNode> contacts, List<JsonNode> rejects) {
        List<Long> seen = new ArrayList<>();
        contacts.forEach(c -> seen.addAll(sources(c)));
        rejects.forEach(r -> seen.add(r.get("record").longValue()));
        TreeSet<Long> distinct = new TreeSet<>(seen);
        assertEquals(seen.size(), distinct.size(), "a record appears twice: " + seen);
        assertEquals(records, distinct.size());
        if (records > 0) {
            assertEquals(1L, distinct.first());
            assertEquals(records, distinct.last());
        }
    }

    @Test
    void theExampleShowsEveryKindOfDecision() throws IOException {
        Path rejects = dir.resolve("rejects.ndjson");
        Cli.Result r = Cli.run("dedupe", "--rejects", rejects.toString(), EXAMPLE);
        assertEquals(0, r.status(), r.err());
        assertEquals("records=50 contacts=28 created=28 updated=17 merged=0 rejected=5", r.summary());
        assertEquals(1, r.errLines().size(), r.err());
        List<JsonNode> contacts = r.lines();
        assertEquals(28, contacts.size());
        for (int i = 0; i < contacts.size(); i++) {
            assertEquals("c" + (i + 1), contacts.get(i).get("id").stringValue(), "creation order");
            List<Long> s = sources(contacts.get(i));
            assertEquals(new ArrayList<>(new TreeSet<>(s)), s, "sourceRecords ascending");
        }
        JsonNode ann = contacts.get(0);
        // e-mail lower-cased and trimmed, phones in E.164, the shared office line joined Ines to Ann
        assertEquals(List.of("emailaddress:ann.lee@example.com", "phonenumber:+14084029292", "crm:CRM-1001",
                "emailaddress:ines.silva@example.org"), identifiers(ann));
        assertEquals(List.of(1L, 2L, 3L, 15L), sources(ann));
        assertEquals("Ines", ann.get("displayName").stringValue(), "the last record's firstName wins");
        assertEquals("Acme", ann.get("attributes").get("company").stringValue());
        assertFalse(ann.get("anonymous").booleanValue());

        JsonNode visitor = contacts.get(15);
        assertEquals(List.of("visitorid:v-8f3a2c"), identifiers(visitor));
        assertTrue(visitor.get("anonymous").booleanValue());
        assertEquals(List.of(30L, 31L), sources(visitor));

        JsonNode walkIn = contacts.get(22);
        assertEquals(List.of(), identifiers(walkIn), "a record without identifiers is a contact of its own");
        assertTrue(walkIn.get("anonymous").booleanValue());
        assertEquals("No", walkIn.get("displayName").stringValue());
        assertEquals(List.of(42L), sources(walkIn));

        List<JsonNode> rejected = rejectsOf(rejects);
        assertEquals(List.of(16L, 17L, 18L, 22L, 50L), rejected.stream().map(n -> n.get("record").longValue()).toList());
        assertEquals("invalid_identifier", rejected.get(0).get("code").stringValue());
        assertTrue(rejected.get(0).get("message").stringValue().contains("no default region"), rejected.get(0).toString());
        assertEquals("invalid_identifier", rejected.get(2).get("code").stringValue());
        JsonNode conflict = rejected.get(3);
        assertEquals("conflict", conflict.get("code").stringValue());
        assertTrue(conflict.get("message").stringValue().contains("c10") && conflict.get("message").stringValue().contains("c9"), conflict.toString());
        assertEveryRecordOnce(50, contacts, rejected);
    }

    @Test
    void mergeJoinsTheContactsAConflictNames() throws IOException {
        Path rejects = dir.resolve("rejects.ndjson");
        Cli.Result r = Cli.run("dedupe", "--strategy", "merge", "--rejects", rejects.toString(), EXAMPLE);
        assertEquals(0, r.status(), r.err());
        assertEquals("records=50 contacts=27 created=28 updated=17 merged=1 rejected=4", r.summary());
        JsonNode survivor = r.lines().stream().filter(c -> c.get("id").stringValue().equals("c9")).findFirst().orElseThrow();
        assertEquals(List.of(19L, 20L, 21L, 22L), sources(survivor), "the merged contact's records go to the older survivor");
        assertTrue(identifiers(survivor).contains("emailaddress:noah.wilson@example.net"));
        assertFalse(r.lines().stream().anyMatch(c -> c.get("id").stringValue().equals("c10")));
        assertEveryRecordOnce(50, r.lines(), rejectsOf(rejects));
    }

    @Test
    void eachStrategyDecidesAsTheDomainSays() throws IOException {
        Path in = write("s.csv", "email,phone\nann@example.com,+14084029292\nbob@example.com,+14152738841\nann@example.com,+14152738841\n");
        Cli.Result strict = Cli.run("dedupe", in.toString());
        assertEquals("records=3 contacts=2 created=2 updated=0 merged=0 rejected=1", strict.summary());

        Cli.Result firstAlias = Cli.run("dedupe", "--strategy", "first_alias", in.toString());
        assertEquals("records=3 contacts=2 created=2 updated=1 merged=0 rejected=0", firstAlias.summary());
        assertEquals(List.of(1L, 3L), sources(firstAlias.lines().get(0)));
        assertEquals(List.of("phonenumber:+14152738841"), identifiers(firstAlias.lines().get(1)).subList(1, 2));

        Cli.Result first = Cli.run("dedupe", "--strategy", "FIRST", in.toString());
        assertEquals(0, first.status(), first.err());
        assertEquals(List.of("emailaddress:ann@example.com"), identifiers(first.lines().get(0)), "first keeps only the first identifier");

        Cli.Result merge = Cli.run("dedupe", "--strategy", "merge", in.toString());
        assertEquals("records=3 contacts=1 created=2 updated=0 merged=1 rejected=0", merge.summary());
        assertEquals(List.of(1L, 2L, 3L), sources(merge.lines().get(0)));
    }

    @Test
    void priorityReordersIdentifiers() throws IOException {
        Path in = write("p.csv", "email,phone,id:crm\nann@example.com,+14084029292,CRM-1\n");
        Cli.Result r = Cli.run("dedupe", "--strategy", "first", "--priority", "id:crm,phone", in.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("crm:CRM-1"), identifiers(r.lines().get(0)));
        Cli.Result columns = Cli.run("dedupe", "--priority", "phonenumber", in.toString());
        assertEquals(List.of("phonenumber:+14084029292", "emailaddress:ann@example.com", "crm:CRM-1"), identifiers(columns.lines().get(0)));
    }

    @Test
    void withoutRejectsFileTheRejectsAreCountedByCodeMostFirstAndSaidBeforeTheSummary() throws IOException {
        Path in = write("mixed.csv", "email,id:crm\nalso\u001b[31mbad,A\nann@example.com,B\nnot-an-address,C\nbob@example.com,D\nann@example.com,D\n");
        Cli.Result r = Cli.run("dedupe", in.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("records=5 contacts=2 created=2 updated=0 merged=0 rejected=3", r.summary());
        assertEquals(2, r.errLines().size(), r.err());
        String told = r.errLines().get(0);
        assertTrue(told.startsWith("contactkit: 3 rejected records not kept (--rejects FILE keeps them): invalid_identifier 2, first record 1: "), told);
        assertTrue(told.contains("; conflict 1, first record 5: "), told);
        assertFalse(told.chars().anyMatch(Character::isISOControl), told);

        // with a rejects file, they are there and nowhere else
        Path rejects = dir.resolve("rejects.ndjson");
        Cli.Result kept = Cli.run("dedupe", "--rejects", rejects.toString(), in.toString());
        assertEquals(List.of(r.summary()), kept.errLines());
        assertEquals(3, rejectsOf(rejects).size());
    }

    @Test
    void aPriorityKeyNoColumnHoldsGetsAWarningAndTheRunGoesOn() {
        Cli.Result r = Cli.run("dedupe", "--rejects", dir.resolve("r.ndjson").toString(), "--priority", "crm_id,phone", EXAMPLE);
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("contactkit: warning: " + EXAMPLE + ": --priority names crm_id, which no column holds (the identifier columns"
                + " hold emailaddress, phonenumber, crm, visitorid)", "records=50 contacts=28 created=28 updated=17 merged=0 rejected=5"),
                r.errLines());
        // keys the header holds, by any of their names: nothing to say
        Cli.Result held = Cli.run("dedupe", "--rejects", dir.resolve("r2.ndjson").toString(), "--priority", "id:crm,Phone Number", EXAMPLE);
        assertEquals(1, held.errLines().size(), held.err());
    }

    @Test
    void regionMakesNationalNumbersValid() throws IOException {
        Path in = write("r.csv", "phone\n(408) 402-9292\n408.402.9292\n");
        Cli.Result none = Cli.run("dedupe", in.toString());
        assertEquals("records=2 contacts=0 created=0 updated=0 merged=0 rejected=2", none.summary());
        // without --rejects, the rejects are not kept, but what and why is said before the summary
        assertEquals(List.of("contactkit: 2 rejected records not kept (--rejects FILE keeps them): invalid_identifier 2, first record 1:"
                        + " '(408) 402-9292' has no country code (+...) and no default region is configured; 2 records have a phone number"
                        + " without its country code: give the country with --region (e.g. --region US)",
                none.summary()), none.errLines());
        Cli.Result us = Cli.run("dedupe", "--region", "us", in.toString());
        assertEquals("records=2 contacts=1 created=1 updated=1 merged=0 rejected=0", us.summary());
        assertEquals(List.of("phonenumber:+14084029292"), identifiers(us.lines().get(0)));
        assertEquals("+14084029292", us.lines().get(0).get("displayName").stringValue());
        Cli.Result bad = Cli.run("dedupe", "--region", "XX", in.toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("unknown region 'XX'"), bad.err());
    }

    @Test
    void theRegionsUsageErrorComesBeforeAnyProblemWithTheOutputsAndLeavesNoFileBehind() throws IOException {
        // the policy is made before the input and the outputs are opened: its error comes first
        Path in = write("u.csv", "phone\n(408) 402-9292\n");
        Path missing = dir.resolve("no-such-folder");
        for (String[] line : List.of(
                new String[] {"dedupe", "--strategy", "merge", "--region", "XX", "--output", missing.resolve("o").toString(), in.toString()},
                new String[] {"dedupe", "--region", "XX", "--rejects", missing.resolve("r").toString(), in.toString()},
                new String[] {"dedupe", "--region", "XX", "--output", dir.resolve("o.ndjson").toString(), "--rejects", dir.resolve("r.ndjson").toString(),
                    in.toString()})) {
            Cli.Result bad = Cli.run(line);
            assertEquals(2, bad.status(), bad.err());
            assertTrue(bad.err().contains("unknown region 'XX'"), bad.err());
            assertFalse(bad.err().contains("does not exist"), bad.err());
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(in), files.toList());
            }
        }
        // with a valid region, the folder's problem is reported as before
        Cli.Result noFolder = Cli.run("dedupe", "--region", "US", "--output", missing.resolve("o").toString(), in.toString());
        assertEquals(1, noFolder.status(), noFolder.err());
        assertTrue(noFolder.err().contains("does not exist"), noFolder.err());
    }

    @Test
    void aFolderThatIsThereButTakesNoNewFilesIsNotSaidToBeMissing() throws IOException {
        // /proc is there, and creating a file in it fails as in a folder that is not (ENOENT)
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "a Linux /proc");
        Path in = write("p.csv", "email\nann@example.com\n");
        Cli.Result bad = Cli.run("dedupe", "--output", "/proc/contactkit-out.ndjson", in.toString());
        assertEquals(1, bad.status(), bad.err());
        assertTrue(bad.err().contains("/proc/contactkit-out.ndjson: cannot write: the folder /proc takes no new files"), bad.err());
        assertFalse(bad.err().contains("does not exist"), bad.err());
    }

    @Test
    void ndjsonInputRejectsOnlyTheBadLines() throws IOException {
        Path in = write("in.ndjson", String.join("\n",
                "{\"email\":\"Ann@Example.com\",\"firstName\":\"Ann\",\"age\":41,\"vip\":true,\"tags\":[\"a\",\"b\"]}",
                "",
                "{\"emailaddress\":[\"ann@example.com\",\"ann@work.example.com\"],\"id:crm\":\"C-1\",\"nickname\":null}",
                "{\"email\": \"broken\"",
                "[1,2,3]",
                "{\"phone\": 14084029292}",
                "{\"email\":\"x@example.com\",\"email\":\"y@example.com\"}",
                "{\"firstName\":\"Nobody\",\"address\":{\"city\":\"Lyon\"}}",
                "{\"id:bad key\":\"1\"}",
                "{\"firstName\":\"Walk-in\"}",
                "{\"email\":\"bob@example.com\"} trailing"));
        Path rejects = dir.resolve("rejects.ndjson");
        Cli.Result r = Cli.run("dedupe", "--rejects", rejects.toString(), in.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("records=10 contacts=2 created=2 updated=1 merged=0 rejected=7", r.summary());
        JsonNode ann = r.lines().get(0);
        assertEquals(List.of("emailaddress:ann@example.com", "emailaddress:ann@work.example.com", "crm:C-1"), identifiers(ann));
        assertEquals(41, ann.get("attributes").get("age").intValue());
        assertTrue(ann.get("attributes").get("vip").booleanValue());
        assertEquals(2, ann.get("attributes").get("tags").size());
        assertEquals(List.of(1L, 2L), sources(ann));
        assertEquals(List.of(), identifiers(r.lines().get(1)));
        List<String> codes = rejectsOf(rejects).stream().map(n -> n.get("record").longValue() + ":" + n.get("code").stringValue()).toList();
        assertEquals(List.of("3:invalid_json", "4:not_an_object", "5:wrong_type", "6:invalid_json", "7:wrong_type",
                "8:invalid_field", "10:invalid_json"), codes);
        assertEveryRecordOnce(10, r.lines(), rejectsOf(rejects));
    }

    @Test
    void ndjsonNumbersKeepTheirDigitsAndOneOutOfRangeIsRejectedAlone() throws IOException {
        // read as written, never through a double: 1e400 is no infinity, and no digit of a long fraction is lost
        Path in = write("n.ndjson", String.join("\n",
                "{\"id:crm\":\"a\",\"x\":1e400}",
                "{\"id:crm\":\"b\",\"x\":0.12345678901234567890123}",
                "{\"id:crm\":\"c\",\"x\":1e999999999}",
                "{\"id:crm\":\"d\",\"x\":[1,2e-1001]}",
                "{\"id:crm\":\"e\",\"x\":-1e-1000}"));
        Path rejects = dir.resolve("rejects.ndjson");
        Cli.Result r = Cli.run("dedupe", "--rejects", rejects.toString(), in.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("records=5 contacts=3 created=3 updated=0 merged=0 rejected=2", r.summary());
        // the output read as exactly as it was written
        tools.jackson.databind.json.JsonMapper exact = tools.jackson.databind.json.JsonMapper.builder()
                .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
        List<java.math.BigDecimal> x = r.out().lines().map(l -> exact.readTree(l).get("attributes").get("x").decimalValue()).toList();
        assertEquals(0, new java.math.BigDecimal("1e400").compareTo(x.get(0)), x.toString());
        assertEquals("0.12345678901234567890123", x.get(1).toPlainString());
        assertEquals(0, new java.math.BigDecimal("-1e-1000").compareTo(x.get(2)), x.toString());
        List<JsonNode> rejected = rejectsOf(rejects);
        assertEquals(List.of(3L, 4L), rejected.stream().map(n -> n.get("record").longValue()).toList());
        rejected.forEach(n -> {
            assertEquals("invalid_record", n.get("code").stringValue());
            assertTrue(n.get("message").stringValue().contains("at most 1000 digits before its decimal point"), n.toString());
        });
    }

    @Test
    void standardInputIsReadForADash() {
        Cli.Result csv = Cli.run(Map.of(), "email\nann@example.com\nANN@example.com\n", "dedupe", "-");
        assertEquals("records=2 contacts=1 created=1 updated=1 merged=0 rejected=0", csv.summary());
        Cli.Result json = Cli.run(Map.of(), "{\"email\":\"ann@example.com\"}\n", "dedupe", "--format", "ndjson", "-");
        assertEquals("records=1 contacts=1 created=1 updated=0 merged=0 rejected=0", json.summary());
    }

    @Test
    void malformedRowsAreRejectedAndTheRunGoesOn() throws IOException {
        Path in = write("m.csv", "email,firstName\r\nann@example.com,Ann,extra\r\n\r\nbob@example.com\r\n\"carl@example.com\",\"Carl \"\"C\"\"\r\nSmith\"\r\n  ,  \r\n");
        Path rejects = dir.resolve("rejects.ndjson");
        Cli.Result r = Cli.run("dedupe", "--rejects", rejects.toString(), in.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("records=4 contacts=2 created=2 updated=0 merged=0 rejected=2", r.summary());
        JsonNode tooMany = rejectsOf(rejects).get(0);
        assertEquals(1, tooMany.get("record").intValue());
        assertEquals("too_many_cells", tooMany.get("code").stringValue());
        assertEquals("the row has 3 cells but the header has 2 columns", tooMany.get("message").stringValue());
        assertEquals("Carl \"C\"\r\nSmith", r.lines().get(1).get("attributes").get("firstName").stringValue());
        // blank cells are absent, and a row of nothing else holds nothing to make a contact of: rejected, not an empty contact
        JsonNode empty = rejectsOf(rejects).get(1);
        assertEquals(4, empty.get("record").intValue());
        assertEquals("empty_record", empty.get("code").stringValue());
        assertEquals(2, r.lines().size());
        assertEveryRecordOnce(4, r.lines(), rejectsOf(rejects));
    }

    @Test
    void rowsOfEmptyCellsBelowTheDataAreRejectedNotMadeContacts() throws IOException {
        // as spreadsheets export them; a row with one value among empty cells is a record like any other
        Path in = write("t.csv", "email,firstName,lastName\r\na@x.com,Ann,Lee\r\n,,\r\n, , \r\n,Bo,\r\n,,\r\n");
        Path rejects = dir.resolve("rejects.ndjson");
        Cli.Result r = Cli.run("dedupe", "--rejects", rejects.toString(), in.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("records=5 contacts=2 created=2 updated=0 merged=0 rejected=3", r.summary());
        assertEquals(List.of("2:empty_record", "3:empty_record", "5:empty_record"),
                rejectsOf(rejects).stream().map(n -> n.get("record").longValue() + ":" + n.get("code").stringValue()).toList());
        assertEquals("Bo", r.lines().get(1).get("attributes").get("firstName").stringValue());
        assertEveryRecordOnce(5, r.lines(), rejectsOf(rejects));
    }

    @Test
    void aColumnWithoutANameIsIgnoredWhereEmptyAndRejectsTheRecordsWithAValueThere() throws IOException {
        // a spreadsheet's export: a trailing comma after the header, an empty column between two named ones
        Path in = write("unnamed.csv", "email,,phone,\n"
                + "ann@example.com,,+14155550100,\n"
                + "ANN@example.com, ,,\n"
                + "bob@example.com,x,,\n"
                + "carl@example.com,,,\n"
                + "dan@example.com,,,note\n");
        Path rejects = dir.resolve("unnamed-rejects.ndjson");
        Cli.Result r = Cli.run("dedupe", "--rejects", rejects.toString(), in.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("records=5 contacts=2 created=2 updated=1 merged=0 rejected=2", r.summary());
        List<JsonNode> rejected = rejectsOf(rejects);
        assertEquals(List.of(3, 5), rejected.stream().map(n -> n.get("record").intValue()).toList());
        assertEquals("unnamed_column", rejected.get(0).get("code").stringValue());
        assertEquals("column 2 has no name in the header but holds a value in this record: name the column, or remove it",
                rejected.get(0).get("message").stringValue());
        assertEquals("column 4 has no name in the header but holds a value in this record: name the column, or remove it",
                rejected.get(1).get("message").stringValue());
        assertEquals(List.of("emailaddress:ann@example.com", "phonenumber:+14155550100"), identifiers(r.lines().get(0)));
        assertEquals(0, r.lines().get(0).get("attributes").size(), "an empty unnamed column adds no attribute");
        // two unnamed columns are not duplicates of each other, and a header of none but unnamed columns still warns
        Path blank = write("blank.csv", ",\n,\n");
        Cli.Result none = Cli.run("dedupe", blank.toString());
        assertEquals(0, none.status(), none.err());
        assertTrue(none.err().contains("no column of the header is an identifier"), none.err());
    }

    @Test
    void anInputReadAsNdjsonThatIsNoneIsSaidSoOnce() throws IOException {
        // a CSV file given --format ndjson: every line would be rejected as invalid JSON, and the first says why
        Cli.Result csv = Cli.run("dedupe", "--format", "ndjson", "--strategy", "merge", EXAMPLE);
        assertEquals(0, csv.status(), csv.err());
        assertEquals("contactkit: warning: " + EXAMPLE + ": the first line is not a JSON object, and reads like a CSV header"
                + " ('email,phone,firstName,lastName,company,id:crm,visitor_id'): without --format ndjson a file not named .ndjson or"
                + " .jsonl is read as CSV; every line that is no JSON object is rejected as invalid_json", csv.errLines().get(0));
        assertEquals("records=51 contacts=0 created=0 updated=0 merged=0 rejected=51", csv.summary());
        // one JSON array instead of one object per line
        Path array = write("array.ndjson", "[\n  {\"email\": \"ann@example.com\"}\n]\n");
        Cli.Result a = Cli.run("dedupe", array.toString());
        assertEquals("contactkit: warning: " + array + ": the input starts with '[': NDJSON is one JSON object per line, not a JSON"
                + " array; write each object on a line of its own", a.errLines().get(0));
        // NDJSON as it should be, after a byte order mark and with a blank line: no warning, and the first record is not lost
        Path good = write("good.ndjson", "\uFEFF{\"email\":\"ann@example.com\"}\n\n{\"email\":\"bob@example.com\"}\n");
        Cli.Result g = Cli.run("dedupe", good.toString());
        assertEquals(0, g.status(), g.err());
        assertFalse(g.err().contains("warning"), g.err());
        assertEquals(2, g.lines().size(), g.out());
        assertEquals("records=2 contacts=2 created=2 updated=0 merged=0 rejected=0", g.summary());
    }

    @Test
    void fileLevelProblemsGiveOneLineAndStatusOne() throws IOException {
        String missing = dir.resolve("nope.csv").toString();
        assertOneLine(Cli.run("dedupe", missing), missing + ": no such file");
        assertOneLine(Cli.run("dedupe", dir.toString()), dir + ": is a directory, not a file");
        Path empty = write("empty.csv", "");
        assertOneLine(Cli.run("dedupe", empty.toString()), empty + ": no header row: the input is empty");
        Path dup = write("dup.csv", "email,phone,email\n");
        assertOneLine(Cli.run("dedupe", dup.toString()), dup + ": header (line 1), column 3: duplicate column 'email' (also column 1)");
        Path quote = write("quote.csv", "email,firstName\nann@example.com,Ann\nbob@example.com,\"Bob\n");
        assertOneLine(Cli.run("dedupe", quote.toString()), quote + ": record 2 (line 3): unterminated quoted field (a quote opened and never closed)");
        Path stray = write("stray.csv", "email,firstName\nann@example.com,\"Ann\"x\n");
        assertOneLine(Cli.run("dedupe", stray.toString()), stray + ": record 1 (line 2): unexpected character after a closing quote (a quote inside a field must be doubled)");
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, "email,firstName\nann@example.com,Ann\nbob@example.com,Bob\njose@example.com,Jos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        String latin1Hint = " (the input must be UTF-8 encoded; one saved as Windows-1252 or Latin-1 converts with iconv -f WINDOWS-1252 -t UTF-8)";
        assertOneLine(Cli.run("dedupe", latin1.toString()), latin1 + ": record 3 (line 4): invalid UTF-8: byte 0xE9" + latin1Hint);
        Path badJson = dir.resolve("bad.ndjson");
        Files.write(badJson, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}', '\n'});
        assertOneLine(Cli.run("dedupe", badJson.toString()), badJson + ": record 1 (line 1): invalid UTF-8: byte 0xC3" + latin1Hint);
        Path cut = dir.resolve("cut.csv");
        Files.write(cut, new byte[] {'e', 'm', 'a', 'i', 'l', '\n', 'a', (byte) 0xC3});
        assertOneLine(Cli.run("dedupe", cut.toString()), cut + ": record 1 (line 2): invalid UTF-8 (a sequence cut short at the end)" + latin1Hint);
        // files of another format, refused as a whole with what to do, not as a bad byte of record 1
        Map<String, byte[]> others = Map.of(
                "book.xlsx", new byte[] {'P', 'K', 3, 4, 20, 0, 6, 0, 8, 0, 0, 0, '!', 0, (byte) 0xA1, (byte) 0xB2},
                "book.xls", new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0},
                "doc.ndjson", "%PDF-1.7\n%\u00e2\u00e3\n".getBytes(StandardCharsets.ISO_8859_1));
        Map<String, String> told = Map.of(
                "book.xlsx", "a ZIP archive, as an Excel (.xlsx) or OpenDocument (.ods) workbook is: save the sheet as CSV UTF-8 and give that file",
                "book.xls", "an Excel 97-2003 workbook (.xls): save the sheet as CSV UTF-8 and give that file",
                "doc.ndjson", "a PDF document");
        for (Map.Entry<String, byte[]> other : others.entrySet()) {
            Path f = dir.resolve(other.getKey());
            Files.write(f, other.getValue());
            assertOneLine(Cli.run("dedupe", f.toString()), f + ": not CSV or NDJSON text: the input is " + told.get(other.getKey()));
        }
        Path utf16 = dir.resolve("utf16.csv");
        Files.write(utf16, "\uFEFFemail,firstName\nann@example.com,Ann\n".getBytes(StandardCharsets.UTF_16LE));
        Cli.Result r16 = Cli.run("dedupe", utf16.toString());
        assertEquals(1, r16.status());
        assertTrue(r16.err().contains("invalid UTF-8: the input is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8"), r16.err());
    }

    @Test
    void verboseShowsTheCause() throws IOException {
        Path quote = write("quote.csv", "email\n\"ann@example.com\n");
        Cli.Result r = Cli.run("dedupe", "--verbose", quote.toString());
        assertEquals(1, r.status());
        assertTrue(r.errLines().size() > 1 && r.err().contains("\tat "), r.err());
    }

    static void assertOneLine(Cli.Result r, String message) {
        assertEquals(1, r.status(), r.err());
        assertEquals(List.of("contactkit: " + message), r.errLines());
        assertEquals("", r.out());
    }

    @Test
    void aHeaderWithoutAnIdentifierColumnIsSaidOnStandardErrorAndTheRunStillDone() throws IOException {
        Path attributesOnly = write("attributes.csv", "Mail,Mobile,Name\nann@example.com,+14155550100,Ann\nann@example.com,+14155550100,Ann\n");
        Cli.Result r = Cli.run("dedupe", attributesOnly.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("contactkit: warning: " + attributesOnly + ": no column of the header is an identifier"
                        + " (email, phone, visitor_id or id:<key>), so no record has one",
                "records=2 contacts=2 created=2 updated=0 merged=0 rejected=0"), r.errLines());
        assertEquals(2, Cli.ndjson(r.out()).size());

        // named as a contact export names them, the same columns are identifiers, and the two rows one contact
        Path exported = write("exported.csv", "E-mail Address,Phone Number,Name\nAnn@Example.com,+14155550100,Ann\nann@example.com,,Ann\n");
        Cli.Result named = Cli.run("dedupe", exported.toString());
        assertEquals(List.of("records=2 contacts=1 created=1 updated=1 merged=0 rejected=0"), named.errLines());
        List<JsonNode> contacts = Cli.ndjson(named.out());
        assertEquals(List.of("emailaddress:ann@example.com", "phonenumber:+14155550100"), identifiers(contacts.get(0)));
    }

    @Test
    void nameColumnsAsExportsWriteThemAreTheDomainsNamesSoContactsGetTheirDisplayNames() throws IOException {
        Path exported = write("names.csv", "Email Address,First Name,Last Name,Display Name,Company\n"
                + "ann@example.com,Ann,Lee,,Acme\nbob@example.com,,Smith,Bob S.,\n");
        Cli.Result r = Cli.run("dedupe", exported.toString());
        assertEquals(List.of("records=2 contacts=2 created=2 updated=0 merged=0 rejected=0"), r.errLines());
        List<JsonNode> contacts = Cli.ndjson(r.out());
        JsonNode ann = contacts.get(0);
        assertEquals("Ann", ann.get("attributes").get("firstName").stringValue());
        assertEquals("Lee", ann.get("attributes").get("lastName").stringValue());
        assertEquals("Acme", ann.get("attributes").get("Company").stringValue(), "other columns stay as named");
        assertEquals("Ann", ann.get("displayName").stringValue(), "Bird's rule: the first name before the e-mail address");
        assertFalse(ann.get("anonymous").booleanValue());
        assertEquals("Bob S.", contacts.get(1).get("displayName").stringValue());
        assertEquals("Bob S.", contacts.get(1).get("attributes").get("displayName").stringValue());

        Path both = write("both.csv", "email,firstName,First Name\nann@example.com,Ann,Anne\n");
        assertOneLine(Cli.run("dedupe", both.toString()),
                both + ": header (line 1), column 3: 'First Name' names the attribute firstName, as column 2 ('firstName') does");
    }

    @Test
    void aSpreadsheetsExportWithAByteOrderMarkQuotedNamesAndCrlfReadsAsWritten() throws IOException {
        Path exported = dir.resolve("export.csv");
        Files.writeString(exported, "\uFEFF\"Record ID\",\"First Name\",\"Email\"\r\n\"101\",\"Ann\",\"Ann@Example.com\"\r\n"
                + "\"102\",\"Anne\",\"ann@example.com \"\r\n", StandardCharsets.UTF_8);
        Cli.Result r = Cli.run("dedupe", exported.toString());
        assertEquals(List.of("records=2 contacts=1 created=1 updated=1 merged=0 rejected=0"), r.errLines());
        JsonNode ann = Cli.ndjson(r.out()).get(0);
        assertEquals("102", ann.get("attributes").get("Record ID").stringValue(), "the first column's name without the mark or quotes");
        assertEquals("Anne", ann.get("displayName").stringValue());

        Path ndjson = dir.resolve("export.ndjson");
        Files.writeString(ndjson, "\uFEFF{\"email\":\"ann@example.com\"}\n", StandardCharsets.UTF_8);
        assertEquals("records=1 contacts=1 created=1 updated=0 merged=0 rejected=0", Cli.run("dedupe", ndjson.toString()).summary());
    }

    @Test
    void ndjsonFieldsAsExportsWriteThemAreTheDomainsNamesAndTwoForOneAttributeRejectTheLine() throws IOException {
        Path in = write("names.ndjson", """
                {"email":"ann@example.com","first_name":"Ann","last_name":"Lee"}
                {"email":"bob@example.com","first_name":"Bob","firstName":"Robert"}
                {"email":"cy@example.com","First Name":"Cy","first_name":"Cyrus"}
                """);
        Path rejects = dir.resolve("names-rejects.ndjson");
        Cli.Result r = Cli.run("dedupe", "--rejects", rejects.toString(), in.toString());
        assertEquals(List.of("records=3 contacts=1 created=1 updated=0 merged=0 rejected=2"), r.errLines());
        JsonNode ann = Cli.ndjson(r.out()).get(0);
        assertEquals("Ann", ann.get("displayName").stringValue());
        assertEquals("Lee", ann.get("attributes").get("lastName").stringValue());
        List<JsonNode> refused = rejectsOf(rejects);
        assertEquals(List.of("invalid_field", "invalid_field"), refused.stream().map(j -> j.get("code").stringValue()).toList());
        assertEquals("fields 'firstName' and 'first_name' both name the attribute firstName", refused.get(0).get("message").stringValue());
        assertEquals("fields 'First Name' and 'first_name' both name the attribute firstName", refused.get(1).get("message").stringValue());
        // a field without a name has nothing to map to: its line is refused, said as a field's problem
        Path unnamed = write("unnamed.ndjson", "{\"email\":\"ann@example.com\",\" \":\"x\"}\n");
        Path unnamedRejects = dir.resolve("unnamed-rejects.ndjson");
        Cli.run("dedupe", "--rejects", unnamedRejects.toString(), unnamed.toString());
        JsonNode noName = rejectsOf(unnamedRejects).get(0);
        assertEquals("invalid_field", noName.get("code").stringValue());
        assertEquals("a field has no name", noName.get("message").stringValue());
    }

    @Test
    void aFileSeparatedBySemicolonsOrTabsReadsAsTheSameFileSeparatedByCommas() throws IOException {
        List<String> rows = Files.readAllLines(Path.of(EXAMPLE), StandardCharsets.UTF_8);
        Cli.Result commas = Cli.run("dedupe", "--strategy", "merge", "--region", "US", EXAMPLE);
        assertEquals(0, commas.status(), commas.err());
        // the example's cells hold no ';' and no tab, and its quoted cells keep their quotes: only the separator changes
        assertFalse(rows.stream().anyMatch(r -> r.contains(";") || r.contains("\t")));
        Path semicolons = write("contacts-semicolons.csv", String.join("\n", rows.stream().map(r -> swap(r, ';')).toList()) + "\n");
        Path tabs = write("contacts.tsv", String.join("\n", rows.stream().map(r -> swap(r, '\t')).toList()) + "\n");
        for (Cli.Result r : List.of(Cli.run("dedupe", "--strategy", "merge", "--region", "US", "--delimiter", ";", semicolons.toString()),
                Cli.run("dedupe", "--strategy", "merge", "--region", "US", tabs.toString()),
                Cli.run("dedupe", "--strategy", "merge", "--region", "US", "--delimiter", "tab", tabs.toString()))) {
            assertEquals(commas.out(), r.out(), r.err());
            assertEquals(commas.errLines(), r.errLines());
        }
        // without --delimiter, the header is one column, and the warning says what to give
        Cli.Result unsaid = Cli.run("dedupe", semicolons.toString());
        assertEquals(0, unsaid.status(), unsaid.err());
        assertTrue(unsaid.errLines().get(0).endsWith("the header reads as one column: if the file's columns are separated by ';',"
                + " give --delimiter ';'"), unsaid.err());
    }

    /** The row with its separating commas (those outside quotes) replaced. */
    private static String swap(String row, char separator) {
        StringBuilder b = new StringBuilder(row.length());
        boolean quoted = false;
        for (char c : row.toCharArray()) {
            quoted ^= c == '"';
            b.append(c == ',' && !quoted ? separator : c);
        }
        return b.toString();
    }

    @Test
    void aDelimiterThatCannotSeparateColumnsOrOneForNdjsonIsAUsageError() throws IOException {
        Path ndjson = write("in.ndjson", "{\"email\":\"ann@example.com\"}\n");
        for (String[] args : List.of(new String[] {"dedupe", "--delimiter", ";;", EXAMPLE}, new String[] {"dedupe", "--delimiter", "\"", EXAMPLE},
                new String[] {"dedupe", "--delimiter", "", EXAMPLE}, new String[] {"dedupe", "--delimiter", ";", ndjson.toString()})) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains("--delimiter"), r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void aGzippedFileReadsAsTheFileItself() throws IOException {
        Cli.Result plain = Cli.run("dedupe", "--strategy", "merge", "--region", "US", EXAMPLE);
        Path gz = dir.resolve("contacts.csv.gz");
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(Path.of(EXAMPLE)));
        }
        Cli.Result zipped = Cli.run("dedupe", "--strategy", "merge", "--region", "US", gz.toString());
        assertEquals(0, zipped.status(), zipped.err());
        assertEquals(plain.out(), zipped.out());
        assertEquals(plain.errLines(), zipped.errLines());

        // two gzip members one after the other (cat a.gz b.gz) read as one; .ndjson.gz is NDJSON, .tsv.gz tab-separated
        Path members = dir.resolve("members.ndjson.gz");
        try (java.io.OutputStream file = Files.newOutputStream(members)) {
            for (String line : List.of("{\"email\":\"ann@example.com\"}\n", "{\"email\":\"ANN@example.com\",\"firstName\":\"Ann\"}\n")) {
                java.util.zip.GZIPOutputStream member = new java.util.zip.GZIPOutputStream(file);
                member.write(line.getBytes(StandardCharsets.UTF_8));
                member.finish();
            }
        }
        assertEquals(List.of("records=2 contacts=1 created=1 updated=1 merged=0 rejected=0"), Cli.run("dedupe", members.toString()).errLines());
        Path tsv = dir.resolve("in.tsv.gz");
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(tsv))) {
            out.write("email\tfirstName\nann@example.com\tAnn\n".getBytes(StandardCharsets.UTF_8));
        }
        Cli.Result tabs = Cli.run("dedupe", tsv.toString());
        assertEquals("Ann", tabs.lines().get(0).get("attributes").get("firstName").stringValue(), tabs.err());

        // gzip data under a name without .gz, or on standard input, is read through gzip too, by its first bytes
        Path misnamed = dir.resolve("contacts.csv");
        Files.copy(gz, misnamed);
        String[] options = {"dedupe", "--strategy", "merge", "--region", "US"};
        assertEquals(plain.out(), Cli.run(Stream.concat(Stream.of(options), Stream.of(misnamed.toString())).toArray(String[]::new)).out());
        assertEquals(plain.out(), Cli.run(Map.of(), Files.readAllBytes(gz), Stream.concat(Stream.of(options), Stream.of("-")).toArray(String[]::new)).out());
        // compressed twice: said so
        java.io.ByteArrayOutputStream twice = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(twice)) {
            out.write(Files.readAllBytes(gz));
        }
        Path doubled = dir.resolve("doubled.csv.gz");
        Files.write(doubled, twice.toByteArray());
        assertOneLine(Cli.run("dedupe", doubled.toString()),
                doubled + ": not CSV or NDJSON text: the input is gzip data inside gzip data (compressed twice): decompress it once first");
    }

    @Test
    void aGzFileThatIsNotGzipOrIsCutShortStopsWithOneLine() throws IOException {
        Path plain = dir.resolve("plain.csv.gz");
        Files.copy(Path.of(EXAMPLE), plain);
        assertOneLine(Cli.run("dedupe", plain.toString()), plain + ": not gzip data (a name ending in .gz is read through gzip)");
        Path empty = write("empty.csv.gz", "");
        assertOneLine(Cli.run("dedupe", empty.toString()), empty + ": not gzip data (a name ending in .gz is read through gzip)");

        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(whole)) {
            out.write("email,firstName\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 20_000; i++) {
                out.write(("person" + i + "@example.com,Name" + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        Path cut = dir.resolve("cut.csv.gz");
        Files.write(cut, java.util.Arrays.copyOf(whole.toByteArray(), whole.size() / 2));
        Cli.Result r = Cli.run("dedupe", "-o", dir.resolve("never.ndjson").toString(), cut.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("contactkit: " + cut + ": record "), r.err());
        assertTrue(r.err().contains("the gzip data is corrupt or cut short"), r.err());
        assertFalse(Files.exists(dir.resolve("never.ndjson")));
    }

    @Test
    void twoOutputsNamingOneFileAreAUsageErrorAndNothingIsWritten() throws IOException {
        Path kept = write("kept.ndjson", "what an earlier run wrote\n");
        Path link = dir.resolve("link.ndjson");
        Files.createSymbolicLink(link, kept);
        for (String[] args : List.of(new String[] {"dedupe", "-o", kept.toString(), "--rejects", kept.toString(), EXAMPLE},
                new String[] {"dedupe", "-o", kept.toString(), "--audit", dir.resolve("sub/../kept.ndjson").toString(), EXAMPLE},
                new String[] {"dedupe", "-o", kept.toString(), "--rejects", link.toString(), EXAMPLE},
                new String[] {"dedupe", "--rejects", "-", EXAMPLE})) {
            Files.createDirectories(dir.resolve("sub"));
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.errLines().get(0).matches("--output and --(rejects|audit) name the same file \\(or both standard output\\): give each its own"),
                    r.err());
            assertEquals("", r.out());
            assertEquals("what an earlier run wrote\n", Files.readString(kept, StandardCharsets.UTF_8));
        }
        // a device may take more than one output: writing to it replaces nothing
        Cli.Result devNull = Cli.run("dedupe", "-o", "/dev/null", "--rejects", "/dev/null", "--audit", "/dev/null", EXAMPLE);
        assertEquals(0, devNull.status(), devNull.err());
    }

    @Test
    void anOutputNamingTheInputIsAUsageErrorAndTheInputIsKept() throws IOException {
        Path input = dir.resolve("contacts.csv");
        Files.copy(Path.of(EXAMPLE), input);
        byte[] before = Files.readAllBytes(input);
        Path link = dir.resolve("same.csv");
        Files.createSymbolicLink(link, input);
        for (String[] args : List.of(new String[] {"dedupe", "-o", input.toString(), input.toString()},
                new String[] {"dedupe", "--rejects", link.toString(), input.toString()},
                new String[] {"split", "--contacts", "c1", "--new-rules", RulesCommandsTest.RULES, "-o", input.toString(), input.toString()},
                new String[] {"sync", "--provider", "memory", "--workspace", "w", "--failed", dir.resolve("./contacts.csv").toString(),
                    input.toString()})) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.errLines().get(0).matches("--(output|rejects|failed) names the input file, which it would replace: give another file"),
                    r.err());
            assertEquals("", r.out());
            assertArrayEquals(before, Files.readAllBytes(input), String.join(" ", args));
        }
        // reading standard input, nothing can be replaced
        Cli.Result piped = Cli.run(Map.of(), Files.readAllBytes(input), "dedupe", "-o", dir.resolve("out.ndjson").toString(), "-");
        assertEquals(0, piped.status(), piped.err());
    }

    @Test
    void badUsageGivesTheUsageAndStatusTwo() {
        for (String[] args : List.of(new String[] {"dedupe"}, new String[] {"dedupe", "--strategy", "best", EXAMPLE},
                new String[] {"dedupe", "--no-such-option", EXAMPLE}, new String[] {"frobnicate"}, new String[0],
                new String[] {"dedupe", "--priority", "bad key", EXAMPLE}, new String[] {"dedupe", EXAMPLE, "extra"})) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains("Usage: contactkit") || r.err().contains("Did you mean"), r.err());
            assertEquals("", r.out());
        }
        assertTrue(Cli.run("dedupe", "--strategy", "best", EXAMPLE).err().contains("unknown strategy 'best'"));
    }

    @Test
    void aUsageErrorIsTheProblemAndTheSynopsisNotTheWholeHelp() {
        Cli.Result r = Cli.run("dedupe", "--strategy", "best", EXAMPLE);
        assertEquals(2, r.status());
        List<String> lines = r.errLines();
        assertTrue(lines.get(0).contains("unknown strategy 'best'"), r.err());
        assertTrue(lines.get(1).startsWith("Usage: contactkit dedupe "), r.err());
        assertEquals("Try 'contactkit dedupe --help' for more information.", lines.get(lines.size() - 1));
        assertTrue(lines.size() < 12, r.err());
        assertFalse(r.err().contains("Examples:"), r.err());

        // a mistyped option gets picocli's suggestion; no command at all gets the list of commands
        Cli.Result typo = Cli.run("dedupe", "--strategi", "merge", EXAMPLE);
        assertEquals(2, typo.status());
        assertTrue(typo.err().contains("--strategy"), typo.err());
        Cli.Result none = Cli.run();
        assertEquals(2, none.status());
        assertTrue(none.err().contains("dedupe") && none.err().contains("sync") && none.err().contains("export"), none.err());
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream picocliWarnings = new java.io.ByteArrayOutputStream();
        try {
            // picocli reports a help text it cannot format (a stray '%', say) on the process's standard error
            System.setErr(new java.io.PrintStream(picocliWarnings, true, java.nio.charset.StandardCharsets.UTF_8));
            for (String command : List.of("dedupe", "sync", "export", "generate", "simulate")) {
                Cli.Result r = Cli.run(command, "--help");
                assertEquals(0, r.status(), command);
                assertTrue(r.out().contains("Usage: contactkit " + command), r.out());
                assertTrue(r.out().contains("Example"), command + " help has an example");
            }
        } finally {
            System.setErr(stderr);
        }
        assertEquals("", picocliWarnings.toString(java.nio.charset.StandardCharsets.UTF_8));
        Cli.Result top = Cli.run("--help");
        assertEquals(0, top.status());
        assertTrue(top.out().contains("dedupe") && top.out().contains("simulate"), top.out());
    }

    @Test
    void theOutputFileAppearsOnlyWhenTheRunSucceeds() throws IOException {
        Path out = write("contacts.ndjson", "previous content\n");
        Path rejects = write("rejects.ndjson", "previous rejects\n");
        Path broken = write("broken.csv", "email\nann@example.com\n\"bob@example.com\n");
        Cli.Result failed = Cli.run("dedupe", "--output", out.toString(), "--rejects", rejects.toString(), broken.toString());
        assertEquals(1, failed.status());
        assertEquals("previous content\n", Files.readString(out));
        assertEquals("previous rejects\n", Files.readString(rejects));
        assertEquals(List.of("broken.csv", "contacts.ndjson", "rejects.ndjson"), listing(), "no temporary file is left behind");

        Cli.Result ok = Cli.run("dedupe", "--output", out.toString(), "--rejects", rejects.toString(), EXAMPLE);
        assertEquals(0, ok.status(), ok.err());
        assertEquals("", ok.out());
        assertEquals(28, Cli.ndjson(Files.readString(out)).size());
        assertEquals(5, rejectsOf(rejects).size());
        assertEquals(List.of("broken.csv", "contacts.ndjson", "rejects.ndjson"), listing());
        Cli.Result noFolder = Cli.run("dedupe", "--output", dir.resolve("missing/out.ndjson").toString(), EXAMPLE);
        assertEquals(1, noFolder.status());
        assertTrue(noFolder.err().startsWith("contactkit: ") && noFolder.err().contains("does not exist"), noFolder.err());
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
