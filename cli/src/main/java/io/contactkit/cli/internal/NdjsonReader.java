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

    NdjsonReader(String source, BufferedReader reader) {
        super(source);
        this.reader = reader;
    }

    @Override
    public Field[] columns() {
        return null;
    }

    @Override
    public RawRecord next() {
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
