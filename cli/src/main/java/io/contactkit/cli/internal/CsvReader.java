package io.contactkit.cli.internal;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.dataformat.csv.CsvFactory;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * RFC 4180 CSV through Jackson's streaming CSV parser: the first row is the header, every later
 * non-blank row a record. Blank lines are skipped. A row may have fewer cells than the header (the
 * missing ones are empty); one with more is rejected later by {@link RecordMapper}.
 */
final class CsvReader extends RecordReader {

    // the streaming parser alone: a CsvMapper would set up Jackson's whole object mapping (some 400 classes, their static
    // set-up on the start-up path) only to make this parser; the parser and its features are the same
    private static final CsvFactory CSV = CsvFactory.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();
    private static final ObjectReadContext NO_COLUMNS = new ObjectReadContext.Base() {
        @Override
        public CsvSchema getSchema() {
            return CsvSchema.emptySchema();
        }
    };

    private final Reader reader;
    private final char separator;
    private final JsonParser parser;
    private final Field[] columns;
    private final List<String> cells = new ArrayList<>();
    // the last line of the last row read whole (a quoted field may span lines), so the next row starts on the line after
    private long lastLine;
    // the first line of the row row() returned last (a field, not an array made per row)
    private long rowLine;
    // whether the row being read is the header: a problem in it is said of the header, not of a record
    private boolean inHeader;

    /**
     * @param header    false for a part of a file that starts at a row boundary after the header: every row is a record
     * @param separator the column separator: a comma, or another character such as ';' or a tab
     */
    CsvReader(String source, Reader reader, boolean header, char separator) {
        super(source);
        this.reader = reader;
        this.separator = separator;
        try {
            this.parser = CSV.createParser(separator == ',' ? NO_COLUMNS : separatedBy(separator), reader);
            this.columns = header ? header() : null;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static ObjectReadContext separatedBy(char separator) {
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator);
        return new ObjectReadContext.Base() {
            @Override
            public CsvSchema getSchema() {
                return schema;
            }
        };
    }

    /** The column separator. */
    char separator() {
        return separator;
    }

    private Field[] header() {
        inHeader = true;
        String[] names = row();
        inHeader = false;
        if (names == null) {
            throw new CliFailure(source() + ": no header row: the input is empty");
        }
        try {
            return Field.header(Arrays.asList(names));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(source() + ": header (line " + rowLine + "), " + e.getMessage());
        }
    }

    @Override
    public Field[] columns() {
        return columns == null ? null : columns.clone();
    }

    @Override
    public RawRecord next() {
        String[] row = row();
        return row == null ? null : new RawRecord.Cells(nextNumber(), rowLine, row);
    }

    /** The next non-blank row's cells, or null at the end; its first line is then in {@link #rowLine}. */
    private String[] row() {
        try {
            while (true) {
                JsonToken t = parser.nextToken();
                if (t == null) {
                    return null;
                }
                if (t != JsonToken.START_ARRAY || parser.streamReadContext().getNestingDepth() != 2) {
                    continue;
                }
                cells.clear();
                while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) {
                        throw failure("the input ends inside a row", null);
                    }
                    cells.add(parser.getString());
                }
                long start = lastLine + 1;
                // at the end of a row the parser is past its line end, on the next row's first line
                lastLine = parser.currentLocation().getLineNr() - 1;
                // a blank line reads as one empty cell
                if (!(cells.size() == 1 && cells.get(0).isEmpty())) {
                    rowLine = start;
                    return cells.toArray(new String[cells.size()]);   // sized: no reflective array creation per row
                }
            }
        } catch (JacksonIOException e) {
            throw failure(describe(e), e);
        } catch (JacksonException e) {
            throw failure(problem(e), e);
        }
    }

    /**
     * A failure of the row being read, said of the line it starts on: the line after the last row read whole. An invalid byte
     * on a later line of the row (in a quoted field over several lines) names its own line too. Jackson looks for the next
     * row before it ends one, so a failure there, after the row's last cell, is one of the next row, on the line it was
     * looking at. The line the parser is on is looked up here only, not for every row.
     */
    private CliFailure failure(String problem, Throwable cause) {
        long start = lastLine + 1;
        long at = parser.currentLocation().getLineNr();
        boolean header = inHeader;
        long record = records() + 1;
        if (parser.streamReadContext().getNestingDepth() < 2 && at > start) {
            start = at;
            if (!(cells.size() == 1 && cells.get(0).isEmpty())) {
                // the row read whole was the header or a record, and the next one is the record after it
                record += header ? 0 : 1;
                header = false;
            }
        }
        String said = problem;
        if (at > start && said != null && said.startsWith("invalid UTF-8")) {
            said = "invalid UTF-8 on line " + at + said.substring("invalid UTF-8".length());
        }
        return failure(header ? "header (line " + start + ")" : record(record, start), said, cause);
    }

    private static String problem(JacksonException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (m.startsWith("Missing closing quote")) {
            return "unterminated quoted field (a quote opened and never closed)";
        }
        if (m.startsWith("Unexpected character") && m.contains("Expected column separator")) {
            return "unexpected character after a closing quote (a quote inside a field must be doubled)";
        }
        String coding = describe(e);
        return coding != null && coding.startsWith("invalid UTF-8") ? coding : "malformed CSV: " + m;
    }

    @Override
    public void close() {
        try {
            if (parser != null) {
                parser.close();
            }
        } catch (JacksonException ignored) {
            // closing after a failure: the failure is what gets reported
        }
        try {
            reader.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }
}
