package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code --rules}, {@code --audit} and {@code --hubs} on dedupe, and the split command, on the example input. */
class RulesCommandsTest {

    static final String EXAMPLE = "../examples/contacts.csv";
    static final String RULES = "../examples/rules.yaml";

    @TempDir
    Path dir;

    @Test
    void withoutRulesTheOutputIsByteForByteTheSame() {
        Cli.Result plain = Cli.run("dedupe", "--strategy", "merge", "--region", "US", EXAMPLE);
        Path empty = dir.resolve("none.json");
        write(empty, "{}");
        Cli.Result none = Cli.run("dedupe", "--strategy", "merge", "--region", "US", "--rules", empty.toString(), EXAMPLE);
        assertEquals(plain.out(), none.out());
        assertEquals(plain.summary(), none.summary());
    }

    @Test
    void anEmptyBlankOrCommentOnlyRulesFileIsNoRulesAndEveryOutputIsByteForByteTheSame() throws IOException {
        String[] plain = {"dedupe", "--strategy", "merge", "--region", "US", "--rejects", dir.resolve("rejects-plain.ndjson").toString(),
            "--audit", dir.resolve("audit-plain.ndjson").toString(), EXAMPLE};
        Cli.Result without = Cli.run(plain);
        assertEquals(0, without.status(), without.err());
        Cli.Result splitWith = null;
        for (String[] file : List.of(new String[] {"zero.yaml", ""}, new String[] {"zero.json", ""}, new String[] {"blank.json", " \n\t\n"},
                new String[] {"blank.yml", "\n  \n"}, new String[] {"comments.yaml", "# no rules yet\n  # none at all\n"},
                new String[] {"document.yaml", "---\n# nothing in it\n"})) {
            Path rules = dir.resolve(file[0]);
            write(rules, file[1]);
            Path rejects = dir.resolve("rejects-" + file[0] + ".ndjson");
            Path audit = dir.resolve("audit-" + file[0] + ".ndjson");
            Cli.Result with = Cli.run("dedupe", "--strategy", "merge", "--region", "US", "--rules", rules.toString(), "--rejects", rejects.toString(),
                    "--audit", audit.toString(), EXAMPLE);
            assertEquals(0, with.status(), file[0] + ": " + with.err());
            assertEquals(without.out(), with.out(), file[0]);
            assertEquals(without.err(), with.err(), file[0]);
            assertArrayEquals(Files.readAllBytes(dir.resolve("rejects-plain.ndjson")), Files.readAllBytes(rejects), file[0]);
            assertArrayEquals(Files.readAllBytes(dir.resolve("audit-plain.ndjson")), Files.readAllBytes(audit), file[0]);

            // split: an empty --new-rules is no rules, as {} is; an empty --rules is as none
            Path none = dir.resolve("none.json");
            write(none, "{}");
            if (splitWith == null) {
                splitWith = Cli.run("split", "--strategy", "merge", "--region", "US", "--contacts", "c1", "--new-rules", none.toString(), EXAMPLE);
                assertEquals(0, splitWith.status(), splitWith.err());
            }
            Cli.Result split = Cli.run("split", "--strategy", "merge", "--region", "US", "--contacts", "c1", "--rules", rules.toString(),
                    "--new-rules", rules.toString(), EXAMPLE);
            assertEquals(0, split.status(), file[0] + ": " + split.err());
            assertEquals(splitWith.out(), split.out(), file[0]);
            assertEquals(splitWith.err(), split.err(), file[0]);
        }
        // a document that is something other than rules is still refused
        Path list = dir.resolve("list.yaml");
        write(list, "# a list\n- a\n");
        Cli.Result bad = Cli.run("dedupe", "--rules", list.toString(), EXAMPLE);
        assertEquals(1, bad.status(), bad.err());
        assertEquals("contactkit: --rules " + list + ": the rules must be an object with identifiers, merge and hubs", bad.err().strip());
    }

    @Test
    void malformedYamlIsSaidOnOneLineWithItsPlaces() {
        Path bad = dir.resolve("bad.yaml");
        write(bad, "identifiers:\n  phonenumber:\n    blocked: [ \"+1415\n  other: : :\n");
        Cli.Result r = Cli.run("dedupe", "--rules", bad.toString(), EXAMPLE);
        assertEquals(1, r.status());
        assertEquals("contactkit: --rules " + bad + ": not valid YAML: while scanning a quoted scalar (line 3, column 16);"
                + " found unexpected end of stream (line 5, column 1)", r.err().strip());
        Path indented = dir.resolve("indented.yaml");
        write(indented, "identifiers: x\n  merge: y\n");
        Cli.Result i = Cli.run("dedupe", "--rules", indented.toString(), EXAMPLE);
        assertEquals("contactkit: --rules " + indented + ": not valid YAML: mapping values are not allowed here (line 2, column 8)",
                i.err().strip());
    }

    @Test
    void theExampleRulesKeepASharedLineFromJoiningTwoPeopleAndTheAuditSaysWhy() throws IOException {
        Path audit = dir.resolve("audit.ndjson");
        Path hubs = dir.resolve("hubs.ndjson");
        Cli.Result r = Cli.run("dedupe", "--strategy", "merge", "--region", "US", "--rules", RULES, "--audit", audit.toString(),
                "--hubs", hubs.toString(), EXAMPLE);

        assertEquals(0, r.status(), r.err());
        assertEquals("records=50 contacts=29 created=30 updated=16 merged=1 rejected=3 hubs=1", r.summary());
        List<JsonNode> entries = Cli.ndjson(Files.readString(audit, StandardCharsets.UTF_8));
        assertEquals(50, entries.size(), "one line per input record");
        JsonNode amir = entries.get(42);
        assertEquals(43, amir.get("record").longValue());
        assertEquals("created", amir.get("action").stringValue());
        assertEquals("blocked", amir.get("skipped").get(0).get("reason").stringValue());
        assertEquals("+14043306000", amir.get("skipped").get(0).get("value").stringValue());
        assertEquals("identifiers.phonenumber.blocked", amir.get("rules").get(0).stringValue());
        assertTrue(r.lines().stream().noneMatch(c -> c.toString().contains("+14043306000")), "the blocked value sits on no contact");
        List<JsonNode> hub = Cli.ndjson(Files.readString(hubs, StandardCharsets.UTF_8));
        assertEquals(1, hub.size());
        assertEquals("+14084029292", hub.get(0).get("value").stringValue());
        assertEquals(3, hub.get(0).get("contacts").intValue());
    }

    @Test
    void aRulesKeyWrittenAsTheColumnsAreNamedIsThatIdentifierKey() throws IOException {
        Path input = dir.resolve("shared.csv");
        write(input, "email,phone,id:crm\nshared@x.com,+14155550100,CRM-1\nshared@x.com,+14155550101,CRM-2\n"
                + "b@x.com,+14155550102,CRM-1\nc@x.com,+14155550102,CRM-3\n");
        Cli.Result plain = Cli.run("dedupe", input.toString());
        assertEquals("records=4 contacts=1 created=1 updated=3 merged=0 rejected=0", plain.summary(), plain.err());
        for (String[] keys : List.of(new String[] {"emailaddress", "phonenumber", "crm"}, new String[] {"email", "Phone", "id:crm"},
                new String[] {"E-mail", "phone", "id:crm"}, new String[] {"Email Address", "Phone Number", "ID:crm"},
                new String[] {"EMAILADDRESS", "phone_number", "id: crm"})) {
            Path rules = dir.resolve("aliases.yaml");
            write(rules, "identifiers:\n  \"" + keys[0] + "\":\n    blocked: [\"Shared@x.com\"]\n  \"" + keys[1] + "\":\n"
                    + "    blocked: [\"+1 415 555 0102\"]\n  \"" + keys[2] + "\":\n    blocked: [CRM-1]\n");
            Cli.Result r = Cli.run("dedupe", "--rules", rules.toString(), input.toString());
            assertEquals(0, r.status(), String.join(",", keys) + ": " + r.err());
            // every shared value blocked: nothing joins the four records
            assertEquals(List.of("records=4 contacts=4 created=4 updated=0 merged=0 rejected=0"), r.errLines(), String.join(",", keys));
            assertTrue(r.lines().stream().noneMatch(c -> c.toString().contains("shared@x.com") || c.toString().contains("+14155550102")
                    || c.toString().contains("CRM-1")), r.out());
        }
        // the example of the issue: blocking the phone two records share keeps them apart
        Path ph = dir.resolve("ph.yaml");
        write(ph, "identifiers:\n  Phone:\n    blocked: [\"+14155550100\"]\n");
        Path phCsv = dir.resolve("ph.csv");
        write(phCsv, "email,phone\na@x.com,+14155550100\nb@x.com,+14155550100\n");
        assertEquals("records=2 contacts=2 created=2 updated=0 merged=0 rejected=0", Cli.run("dedupe", "--rules", ph.toString(), phCsv.toString()).summary());
        // --new-rules and sync read the keys so too
        Path block = dir.resolve("block.json");
        write(block, "{\"identifiers\":{\"Phone Number\":{\"blocked\":[\"+1 (408) 402-9292\"]}}}");
        Cli.Result split = Cli.run("split", "--strategy", "merge", "--region", "US", "--contacts", "c1", "--new-rules", block.toString(), EXAMPLE);
        assertEquals("replaced=1 contacts=3 replayed=4 rejected=0 dropped=0", split.summary(), split.err());
        Cli.Result sync = Cli.run("sync", "--provider", "memory", "--workspace", "ws", "--rules", ph.toString(), phCsv.toString());
        assertEquals(0, sync.status(), sync.err());
        assertEquals(2, sync.lines().stream().filter(l -> l.toString().contains("identifier_blocked")).count(), sync.out());
    }

    @Test
    void aRulesKeyThatIsNoWellKnownKeyAndThatNoColumnHoldsGetsAWarningAndTheRunGoesOn() {
        Path rules = dir.resolve("keys.yaml");
        write(rules, "identifiers:\n  \"*\":\n    blocked: [\"-1\"]\n  crm_id:\n    maxPerContact: 1\n  id:crm:\n    maxPerContact: 1\n"
                + "  visitor_id:\n    blocked: [nobody]\n  CRM:\n    blocked: [CRM-1]\n");
        Cli.Result r = Cli.run("dedupe", "--rejects", dir.resolve("r.ndjson").toString(), "--rules", rules.toString(), EXAMPLE);
        assertEquals(0, r.status(), r.err());
        String held = " which no column holds (the identifier columns hold emailaddress, phonenumber, crm, visitorid): its rules apply to nothing";
        assertEquals(List.of("contactkit: warning: " + EXAMPLE + ": --rules " + rules + " names the identifier key CRM," + held,
                "contactkit: warning: " + EXAMPLE + ": --rules " + rules + " names the identifier key crm_id," + held,
                "records=50 contacts=28 created=28 updated=17 merged=0 rejected=5"), r.errLines());
        // the well-known keys need no column: a file without a phone column may still carry rules for phones
        Path phones = dir.resolve("phones.json");
        write(phones, "{\"identifiers\":{\"phone\":{\"blocked\":[\"+14155550100\"]},\"emailaddress\":{\"maxPerContact\":2}}}");
        Path emails = dir.resolve("emails.csv");
        write(emails, "email\na@x.com\n");
        Cli.Result quiet = Cli.run("dedupe", "--rules", phones.toString(), emails.toString());
        assertEquals(List.of("records=1 contacts=1 created=1 updated=0 merged=0 rejected=0"), quiet.errLines());
    }

    @Test
    void twoRulesKeysNamingOneIdentifierKeyAreRefusedAndAProblemIsNamedUnderTheKeyAsWritten() {
        Path twice = dir.resolve("twice.yaml");
        write(twice, "identifiers:\n  email:\n    blocked: [a@x.com]\n  emailaddress:\n    blocked: [b@x.com]\n");
        Cli.Result r = Cli.run("dedupe", "--rules", twice.toString(), EXAMPLE);
        assertEquals(1, r.status(), r.err());
        assertEquals("contactkit: --rules " + twice + ": identifiers.email and identifiers.emailaddress both name the identifier key"
                + " emailaddress: give its rules under one of them", r.err().strip());
        assertEquals("", r.out());
        Path phones = dir.resolve("phones.json");
        write(phones, "{\"identifiers\":{\"Phone\":{\"blocked\":[\"+14155550100\"]},\"phone\":{}}}");
        Cli.Result split = Cli.run("split", "--contacts", "c1", "--new-rules", phones.toString(), EXAMPLE);
        assertEquals(1, split.status(), split.err());
        assertTrue(split.err().contains("identifiers.Phone and identifiers.phone both name the identifier key phonenumber"), split.err());

        Path bad = dir.resolve("bad.yaml");
        write(bad, "identifiers:\n  Phone:\n    blocked: [\"not a phone\"]\n    maxPerContact: 0\n");
        Cli.Result invalid = Cli.run("dedupe", "--rules", bad.toString(), EXAMPLE);
        assertEquals(1, invalid.status(), invalid.err());
        assertTrue(invalid.err().contains("identifiers.Phone.blocked[0]") && invalid.err().contains("identifiers.Phone.maxPerContact")
                && !invalid.err().contains("phonenumber."), invalid.err());
    }

    @Test
    void aKeyWrittenAsIsKeepsItsNameInAProblemBesideAKeyNamedAsAColumn() {
        // crm.blocked is no key: said so under that name, never taken for a field of id:crm's rules
        Path rules = dir.resolve("dotted.yaml");
        write(rules, "identifiers:\n  id:crm:\n    maxPerContact: 1\n  crm.blocked:\n    maxPerContact: 1\n");
        Cli.Result r = Cli.run("dedupe", "--rules", rules.toString(), EXAMPLE);
        assertEquals(1, r.status(), r.err());
        assertEquals("contactkit: --rules " + rules + ": identifiers.crm.blocked: identifier key must be 1-64 letters, digits, '_' or '-',"
                + " or * (invalid_key)", r.err().strip());
    }

    @Test
    void badRulesFailWithEveryProblemNamed() {
        Path bad = dir.resolve("bad.json");
        write(bad, "{\"identifiers\":{\"emailaddress\":{\"blocked\":[\"nope\"],\"maxPerContact\":0}},\"extra\":1}");
        Cli.Result r = Cli.run("dedupe", "--rules", bad.toString(), EXAMPLE);
        assertEquals(1, r.status());
        assertTrue(r.err().contains("identifiers.emailaddress.blocked[0]") && r.err().contains("maxPerContact") && r.err().contains("extra"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aRulesFileThatCannotBeReadIsSaidSoUnderTheOptionThatNamedIt() {
        Cli.Result folder = Cli.run("dedupe", "--rules", dir.toString(), EXAMPLE);
        assertEquals(1, folder.status());
        assertEquals("contactkit: --rules " + dir + ": is a directory, not a file", folder.err().strip());
        assertEquals("", folder.out());

        Path missing = dir.resolve("missing.json");
        Cli.Result split = Cli.run("split", "--contacts", "c1", "--new-rules", missing.toString(), EXAMPLE);
        assertEquals(1, split.status());
        assertEquals("contactkit: --new-rules " + missing + ": no such file", split.err().strip());
        Cli.Result db = Cli.run("db", "split", "--workspace", "ws", "--contacts", "c1", "--new-rules", missing.toString());
        assertEquals(1, db.status());
        assertEquals("contactkit: --new-rules " + missing + ": no such file", db.err().strip());

        Path broken = dir.resolve("broken.yaml");
        write(broken, "identifiers: [\n");
        Cli.Result syntax = Cli.run("split", "--contacts", "c1", "--new-rules", broken.toString(), EXAMPLE);
        assertEquals(1, syntax.status());
        assertTrue(syntax.err().startsWith("contactkit: --new-rules " + broken + ": not valid YAML: "), syntax.err());
    }

    @Test
    void aRulesFileMayBeAPipe() throws Exception {
        Path fifo = dir.resolve("rules.json");
        int made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        } catch (IOException e) {
            made = -1;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(made == 0, "mkfifo makes a named pipe here");
        // the writer waits for the reader to open the pipe, as a shell's process substitution does
        Thread writer = new Thread(() -> write(fifo, "{\"identifiers\":{\"phonenumber\":{\"blocked\":[\"+1 (408) 402-9292\"]}}}"));
        writer.setDaemon(true);
        writer.start();
        Cli.Result r = Cli.run("dedupe", "--strategy", "merge", "--region", "US", "--rules", fifo.toString(), EXAMPLE);
        writer.join(10_000);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.lines().stream().noneMatch(c -> c.toString().contains("+14084029292")), "the piped rules applied");
    }

    @Test
    void anUnreadableRulesFileIsNotCalledInvalid() throws IOException {
        Path locked = dir.resolve("locked.json");
        write(locked, "{}");
        Files.setPosixFilePermissions(locked, java.util.Set.of());
        // the superuser reads any file: nothing to check then
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(locked), "this user can read a file without permissions");
        Cli.Result r = Cli.run("dedupe", "--rules", locked.toString(), EXAMPLE);
        assertEquals(1, r.status());
        assertEquals("contactkit: --rules " + locked + ": cannot read the file: permission denied", r.err().strip());
    }

    @Test
    void splitUnmergesAContactByReplayUnderANewlyBlockedValue() {
        Path block = dir.resolve("block.json");
        write(block, "{\"identifiers\":{\"phonenumber\":{\"blocked\":[\"+1 (408) 402-9292\"]}}}");
        Cli.Result r = Cli.run("split", "--strategy", "merge", "--region", "US", "--contacts", "c1", "--new-rules", block.toString(), EXAMPLE);

        assertEquals(0, r.status(), r.err());
        assertEquals("replaced=1 contacts=3 replayed=4 rejected=0 dropped=0", r.summary());
        List<JsonNode> contacts = r.lines();
        assertEquals("c1", contacts.get(0).get("id").stringValue(), "Ann keeps her id");
        assertEquals("ines.silva@example.org", contacts.get(2).get("identifiers").get(0).get("value").stringValue());
    }

    @Test
    void splitNamesTheRecordsTheNewRulesReject() {
        // strict_alias: record 2 joins Ann through her phone and brings a CRM id; record 3 names her e-mail and that id.
        // With the phone blocked, record 2 makes a contact of its own, and record 3's identifiers belong to two contacts
        Path input = dir.resolve("ann.csv");
        write(input, "email,phone,id:crm\nann@example.com,+14155550100,\n,+14155550100,CRM-1\nann@example.com,,CRM-1\n");
        Path block = dir.resolve("block-phone.json");
        write(block, "{\"identifiers\":{\"phonenumber\":{\"blocked\":[\"+14155550100\"]}}}");
        Cli.Result r = Cli.run("split", "--contacts", "c1", "--new-rules", block.toString(), input.toString());

        assertEquals(0, r.status(), r.err());
        assertEquals("replaced=1 contacts=2 replayed=2 rejected=1 dropped=0", r.summary());
        assertTrue(r.err().contains("contactkit: record 3 (of contact c1) is rejected under the new rules (conflict): identifiers belong to 2"
                + " different contacts"), r.err());
        assertEquals(2, r.lines().size());
    }

    @Test
    void syncRefusesLimitsForAProviderThatDecidesItself() {
        Cli.Result r = Cli.run(java.util.Map.of("CONTACTKIT_BIRD_ACCESS_KEY", "k"), "", "sync", "--provider", "bird", "--workspace", "ws",
                "--rules", RULES, EXAMPLE);
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("needs --provider memory"), r.err());
    }

    @Test
    void syncToTheMemoryProviderAppliesEveryRule() {
        Cli.Result r = Cli.run("sync", "--provider", "memory", "--workspace", "ws", "--strategy", "merge", "--region", "US", "--rules", RULES, EXAMPLE);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("identifier_blocked"), r.out());
    }

    @Test
    void anOutputNamingARulesFileTheRunReadsIsAUsageErrorAndTheRulesAreKept() throws IOException {
        Path rules = dir.resolve("r.yaml");
        Files.copy(Path.of(RULES), rules);
        Path block = dir.resolve("block.json");
        write(block, "{\"identifiers\":{\"phonenumber\":{\"blocked\":[\"+1 (408) 402-9292\"]}}}");
        Path link = dir.resolve("link.yaml");
        Files.createSymbolicLink(link, rules);
        byte[] rulesBefore = Files.readAllBytes(rules);
        byte[] blockBefore = Files.readAllBytes(block);
        String r = rules.toString();
        String b = block.toString();
        for (String[] args : List.of(
                new String[] {"dedupe", "--rules", r, "-o", r, EXAMPLE},
                new String[] {"dedupe", "--rules", r, "--audit", r, EXAMPLE},
                new String[] {"dedupe", "--rules", r, "--rejects", link.toString(), EXAMPLE},
                new String[] {"dedupe", "--rules", link.toString(), "--hubs", dir.resolve("sub/../r.yaml").toString(), EXAMPLE},
                new String[] {"dedupe", "--engine", "spark", "--rules", r, "--output-dir", r, EXAMPLE},
                new String[] {"split", "--contacts", "c1", "--new-rules", b, "-o", b, EXAMPLE},
                new String[] {"split", "--contacts", "c1", "--rules", r, "--new-rules", b, "-o", r, EXAMPLE},
                new String[] {"sync", "--provider", "memory", "--workspace", "w", "--rules", r, "--failed", r, EXAMPLE},
                new String[] {"sync", "--provider", "memory", "--workspace", "w", "--rules", r, "-o", r, EXAMPLE},
                new String[] {"db", "split", "--workspace", "w", "--contacts", "c1", "--new-rules", b, "-o", b})) {
            Files.createDirectories(dir.resolve("sub"));
            Cli.Result result = Cli.run(args);
            assertEquals(2, result.status(), String.join(" ", args) + ": " + result.err());
            assertTrue(result.errLines().get(0).matches("--(output|audit|rejects|hubs|output-dir|failed) names the --(rules|new-rules) file,"
                    + " which it would replace: give another file"), result.err());
            assertEquals("", result.out());
            assertArrayEquals(rulesBefore, Files.readAllBytes(rules), String.join(" ", args));
            assertArrayEquals(blockBefore, Files.readAllBytes(block), String.join(" ", args));
        }
    }

    static void write(Path p, String text) {
        try {
            Files.writeString(p, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
