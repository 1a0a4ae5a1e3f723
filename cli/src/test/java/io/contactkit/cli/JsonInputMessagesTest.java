package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * NDJSON input that is not one object per line (pretty-printed JSON) is warned of from its first line, and what is wrong
 * with a line or a rules file that is not valid JSON is said plainly, without the JSON parser's internals.
 */
class JsonInputMessagesTest {

    static final String REJECTED = "; every line that is no JSON object is rejected as invalid_json";

    @TempDir
    Path dir;

    Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void prettyPrintedJsonReadAsNdjsonIsWarnedOf() throws IOException {
        Path pretty = write("pretty.ndjson", "{\n  \"email\": \"a@x.com\"\n}\n");
        Path rejects = dir.resolve("rejects.ndjson");
        Cli.Result r = Cli.run("dedupe", "--rejects", rejects.toString(), pretty.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("contactkit: warning: " + pretty + ": the first line ('{') starts a JSON object that it does not end: the input"
                + " looks like pretty-printed JSON, but NDJSON is one JSON object per line; write each object on a line of its own" + REJECTED,
                "records=3 contacts=0 created=0 updated=0 merged=0 rejected=3"), r.errLines());
        List<String> messages = DedupeCommandTest.rejectsOf(rejects).stream().map(n -> n.get("message").stringValue()).toList();
        assertEquals(List.of("the line is not valid JSON: it ends before an object is closed (a '}' is missing)",
                "the line is not valid JSON: unexpected character ':': expected a value (column 10)",
                "the line is not valid JSON: '}' closes no open object (column 1)"), messages);

        // an object wrapped over lines, its first line ending after a field
        Path wrapped = write("wrapped.jsonl", "{\"email\": \"a@x.com\",\n \"firstName\": \"Ann\"}\n");
        Cli.Result w = Cli.run("dedupe", wrapped.toString());
        assertEquals("contactkit: warning: " + wrapped + ": the first line ('{\"email\": \"a@x.com\",') starts a JSON object that it does"
                + " not end: the input looks like pretty-printed JSON, but NDJSON is one JSON object per line; write each object on a line"
                + " of its own" + REJECTED, w.errLines().get(0));
    }

    @Test
    void aFirstLineThatIsNoValidJsonIsWarnedOf() throws IOException {
        Path bad = write("bad.ndjson", "{email: \"a@x.com\"}\n{\"email\": \"b@x.com\"}\n");
        Cli.Result r = Cli.run("dedupe", bad.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("contactkit: warning: " + bad + ": the first line is not valid JSON: unexpected character 'e': expected double-quote"
                + " to start property name (column 2); NDJSON is one JSON object per line" + REJECTED, r.errLines().get(0));
        assertEquals("records=2 contacts=1 created=1 updated=0 merged=0 rejected=1", r.summary());
        // a first line that is a whole object, with a field named twice, is a problem of its record only
        Path twice = write("twice.ndjson", "{\"email\": \"a@x.com\", \"email\": \"b@x.com\"}\n{\"email\": \"b@x.com\"}\n");
        Path rejects = dir.resolve("rejects.ndjson");
        Cli.Result t = Cli.run("dedupe", "--rejects", rejects.toString(), twice.toString());
        assertEquals(List.of("records=2 contacts=1 created=1 updated=0 merged=0 rejected=1"), t.errLines());
        JsonNode reject = DedupeCommandTest.rejectsOf(rejects).get(0);
        assertEquals("the line is not valid JSON: duplicate field \"email\" (column 29)", reject.get("message").stringValue());
    }

    @Test
    void aRulesFileThatIsNoValidJsonIsSaidPlainly() throws IOException {
        Path cut = write("cut.json", "{\"identifiers\": {");
        Cli.Result r = Cli.run("dedupe", "--rules", cut.toString(), DedupeCommandTest.EXAMPLE);
        assertEquals(1, r.status(), r.err());
        assertEquals(List.of("contactkit: --rules " + cut + ": not valid JSON: it ends before an object is closed (a '}' is missing)"),
                r.errLines());
        Path extra = write("extra.json", "{\n  \"identifiers\": {}}\n}\n");
        Cli.Result e = Cli.run("dedupe", "--rules", extra.toString(), DedupeCommandTest.EXAMPLE);
        assertEquals(List.of("contactkit: --rules " + extra + ": not valid JSON: '}' closes no open object (line 3, column 1)"), e.errLines());
        Path word = write("word.json", "{\n  \"identifiers\": nope\n}\n");
        Cli.Result w = Cli.run("dedupe", "--rules", word.toString(), DedupeCommandTest.EXAMPLE);
        assertEquals(1, w.errLines().size(), w.err());
        assertFalse(w.err().contains("Source") || w.err().contains("REDACTED") || w.err().contains("#UNKNOWN") || w.err().contains("`"), w.err());
    }
}
