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
    private long lastLine;
    // the first line of the row row() returned last (a field, not an array made per row)
    private long rowLine;

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
        String[] names = row();
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
        long start = lastLine + 1;
        try {
            while (true) {
                JsonToken t = parser.nextToken();
                if (t == null) {
                    return null;
                }
                if (t != JsonToken.START_ARRAY || parser.streamReadContext().getNestingDepth() != 2) {
                    continue;
                }
                start = lastLine + 1;
                cells.clear();
                while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) {
                        throw failure(start, "the input ends inside a row", null);
                    }
                    cells.add(parser.getString());
                }
                lastLine = parser.currentTokenLocation().getLineNr();
                // a blank line reads as one empty cell
                if (!(cells.size() == 1 && cells.get(0).isEmpty())) {
                    rowLine = start;
                    return cells.toArray(new String[cells.size()]);   // sized: no reflective array creation per row
                }
            }
        } catch (JacksonIOException e) {
            throw failure(start, describe(e), e);
        } catch (JacksonException e) {
            throw failure(start, problem(e), e);
        }
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
