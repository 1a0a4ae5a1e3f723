package io.contactkit.cli.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * What is wrong with malformed JSON, in plain words for a message: Jackson's own text without its internals (the source
 * description {@code [Source: REDACTED ...; byte offset: #UNKNOWN]}, feature and class names), with the column (or line
 * and column) where the problem is, except when the text ends too early, where the place is its end.
 */
final class JsonProblem {

    /** Jackson's words for a text that ends with an object or an array still open. */
    private static final Pattern ENDS_OPEN = Pattern.compile(
            "^Unexpected end-of-input(?:: expected close marker for| within/between) (Object|Array)\\b.*", Pattern.DOTALL);
    private static final Pattern ENDS_IN_STRING = Pattern.compile("^Unexpected end-of-input: was expecting closing quote.*", Pattern.DOTALL);
    private static final Pattern ENDS = Pattern.compile("^Unexpected end-of-input.*", Pattern.DOTALL);
    private static final Pattern SOURCE = Pattern.compile("\\s*\\((?:start marker at|for \\w+ starting at) \\[Source:.*?\\]\\)|\\s*\\[Source:.*?\\]");
    private static final Pattern CLOSE_EXPECTED = Pattern.compile("^Unexpected close marker '(.)': expected '(.)'.*", Pattern.DOTALL);
    private static final Pattern CLOSE_UNOPENED = Pattern.compile("^Unexpected close marker '(.)': no open (Object|Array) to close.*", Pattern.DOTALL);
    private static final Pattern TRAILING = Pattern.compile("^Trailing token .*", Pattern.DOTALL);
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate Object property (\".*\")$", Pattern.DOTALL);
    private static final Pattern CHARACTER = Pattern.compile("\\('(.+?)' \\(code \\d+\\)\\)");
    private static final Pattern CONTROL = Pattern.compile("\\(\\(CTRL-CHAR, code (\\d+)\\)\\)");
    private static final Pattern ANY_VALUE = Pattern.compile("(?:a valid value )?\\(JSON String, Number, Array, Object or token 'null', 'true' or 'false'\\)");
    private static final Pattern COMMENT = Pattern.compile("\\s*\\(not recognized as one since Feature '[^']*' not enabled for parser\\)");
    // a hint to turn a feature on (": enable `JsonReadFeature.X` to allow", " (consider enabling `...` ...)"), and class names
    private static final Pattern INTERNALS = Pattern.compile(
            ": enable `[^`]*` to allow|\\s*\\(consider enabling `.*$|\\s*\\(bound as `[^`]*`\\)|: not allowed as per `[^`]*`|\\s*`[\\w$]+(?:\\.[\\w$]+)+`");

    private JsonProblem() {
    }

    /** A streaming parser's factory: checking a line needs no object mapping. */
    private static final class Factory {
        static final JsonFactory JSON = JsonFactory.builder().build();
    }

    /**
     * What is wrong, in plain words. @param oneLine whether the text is one line (an NDJSON record): its place is then a
     * column alone, else a line and a column
     */
    static String describe(JacksonException e, boolean oneLine) {
        String m = e.getOriginalMessage();
        if (m == null || m.isBlank()) {
            return "malformed JSON" + where(e, oneLine);
        }
        m = SOURCE.matcher(m).replaceAll("").replace("#UNKNOWN", "").strip();
        Matcher open = ENDS_OPEN.matcher(m);
        if (open.matches()) {
            return open.group(1).equals("Object") ? "it ends before an object is closed (a '}' is missing)"
                    : "it ends before an array is closed (a ']' is missing)";
        }
        if (ENDS_IN_STRING.matcher(m).matches()) {
            return "it ends inside a string (a closing '\"' is missing)";
        }
        if (ENDS.matcher(m).matches()) {
            return "it ends before the JSON is complete";
        }
        Matcher close = CLOSE_EXPECTED.matcher(m);
        Matcher unopened = CLOSE_UNOPENED.matcher(m);
        Matcher duplicate = DUPLICATE.matcher(m);
        if (close.matches()) {
            m = "'" + close.group(1) + "' where '" + close.group(2) + "' was expected";
        } else if (unopened.matches()) {
            m = "'" + unopened.group(1) + "' closes no open " + (unopened.group(2).equals("Object") ? "object" : "array");
        } else if (TRAILING.matcher(m).matches()) {
            m = "more follows the JSON value";
        } else if (duplicate.matches()) {
            m = "duplicate field " + duplicate.group(1);
        } else {
            m = CHARACTER.matcher(m).replaceAll("'$1'");
            m = CONTROL.matcher(m).replaceAll("(a control character, code $1)");
            m = ANY_VALUE.matcher(m).replaceAll("a value");
            m = COMMENT.matcher(m).replaceAll(" (JSON has no comments)");
            m = INTERNALS.matcher(m).replaceAll("");
            m = m.replace("was expecting", "expected").strip();
        }
        if (m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1))) {
            m = m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
        }
        return m + where(e, oneLine);
    }

    /** Why a text is not one whole JSON value: the problem in plain words, and whether the text ends with an object or array open. */
    record Verdict(String problem, boolean endsOpen) {
    }

    /**
     * Why a line is not one whole JSON value (as a line of NDJSON must be), or null when it is one; read with a streaming
     * parser, nothing mapped, so a field named twice is no problem here.
     */
    static @Nullable Verdict check(String line) {
        try (JsonParser p = Factory.JSON.createParser(ObjectReadContext.empty(), line)) {
            if (p.nextToken() == null) {
                return new Verdict("it holds no JSON value", false);
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                TokenStreamLocation at = p.currentTokenLocation();
                return new Verdict("more follows the JSON value" + where(at, true), false);
            }
            return null;
        } catch (JacksonException e) {
            String m = e.getOriginalMessage();
            return new Verdict(describe(e, true), m != null && ENDS_OPEN.matcher(m).matches());
        }
    }

    private static String where(JacksonException e, boolean oneLine) {
        return where(e.getLocation(), oneLine);
    }

    private static String where(@Nullable TokenStreamLocation at, boolean oneLine) {
        if (at == null || at.getColumnNr() <= 0) {
            return "";
        }
        return oneLine || at.getLineNr() <= 0 ? " (column " + at.getColumnNr() + ")" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
