package io.contactkit.cli.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads records one at a time from a CSV or NDJSON input, streaming: only the current record is held.
 * Problems of the whole input (missing, unreadable, no or bad header, invalid UTF-8, an unterminated
 * quoted field) end the read with a {@link CliFailure} whose one-line message names the input, the
 * record and the problem; problems of one record are left to {@link RecordMapper}.
 */
public abstract class RecordReader implements AutoCloseable {

    /** The input formats. */
    public enum Format {
        CSV, NDJSON;

        /** NDJSON for names ending in {@code .ndjson} or {@code .jsonl} (before a {@code .gz}), CSV otherwise. */
        static Format of(String name) {
            String n = uncompressedName(name);
            return n.endsWith(".ndjson") || n.endsWith(".jsonl") ? NDJSON : CSV;
        }

        /** The format given, or else by the input's name (CSV for standard input, {@code -}). */
        static Format of(String name, Format given) {
            return given != null ? given : name.equals("-") ? CSV : of(name);
        }
    }

    /** True for a name ending in {@code .gz}: the file is read through gzip. */
    static boolean gzipped(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    /** The name in lower case, without a {@code .gz} at its end: what tells the format inside. */
    static String uncompressedName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
    }

    private final String source;
    private long records;
    // whether the input was read through gzip (by its name or by its first bytes)
    private boolean compressed;

    protected RecordReader(String source) {
        this.source = source;
    }

    /**
     * Opens an input: a file, or standard input for {@code -}.
     *
     * @param format    the format, or null to choose by the name (CSV for standard input)
     * @param separator the CSV column separator (ignored for NDJSON)
     */
    public static RecordReader open(String name, Format format, char separator, Io io) {
        boolean stdin = name.equals("-");
        String source = stdin ? "<stdin>" : name;
        PushbackInputStream raw = new PushbackInputStream(stdin ? io.in() : openFile(name), 2);
        // a name ending in .gz, or gzip data under another name or from a pipe (<(gzip -c ...), curl | ...)
        boolean compressed = !stdin && gzipped(name) || startsAsGzip(source, raw);
        Reader reader = new StrictUtf8Reader(compressed ? Gunzip.open(source, raw) : raw);
        RecordReader r = Format.of(name, format) == Format.NDJSON ? new NdjsonReader(source, new BufferedReader(reader, 1 << 16))
                : new CsvReader(source, reader, true, separator);
        r.compressed = compressed;
        return r;
    }

    /** Whether a stream starts with gzip's two magic bytes; they are pushed back, so the stream is read from its start still. */
    private static boolean startsAsGzip(String source, PushbackInputStream in) {
        byte[] first = new byte[2];
        int n = 0;
        try {
            while (n < 2) {
                int got = in.read(first, n, 2 - n);
                if (got < 0) {
                    break;
                }
                n += got;
            }
            in.unread(first, 0, n);
        } catch (IOException e) {
            throw new CliFailure(source + ": cannot read the input: " + e.getMessage(), e);
        }
        return n == 2 && first[0] == (byte) 0x1f && first[1] == (byte) 0x8b;
    }

    /** Whether the input is read through gzip: a name ending in {@code .gz}, or data that starts as gzip. */
    public boolean compressed() {
        return compressed;
    }

    /**
     * A part of a CSV input that starts at a row boundary, read with exactly the rules of
     * {@link #open}: the rows of the part, the header skipped when the part is the file's beginning.
     * A part cut inside a quoted field ends with a failure (the quoted field is unterminated), so a
     * part read to its end without one ends at a row boundary of the whole input too.
     */
    public static RecordReader csvPart(String source, InputStream in, boolean beginning) {
        return new CsvReader(source, new StrictUtf8Reader(in, beginning), beginning, ',');
    }

    private static InputStream openFile(String name) {
        return openFile(name, Path.of(name));
    }

    /**
     * The file opened for reading. @param where how messages name it (its name, or the option and its name)
     * @throws CliFailure when it is a folder, missing or unreadable, said so after {@code where}
     */
    static InputStream openFile(String where, Path path) {
        if (Files.isDirectory(path)) {
            throw new CliFailure(where + ": is a directory, not a file");
        }
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new CliFailure(where + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CliFailure(where + ": cannot read the file: permission denied");
        } catch (IOException e) {
            throw new CliFailure(where + ": cannot read the file: " + e.getMessage(), e);
        }
    }

    /** The name of the input in messages: its path as given, or {@code <stdin>}. */
    public String source() {
        return source;
    }

    /** The header's fields for CSV; null for NDJSON. */
    public abstract Field[] columns();

    /** The next record, or null at the end. @throws CliFailure for a problem of the whole input */
    public abstract RawRecord next();

    /** How many records were read so far. */
    public long records() {
        return records;
    }

    protected long nextNumber() {
        return ++records;
    }

    /** A failure naming the input, the record being read and where it starts. */
    protected CliFailure failure(long line, String problem, Throwable cause) {
        return failure(record(records + 1, line), problem, cause);
    }

    /** A record in messages: its number, and the line where it starts when that is known (above 0). */
    protected static String record(long number, long line) {
        return line > 0 ? "record " + number + " (line " + line + ")" : "record " + number;
    }

    /** A failure naming the input, where in it ({@code where}: the record, or the header) and the problem. */
    protected CliFailure failure(String where, String problem, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof StrictUtf8Reader.NotUtf8 n && n.wholeInput()) {
                return new CliFailure(source + ": " + n.getMessage(), cause);
            }
        }
        return new CliFailure(source + ": " + where + ": " + problem, cause);
    }

    /** The problem an I/O failure stands for, in words. */
    protected static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StrictUtf8Reader.NotUtf8 n) {
                return n.getMessage();
            }
            if (t instanceof CharacterCodingException) {
                return "invalid UTF-8 (the input must be UTF-8 encoded)";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return "cannot read the input: " + (io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage());
            }
        }
        return e.getMessage();
    }

    @Override
    public abstract void close();
}
