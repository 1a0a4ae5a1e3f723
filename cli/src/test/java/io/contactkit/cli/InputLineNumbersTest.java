package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The line a CSV input's problem is said to be on: a record's first line counts the lines of every quoted field before it
 * that spans lines, and a problem of the header row is said of the header, not of a record.
 */
class InputLineNumbersTest {

    static final String LATIN1_HINT = " (the input must be UTF-8 encoded; one saved as Windows-1252 or Latin-1 converts with iconv -f"
            + " WINDOWS-1252 -t UTF-8)";

    @TempDir
    Path dir;

    /** A file of these bytes: the text in ISO-8859-1, so that an {@code é} is the lone byte 0xE9, not UTF-8. */
    Path latin1(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, text.getBytes(StandardCharsets.ISO_8859_1));
        return p;
    }

    static void assertFails(Path input, String message) {
        Cli.Result r = Cli.run("dedupe", input.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals(List.of("contactkit: " + input + ": " + message), r.errLines());
        assertEquals("", r.out());
    }

    @Test
    void aBadByteAfterAFieldOverTwoLinesIsOnTheLineItIsOn() throws IOException {
        assertFails(latin1("after.csv", "email,firstName\na@x.com,\"A\nB\"\nb@x.com,B\u00e9\n"),
                "record 2 (line 4): invalid UTF-8: byte 0xE9" + LATIN1_HINT);
        // Windows line ends, a field over three lines and blank lines between
        assertFails(latin1("crlf.csv", "email,firstName\r\na@x.com,\"A\r\nB\r\nC\"\r\n\r\n\r\nb@x.com,B\u00e9\r\n"),
                "record 2 (line 7): invalid UTF-8: byte 0xE9" + LATIN1_HINT);
        // the bad byte first on its line, right after the line end of a record over two lines
        assertFails(latin1("first.csv", "email,firstName\na@x.com,\"A\nB\"\n\u00e9b@x.com,B\n"),
                "record 2 (line 4): invalid UTF-8: byte 0xE9" + LATIN1_HINT);
    }

    @Test
    void aBadByteOnALaterLineOfARecordNamesBothLines() throws IOException {
        assertFails(latin1("inside.csv", "email,firstName\na@x.com,A\nb@x.com,\"B\nB\u00e9\"\n"),
                "record 2 (line 3): invalid UTF-8 on line 4: byte 0xE9" + LATIN1_HINT);
        assertFails(latin1("start.csv", "email,firstName\na@x.com,A\nb@x.com,\"B\r\n\r\n\u00e9\"\r\n"),
                "record 2 (line 3): invalid UTF-8 on line 5: byte 0xE9" + LATIN1_HINT);
    }

    @Test
    void anUnterminatedQuoteAfterAFieldOverTwoLinesIsOnTheLineItOpens() throws IOException {
        assertFails(latin1("quote.csv", "email,firstName\na@x.com,\"A\nB\"\nb@x.com,\"B\n"),
                "record 2 (line 4): unterminated quoted field (a quote opened and never closed)");
        assertFails(latin1("stray.csv", "email,firstName\na@x.com,\"A\nB\"\nb@x.com,\"B\"x\n"),
                "record 2 (line 4): unexpected character after a closing quote (a quote inside a field must be doubled)");
    }

    @Test
    void aProblemOfTheHeaderRowIsSaidOfTheHeader() throws IOException {
        assertFails(latin1("header.csv", "em\u00e9il,phone\na@x.com,1\n"), "header (line 1): invalid UTF-8: byte 0xE9" + LATIN1_HINT);
        assertFails(latin1("late.csv", "\n\nem\u00e9il,phone\na@x.com,1\n"), "header (line 3): invalid UTF-8: byte 0xE9" + LATIN1_HINT);
        assertFails(latin1("open.csv", "email,\"phone\n"), "header (line 1): unterminated quoted field (a quote opened and never closed)");
        // the header's own problems, on the line it is on
        assertFails(latin1("dup.csv", "\n\nemail,phone,email\n"), "header (line 3), column 3: duplicate column 'email' (also column 1)");
        // a bad byte first on the line after the header is in the first record
        assertFails(latin1("next.csv", "email,phone\n\u00e9a@x.com,1\n"), "record 1 (line 2): invalid UTF-8: byte 0xE9" + LATIN1_HINT);
    }

    @Test
    void aBadByteFirstOnItsLineIsInTheRecordOfThatLine() throws IOException {
        assertFails(latin1("next.csv", "email,firstName\na@x.com,A\n\u00e9b@x.com,B\n"),
                "record 2 (line 3): invalid UTF-8: byte 0xE9" + LATIN1_HINT);
        assertFails(latin1("quoted.csv", "email,firstName\na@x.com,\"A\"\r\n\u00e9b@x.com,B\n"),
                "record 2 (line 3): invalid UTF-8: byte 0xE9" + LATIN1_HINT);
        assertFails(latin1("blank.csv", "email,firstName\na@x.com,A\n\n\u00e9b@x.com,B\n"),
                "record 2 (line 4): invalid UTF-8: byte 0xE9" + LATIN1_HINT);
    }

    /** The same lines ended by LF, by CRLF and by CR alone (old Mac files): the same records, on the same line numbers. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"LF", "CRLF", "CR"})
    void everyLineEndCountsTheSameLines(String end) throws IOException {
        String nl = switch (end) {
            case "LF" -> "\n";
            case "CRLF" -> "\r\n";
            default -> "\r";
        };
        assertAll(
                () -> assertFails(latin1("after.csv", String.join(nl, "email,firstName", "a@x.com,\"A", "B\"", "b@x.com,B\u00e9", "")),
                        "record 2 (line 4): invalid UTF-8: byte 0xE9" + LATIN1_HINT),
                () -> assertFails(latin1("blank.csv", String.join(nl, "email,firstName", "a@x.com,\"A", "B", "C\"", "", "", "b@x.com,B\u00e9", "")),
                        "record 2 (line 7): invalid UTF-8: byte 0xE9" + LATIN1_HINT),
                () -> assertFails(latin1("first.csv", String.join(nl, "email,firstName", "a@x.com,\"A", "B\"", "\u00e9b@x.com,B", "")),
                        "record 2 (line 4): invalid UTF-8: byte 0xE9" + LATIN1_HINT),
                () -> assertFails(latin1("inside.csv", String.join(nl, "email,firstName", "a@x.com,A", "b@x.com,\"B", "B\u00e9\"", "")),
                        "record 2 (line 3): invalid UTF-8 on line 4: byte 0xE9" + LATIN1_HINT),
                () -> assertFails(latin1("quote.csv", String.join(nl, "email,firstName", "a@x.com,\"A", "B\"", "b@x.com,\"B", "")),
                        "record 2 (line 4): unterminated quoted field (a quote opened and never closed)"),
                () -> assertFails(latin1("next.csv", String.join(nl, "email,firstName", "a@x.com,A", "\u00e9b@x.com,B", "")),
                        "record 2 (line 3): invalid UTF-8: byte 0xE9" + LATIN1_HINT),
                () -> assertFails(latin1("afterheader.csv", String.join(nl, "email,phone", "\u00e9a@x.com,1", "")),
                        "record 1 (line 2): invalid UTF-8: byte 0xE9" + LATIN1_HINT),
                () -> assertFails(latin1("afterblank.csv", String.join(nl, "email,firstName", "a@x.com,A", "", "\u00e9b@x.com,B", "")),
                        "record 2 (line 4): invalid UTF-8: byte 0xE9" + LATIN1_HINT),
                () -> assertFails(latin1("header.csv", String.join(nl, "", "", "em\u00e9il,phone", "a@x.com,1", "")),
                        "header (line 3): invalid UTF-8: byte 0xE9" + LATIN1_HINT),
                () -> assertFails(latin1("dup.csv", String.join(nl, "", "", "email,phone,email", "")),
                        "header (line 3), column 3: duplicate column 'email' (also column 1)"),
                () -> assertFails(latin1("last.csv", String.join(nl, "email,firstName", "a@x.com,\"A", "B\"", "", "b@x.com,B", "c@x.com,\u00e9", "")),
                        "record 3 (line 6): invalid UTF-8: byte 0xE9" + LATIN1_HINT));
    }

    /** An invalid e-mail address after a cell over two lines is rejected as the same record whatever the line ends. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void theRecordsAndTheirRejectsAreTheSameWhateverTheLineEnds(String nl) throws IOException {
        Path input = latin1("in.csv", String.join(nl, "email,firstName", "a@x.com,\"A", "B\"", "", "not-an-address,C", "b@x.com,D", ""));
        Path rejects = dir.resolve("rejects.ndjson");
        Cli.Result r = Cli.run("dedupe", "--rejects", rejects.toString(), input.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("records=3 contacts=2 created=2 updated=0 merged=0 rejected=1", r.summary());
        List<String> rejected = Files.readAllLines(rejects);
        assertEquals(1, rejected.size(), rejected.toString());
        assertTrue(rejected.get(0).startsWith("{\"record\":2,\"code\":\"invalid_identifier\""), rejected.get(0));
    }
}
