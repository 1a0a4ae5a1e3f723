package io.contactkit.cli.internal;

import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.IdentityRules;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options of every command that reads records: the input, its format and column separator, key priority and region. */
public final class RecordOptions {

    @Parameters(index = "0", paramLabel = "INPUT",
            description = "CSV file with a header row (UTF-8), or NDJSON when the name ends in .ndjson or .jsonl; read through gzip when"
                    + " it ends in .gz (contacts.csv.gz) or its data is gzip; - reads standard input.")
    String input;

    @Option(names = "--format", paramLabel = "csv|ndjson",
            description = "The input format, when the file name does not tell (standard input is CSV unless given).")
    RecordReader.Format format;

    @Option(names = "--delimiter", paramLabel = "C",
            description = "The CSV column separator: one character (e.g. ';' for a spreadsheet's export where the decimal mark is a comma),"
                    + " or tab. Default: a tab for a name ending in .tsv, a comma otherwise.")
    String delimiter;

    @Option(names = "--priority", split = ",", paramLabel = "KEY",
            description = "Identifier keys first in this order (e.g. email,phone or emailaddress,id:crm); "
                    + "others follow in column order. Default: column order.")
    List<String> priority = new ArrayList<>();

    @Option(names = "--region", paramLabel = "CC",
            description = "Default region (ISO 3166, e.g. US) for phone numbers written without +. Default: none, so such numbers are invalid.")
    String region;

    /**
     * The identifier keys of rules files ({@link #rules}) other than the well-known ones, each as {what names it, the key,
     * what follows when no column holds it}: the header is checked for them as for the {@code --priority} keys.
     */
    private final List<String[]> ruleKeys = new ArrayList<>();

    /**
     * The rules of a rules file ({@link RulesFile#read}), whose keys other than the well-known ones the input's header is then
     * checked for when opened: a key that no column holds is almost always a misspelt or misnamed one, whose rules apply to nothing.
     *
     * @param option the option that named the file
     * @param file   the file, or null for none
     */
    IdentityRules rules(String option, String file, IdentifierPolicy policy) {
        IdentityRules rules = RulesFile.read(option, file, policy);
        for (String key : new java.util.TreeSet<>(rules.keys().keySet())) {
            if (!RulesFile.everyInputsKey(key)) {
                ruleKeys.add(new String[] {Field.abbreviate(option + " " + file) + " names the identifier key", key, ": its rules apply to nothing"});
            }
        }
        return rules;
    }

    /**
     * The CSV column separator the options name, or by the input's name when none is given.
     *
     * @throws IllegalArgumentException for one that cannot separate columns, or one given for NDJSON input
     */
    char separator() {
        if (delimiter == null) {
            return input != null && RecordReader.uncompressedName(input).endsWith(".tsv") ? '\t' : ',';
        }
        if (input != null && RecordReader.Format.of(input, format) != RecordReader.Format.CSV) {
            throw new IllegalArgumentException("--delimiter is for CSV input, and this input is NDJSON");
        }
        if (delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t")) {
            return '\t';
        }
        if (delimiter.length() != 1 || delimiter.charAt(0) == '"' || delimiter.charAt(0) == '\n' || delimiter.charAt(0) == '\r') {
            throw new IllegalArgumentException("--delimiter takes one character other than a quote or a line break, or tab; got '"
                    + Field.abbreviate(delimiter) + "'");
        }
        return delimiter.charAt(0);
    }

    /**
     * Opens the input these options name (checked by {@link Options#policy} first), with a warning on standard error for
     * a CSV header that would quietly change the run: one without any identifier column (every record would then be a
     * contact of its own: almost always a header named otherwise than expected, or a file separated otherwise), or one
     * that holds no column of a {@code --priority} key or of a rules file's key other than the well-known ones (almost always a
     * misspelt key).
     */
    RecordReader open(Io io) {
        char separator = separator();
        RecordReader reader = RecordReader.open(input, format, separator, io);
        Field[] columns = reader.columns();
        if (columns == null) {
            String shape = reader instanceof NdjsonReader n ? notNdjson(n.firstLine()) : null;
            if (shape != null) {
                io.err().println("contactkit: warning: " + reader.source() + ": " + shape);
            }
            return reader;
        }
        java.util.Set<String> held = new java.util.LinkedHashSet<>();
        for (Field f : columns) {
            if (f.identifier()) {
                held.add(f.key());
            }
        }
        if (held.isEmpty()) {
            io.err().println("contactkit: warning: " + reader.source() + ": no column of the header is an identifier (email, phone,"
                    + " visitor_id or id:<key>), so no record has one" + otherSeparator(columns, separator));
        } else {
            // the keys --priority and the rules files name, each checked against the header alike
            List<String[]> named = new ArrayList<>();
            for (String entry : priority) {
                named.add(new String[] {"--priority names", Field.priorityKey(entry), ""});
            }
            named.addAll(ruleKeys);
            for (String[] n : named) {
                if (!held.contains(n[1])) {
                    io.err().println("contactkit: warning: " + reader.source() + ": " + n[0] + " "
                            + Field.abbreviate(n[1]) + ", which no column holds (the identifier columns hold " + String.join(", ", held) + ")" + n[2]);
                }
            }
        }
        return reader;
    }

    /**
     * Why an input read as NDJSON does not look like one, from its first line, or null: a JSON array (one document, not one
     * object per line), a line that is no JSON object at all (a CSV file given with {@code --format ndjson}), or an object
     * that is not whole on its line (pretty-printed JSON, one object over several lines). Every record would be rejected as
     * invalid JSON, without a word on why.
     */
    static String notNdjson(String firstLine) {
        if (firstLine == null) {
            return null;
        }
        String line = !firstLine.isEmpty() && firstLine.charAt(0) == '\uFEFF' ? firstLine.substring(1) : firstLine;
        String t = line.strip();
        if (t.startsWith("{")) {
            JsonProblem.Verdict v = JsonProblem.check(line);
            if (v == null) {
                return null;
            }
            return "the first line" + (v.endsOpen() ? " ('" + Field.abbreviate(t) + "') starts a JSON object that it does not end: the input"
                    + " looks like pretty-printed JSON, but NDJSON is one JSON object per line; write each object on a line of its own"
                    : " is not valid JSON: " + v.problem() + "; NDJSON is one JSON object per line")
                    + "; every line that is no JSON object is rejected as invalid_json";
        }
        if (t.startsWith("[")) {
            return "the input starts with '[': NDJSON is one JSON object per line, not a JSON array; write each object on a line of its own";
        }
        boolean separated = t.indexOf(',') >= 0 || t.indexOf(';') >= 0 || t.indexOf('\t') >= 0;
        return "the first line is not a JSON object" + (separated ? ", and reads like a CSV header ('" + Field.abbreviate(t) + "'): without"
                + " --format ndjson a file not named .ndjson or .jsonl is read as CSV" : " ('" + Field.abbreviate(t) + "'): NDJSON is one JSON"
                + " object per line") + "; every line that is no JSON object is rejected as invalid_json";
    }

    /** A hint when the header read as one column holds another usual separator. */
    private static String otherSeparator(Field[] columns, char separator) {
        if (columns.length != 1) {
            return "";
        }
        for (char c : new char[] {';', '\t', '|', ','}) {
            if (c != separator && columns[0].name().indexOf(c) >= 0) {
                String option = c == '\t' ? "tab" : "'" + c + "'";
                return "; the header reads as one column: if the file's columns are separated by " + option + ", give --delimiter " + option;
            }
        }
        return "";
    }

    /** The normalization policy the options describe. @throws IllegalArgumentException for an unknown region or key */
    IdentifierPolicy policy() {
        List<String> keys = new ArrayList<>();
        for (String entry : priority) {
            keys.add(Field.priorityKey(entry));
        }
        return IdentifierPolicy.builder().defaultRegion(region).keyPriority(keys).build();
    }
}
