package io.contactkit.cli.internal;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * {@code sync --failed FILE}: the input records that failed, in the input's own format, so that
 * {@code sync FILE} re-runs exactly them. CSV gets the input's header row and each failed row's cells
 * as read (quoted where needed); NDJSON gets each failed line as read. The file appears only when the
 * run completes, like every output; it holds the header alone when nothing failed. A name ending in {@code .gz} is written
 * through gzip, as such a name is read; a name that would be read as another format or separator is refused ({@link #misnamed}).
 */
final class FailedRecords implements AutoCloseable {

    private static final CsvMapper CSV = CsvMapper.builder().build();

    private final String name;
    private final OutputTarget target;
    private final GZIPOutputStream gzip;
    private final Writer writer;
    private final JsonGenerator csv;
    private long count;

    private FailedRecords(String name, OutputTarget target, Field[] columns, char separator) {
        this.name = name;
        this.target = target;
        try {
            this.gzip = RecordReader.gzipped(name) ? new GZIPOutputStream(target.stream(), 1 << 16) : null;
        } catch (IOException e) {
            throw new CliFailure(name + ": cannot write: " + e.getMessage(), e);
        }
        this.writer = new OutputStreamWriter(gzip != null ? gzip : target.stream(), StandardCharsets.UTF_8);
        if (columns == null) {
            this.csv = null;
            return;
        }
        this.csv = CSV.writer().with(CsvSchema.emptySchema().withLineSeparator("\n").withColumnSeparator(separator)).createGenerator(writer);
        String[] header = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            header[i] = columns[i].name();
        }
        row(header);
    }

    /** Records failures into {@code name}, or nowhere for null. */
    static FailedRecords open(String name, RecordReader input, Io io) {
        if (name == null) {
            return null;
        }
        if (name.equals("-")) {
            throw new CliFailure("--failed needs a file name: standard output carries the results");
        }
        // the failed rows as they were read: the same header and the same column separator
        return new FailedRecords(name, OutputTarget.open(name, io), input.columns(), input instanceof CsvReader c ? c.separator() : ',');
    }

    /**
     * Why {@code sync NAME} would not read the failed records as they are written, or null: they are written as the input is
     * (its format, and for CSV its column separator), and {@code sync} reads a file by its name (NDJSON for {@code .ndjson} or
     * {@code .jsonl}, tabs for {@code .tsv}, before a {@code .gz}) unless this run's {@code --format} or {@code --delimiter},
     * given again, say otherwise. A name whose extension names another format or separator than the one written is refused
     * too, even where those options would read it: the name would say what the file is not. The answer says which name to use.
     */
    static String misnamed(String name, RecordOptions records) {
        RecordReader.Format written = RecordReader.Format.of(records.input, records.format);
        char separator = records.separator();
        String n = RecordReader.uncompressedName(name);
        boolean tabs = n.endsWith(".tsv");
        RecordReader.Format named = n.endsWith(".ndjson") || n.endsWith(".jsonl") ? RecordReader.Format.NDJSON
                : n.endsWith(".csv") || tabs ? RecordReader.Format.CSV : null;
        String saysOtherwise;
        if (named != null && named != written) {
            saysOtherwise = "a name ending in " + n.substring(n.lastIndexOf('.')) + " is read as " + named;
        } else if (RecordReader.Format.of(name, records.format) != written) {
            saysOtherwise = "a name not ending in .ndjson or .jsonl is read as CSV";
        } else if (written == RecordReader.Format.CSV && tabs && separator != '\t') {
            saysOtherwise = "a name ending in .tsv is read as separated by tabs";
        } else if (written == RecordReader.Format.CSV && records.delimiter == null && !tabs && separator == '\t') {
            saysOtherwise = "a name not ending in .tsv is read as separated by commas";
        } else {
            return null;
        }
        String extension = written == RecordReader.Format.NDJSON ? (RecordReader.uncompressedName(records.input).endsWith(".jsonl") ? ".jsonl" : ".ndjson")
                : separator == '\t' ? ".tsv" : ".csv";
        String what = written == RecordReader.Format.NDJSON ? "NDJSON" : separator == ',' ? "CSV" : separator == '\t' ? "CSV separated by tabs"
                : "CSV separated by '" + separator + "'";
        // the names whole (a path is easily longer than what other messages show of a value), their control characters escaped
        return "--failed " + Field.abbreviate(name, 4096) + ": the failed records are written as the input is, " + what + ", so that sync"
                + " re-runs them from the file, but " + saysOtherwise + ": name it " + Field.abbreviate(renamed(name, extension), 4096);
    }

    /** The name with this extension in place of its own (if it has one), before a {@code .gz} it ends in. */
    private static String renamed(String name, String extension) {
        String gz = RecordReader.gzipped(name) ? name.substring(name.length() - 3) : "";
        String stem = name.substring(0, name.length() - gz.length());
        int dot = stem.lastIndexOf('.');
        if (dot > Math.max(stem.lastIndexOf('/'), stem.lastIndexOf(java.io.File.separatorChar)) + 1) {
            stem = stem.substring(0, dot);
        }
        return stem + extension + gz;
    }

    void add(RawRecord record) {
        count++;
        try {
            if (record instanceof RawRecord.Cells cells) {
                row(cells.cells());
            } else {
                writer.write(((RawRecord.JsonLine) record).text());
                writer.write('\n');
            }
        } catch (IOException e) {
            throw new CliFailure(name + ": cannot write: " + e.getMessage(), e);
        }
    }

    long count() {
        return count;
    }

    private void row(String[] cells) {
        csv.writeStartArray();
        for (String cell : cells) {
            csv.writeString(cell);
        }
        csv.writeEndArray();
    }

    /** Writes the file out. */
    void commit() {
        try {
            if (csv != null) {
                csv.flush();
            }
            writer.flush();
            if (gzip != null) {
                gzip.finish();
            }
        } catch (IOException e) {
            throw new CliFailure(name + ": cannot write: " + e.getMessage(), e);
        }
        target.commit();
    }

    @Override
    public void close() {
        target.close();
    }
}
