package io.contactkit.cli.internal;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * NDJSON: one JSON object per line; blank lines are skipped. Lines are parsed later, on the mapping
 * workers, so a line that is not valid JSON rejects only its own record.
 */
final class NdjsonReader extends RecordReader {

    private final BufferedReader reader;
    private long line;
    // the first record, read ahead by firstLine() and not yet returned by next()
    private RawRecord held;

    NdjsonReader(String source, BufferedReader reader) {
        super(source);
        this.reader = reader;
    }

    @Override
    public Field[] columns() {
        return null;
    }

    /** The input's first non-blank line, or null when it has none; read ahead, {@link #next()} still returns it first. */
    String firstLine() {
        if (held == null && line == 0) {
            held = read();
        }
        return held == null ? null : ((RawRecord.JsonLine) held).text();
    }

    @Override
    public RawRecord next() {
        if (held != null) {
            RawRecord r = held;
            held = null;
            return r;
        }
        return read();
    }

    private RawRecord read() {
        try {
            while (true) {
                String text = reader.readLine();
                if (text == null) {
                    return null;
                }
                line++;
                if (!text.isBlank()) {
                    return new RawRecord.JsonLine(nextNumber(), line, text);
                }
            }
        } catch (IOException e) {
            throw failure(line + 1, describe(e), e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }
}
