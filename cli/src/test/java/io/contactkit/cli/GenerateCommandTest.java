package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code contactkit generate}: deterministic, messy, and a realistic input for dedupe. */
class GenerateCommandTest {

    @TempDir
    Path dir;

    @Test
    void theSameSeedGivesTheSameBytes() throws IOException {
        Cli.Result a = Cli.run("generate", "--rows", "2000", "--seed", "7");
        Cli.Result b = Cli.run("generate", "--rows", "2000", "--seed", "7");
        Cli.Result other = Cli.run("generate", "--rows", "2000", "--seed", "8");
        assertEquals(0, a.status(), a.err());
        assertEquals(a.out(), b.out());
        assertNotEquals(a.out(), other.out());
        List<String> lines = Arrays.asList(a.out().split("\n"));
        assertEquals(2001, lines.size());
        assertEquals("email,phone,firstName,lastName,company", lines.get(0));
        Path file = dir.resolve("g.csv");
        assertEquals(0, Cli.run("generate", "--rows", "2000", "--seed", "7", "--output", file.toString()).status());
        assertEquals(a.out(), Files.readString(file));
        assertEquals("email,phone,firstName,lastName,company\n", Cli.run("generate", "--rows", "0").out());
    }

    @Test
    void itIsMessyInTheWaysTheBenchmarkNeeds() {
        String csv = Cli.run("generate", "--rows", "5000", "--seed", "1").out();
        assertTrue(csv.contains("\"  "), "e-mail addresses with surrounding spaces");
        assertTrue(csv.matches("(?s).*[A-Z]+\\.[A-Z]+\\.\\d+@.*"), "upper-case e-mail addresses");
        assertTrue(csv.matches("(?s).*\\(\\d{3}\\) \\d{3}-\\d{4}.*"), "(408) 402-9292");
        assertTrue(csv.matches("(?s).*\\n[^,]*,\\d{3}\\.\\d{3}\\.\\d{4},.*"), "408.402.9292");
        assertTrue(csv.matches("(?s).*\\+1 \\d{3} \\d{3} \\d{4}.*"), "+1 408 402 9292");
    }

    @Test
    void deduplicatingItMergesDuplicatesAndRejectsOnlyTheInvalidPhones() throws IOException {
        Path file = dir.resolve("g.csv");
        assertEquals(0, Cli.run("generate", "--rows", "20000", "--seed", "3", "--output", file.toString()).status());
        Path rejects = dir.resolve("rejects.ndjson");
        Cli.Result r = Cli.run("dedupe", "--strategy", "merge", "--region", "US", "--output", dir.resolve("out.ndjson").toString(),
                "--rejects", rejects.toString(), file.toString());
        assertEquals(0, r.status(), r.err());
        long[] n = Arrays.stream(r.summary().split(" ")).mapToLong(kv -> Long.parseLong(kv.split("=")[1])).toArray();
        assertEquals(20000, n[0]);
        double contacts = n[1] / 20000.0;
        assertTrue(contacts > 0.6 && contacts < 0.8, "about 70% of the rows are new people: " + r.summary());
        assertTrue(n[4] > 0, "shared lines merge people: " + r.summary());
        double rejected = n[5] / 20000.0;
        assertTrue(rejected > 0.001 && rejected < 0.01, "a few invalid phones: " + r.summary());
        for (var j : Cli.ndjson(Files.readString(rejects))) {
            assertEquals("invalid_identifier", j.get("code").stringValue());
            assertTrue(j.get("message").stringValue().contains("phone"), j.toString());
        }
    }

    @Test
    void theCrmProfileIsShapedLikeACrmExportAndDeduplicatesWithOnlyItsInvalidValuesRejected() throws IOException {
        Cli.Result a = Cli.run("generate", "--rows", "20000", "--seed", "5", "--profile", "crm");
        assertEquals(0, a.status(), a.err());
        assertEquals(a.out(), Cli.run("generate", "--rows", "20000", "--seed", "5", "--profile", "CRM").out());
        String csv = a.out();
        assertTrue(csv.startsWith("email,phone,visitor_id,id:crm_id,firstName,lastName,city\n"), csv.substring(0, 80));
        assertTrue(csv.matches("(?s).*,1-\\d{3}-\\d{3}-\\d{4},.*"), "1-415-209-8994");
        assertTrue(csv.matches("(?s).*,\\(\\d{3}\\) \\d{3}-\\d{4},.*"), "(650) 352-5601");
        assertTrue(csv.matches("(?s).*,\" \\d{10} \",.*"), "\" 6503525601 \"");
        assertTrue(csv.matches("(?s).*,\\+1 \\d{3}-\\d{3}-\\d{4},.*"), "+1 415-377-9519");
        assertTrue(csv.matches("(?s).*\\n\" [A-Z]+\\.[A-Z]+\\.\\d+@[A-Z.]+ \",.*"), "upper-case, padded e-mail addresses");
        assertTrue(csv.contains(",v-") && csv.contains(",CRM-1"), "visitor and CRM ids");
        assertTrue(csv.contains("Müller") || csv.contains("Håkansson"), "accented names");
        assertTrue(csv.contains("Zürich") || csv.contains("São Paulo"), "accented cities");

        Path file = dir.resolve("crm.csv");
        Files.writeString(file, csv);
        Path rejects = dir.resolve("rejects.ndjson");
        Cli.Result r = Cli.run("dedupe", "--strategy", "merge", "--region", "US", "--output", dir.resolve("out.ndjson").toString(),
                "--rejects", rejects.toString(), file.toString());
        assertEquals(0, r.status(), r.err());
        long[] n = Arrays.stream(r.summary().split(" ")).mapToLong(kv -> Long.parseLong(kv.split("=")[1])).toArray();
        double contacts = n[1] / 20000.0;
        assertTrue(contacts > 0.55 && contacts < 0.75, "about 65% of the rows are new people: " + r.summary());
        assertTrue(n[4] > 0, "shared lines and partial identifiers merge people: " + r.summary());
        double rejected = n[5] / 20000.0;
        assertTrue(rejected > 0.01 && rejected < 0.02, "1.5% invalid values: " + r.summary());
        int email = 0;
        int phone = 0;
        for (var j : Cli.ndjson(Files.readString(rejects))) {
            assertEquals("invalid_identifier", j.get("code").stringValue());
            String message = j.get("message").stringValue();
            email += message.contains("e-mail") ? 1 : 0;
            phone += message.contains("phone") ? 1 : 0;
        }
        assertTrue(email > 50 && phone > 50, "both kinds: " + email + " e-mail, " + phone + " phone");
        assertEquals(2, Cli.run("generate", "--rows", "1", "--profile", "fancy").status());
    }

    @Test
    void negativeRowsAreBadUsage() {
        assertEquals(2, Cli.run("generate", "--rows", "-1").status());
        assertEquals(2, Cli.run("generate").status());
    }
}
