package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Jackson's messages for malformed JSON, said plainly: what is wrong and where, without its internals. */
class JsonProblemTest {

    // as strict as the reading of NDJSON records: a field named twice, and anything after the value, are errors
    static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static String problem(String text, boolean oneLine) {
        try {
            STRICT.readTree(text);
        } catch (JacksonException e) {
            return JsonProblem.describe(e, oneLine);
        }
        return fail("valid JSON: " + text);
    }

    @Test
    void whatIsWrongIsSaidPlainlyWithItsColumn() {
        assertEquals("it ends before an object is closed (a '}' is missing)", problem("{", true));
        assertEquals("it ends before an object is closed (a '}' is missing)", problem("{\"a\"", true));
        assertEquals("it ends before an array is closed (a ']' is missing)", problem("{\"a\": {\"b\": [", true));
        assertEquals("it ends before an array is closed (a ']' is missing)", problem("[1,", true));
        assertEquals("it ends inside a string (a closing '\"' is missing)", problem("{\"a\":\"x", true));
        assertEquals("unexpected character ':': expected a value (column 10)", problem("  \"email\": \"a@x.com\"", true));
        assertEquals("'}' closes no open object (column 1)", problem("}", true));
        assertEquals("'}' where ']' was expected (column 10)", problem("{\"a\":[1,2}", true));
        assertEquals("more follows the JSON value (column 8)", problem("{\"a\":1}{", true));
        assertEquals("duplicate field \"a\" (column 11)", problem("{\"a\":1,\"a\":2}", true));
        assertEquals("non-standard token 'NaN' (column 9)", problem("{\"a\":NaN}", true));
        assertEquals("unrecognized token 'tru': expected a value (line 2, column 6)", problem("{\n\"a\": tru}", false));
    }

    @Test
    void noMessageShowsJacksonsInternals() {
        for (String text : List.of("{", "{\"a\": [", "]", "{\"a\":[1}", "{\"a\":1}{", "{\"a\":1} x", "{\"a\":NaN}", "{\"a\":1 /* c */}",
                "{\"a\":\"x", "{a:1}", "{\"a\":tru}", "{\"a\":\"\u0001\"}", "{\"a\":01}", "{\"a\":1,}", "\u001e{}", "{\"a\" 1}",
                "{\"a\":\"\\q\"}", "{\"a\":1,\"a\":2}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":\"\\u12\"}", "{\"a\":Infinity}")) {
            for (boolean oneLine : new boolean[] {true, false}) {
                String said = problem(text, oneLine);
                for (String internal : List.of("Source", "REDACTED", "#UNKNOWN", "`", "Feature", "JsonToken", "tools.jackson", "code 58")) {
                    assertFalse(said.contains(internal), text + " -> " + said);
                }
                assertFalse(said.isBlank(), text);
                assertTrue(Character.isLowerCase(said.charAt(0)) || said.charAt(0) == '\'', text + " -> " + said);
            }
        }
    }

    @Test
    void aLineIsCheckedToBeOneWholeValue() {
        assertNull(JsonProblem.check("{\"email\": \"a@x.com\"}"));
        assertNull(JsonProblem.check("  {\"a\": {\"b\": [1, 2]}, \"a\": 3}  "), "a field named twice is a record's problem, not the file's");
        JsonProblem.Verdict open = JsonProblem.check("{");
        assertNotNull(open);
        assertTrue(open.endsOpen());
        JsonProblem.Verdict wrapped = JsonProblem.check("{\"email\": \"a@x.com\",");
        assertNotNull(wrapped);
        assertTrue(wrapped.endsOpen());
        JsonProblem.Verdict bad = JsonProblem.check("{email: 1}");
        assertNotNull(bad);
        assertFalse(bad.endsOpen());
        assertEquals("unexpected character 'e': expected double-quote to start property name (column 2)", bad.problem());
        JsonProblem.Verdict two = JsonProblem.check("{\"a\": 1} {\"b\": 2}");
        assertNotNull(two);
        assertEquals("more follows the JSON value (column 10)", two.problem());
    }
}
