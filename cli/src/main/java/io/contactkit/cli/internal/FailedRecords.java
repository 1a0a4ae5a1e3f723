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
 * through gzip, as such a name is read.
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
