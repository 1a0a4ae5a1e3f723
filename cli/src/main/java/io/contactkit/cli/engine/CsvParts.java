package io.contactkit.cli.engine;

import io.contactkit.cli.internal.RawRecord;
import io.contactkit.cli.internal.RecordReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A CSV file read in parts, each by another thread or machine, with exactly the rows {@code dedupe}
 * reads from the whole file. The parts are cut just after a newline; each part is parsed by the
 * tool's own reader on its own. A cut inside a quoted field makes the part before it end inside that
 * field, which the reader refuses ("unterminated quoted field"): so when every part reads to its end,
 * the first part starts at a row boundary (the file's beginning) and, part by part, so does every
 * other, and the rows are the whole file's. When a part fails, read the file whole instead: it fails
 * or succeeds there with the tool's usual message.
 */
public final class CsvParts {

    private CsvParts() {
    }

    /**
     * Where the parts start: 0 and, for each multiple of {@code partBytes}, the byte after the first
     * newline from there on; each part ends where the next starts, the last at {@code size}.
     *
     * @param file      the CSV file's path
     * @param partBytes the size each part aims at, in bytes, 1 or more
     * @return the byte offsets where the parts start, ascending, the first 0
     * @throws IllegalArgumentException if {@code partBytes} is below 1
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static long[] starts(String file, long partBytes) {
        if (partBytes < 1) {
            throw new IllegalArgumentException("partBytes must be at least 1");
        }
        try (RandomAccessFile in = new RandomAccessFile(file, "r")) {
            long size = in.length();
            List<Long> starts = new ArrayList<>();
            starts.add(0L);
            byte[] buffer = new byte[1 << 16];
            for (long at = partBytes; at < size; ) {
                long cut = afterNewline(in, at, size, buffer);
                if (cut >= size) {
                    break;
                }
                if (cut > starts.get(starts.size() - 1)) {
                    starts.add(cut);
                }
                at = Math.max(cut, at) + partBytes;
            }
            long[] out = new long[starts.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = starts.get(i);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long afterNewline(RandomAccessFile in, long from, long size, byte[] buffer) throws IOException {
        for (long at = from; at < size; ) {
            in.seek(at);
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, size - at));
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    return at + i + 1;
                }
            }
            at += n;
        }
        return size;
    }

    /**
     * Reads the bytes {@code [start, end)} of the file and hands each row's cells, in order, to
     * {@code rows}; the header is skipped when {@code start} is 0.
     *
     * @param file  the CSV file's path
     * @param start the part's first byte, an offset {@link #starts} gave
     * @param end   the byte after the part: the next part's start, or the file's size
     * @param rows  receives each row's cells, in file order
     * @return how many rows the part holds
     * @throws IllegalArgumentException when the part cannot be read as CSV to its end (a cut inside a
     *                                  quoted field, or a problem of the input itself)
     */
    public static long read(String file, long start, long end, Consumer<String[]> rows) {
        long length = end - start;
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a part must hold 0 to 2 GB, not " + length + " bytes");
        }
        byte[] bytes = new byte[(int) length];
        try (RandomAccessFile in = new RandomAccessFile(file, "r")) {
            in.seek(start);
            in.readFully(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long count = 0;
        try (RecordReader reader = RecordReader.csvPart(file, new java.io.ByteArrayInputStream(bytes), start == 0)) {
            RawRecord r;
            while ((r = reader.next()) != null) {
                rows.accept(((RawRecord.Cells) r).cells());
                count++;
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bytes " + start + " to " + end + " of " + file + " do not read as whole rows: " + e.getMessage(), e);
        }
        return count;
    }
}
