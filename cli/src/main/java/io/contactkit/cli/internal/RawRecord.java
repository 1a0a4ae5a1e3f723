package io.contactkit.cli.internal;

/**
 * One record as read, before it is mapped and normalized (which may run on another thread).
 * Records are numbered from 1; {@code line} is the line of the input where the record starts.
 */
public sealed interface RawRecord permits RawRecord.Cells, RawRecord.JsonLine {

    long number();

    long line();

    /** A CSV row: its cells, in column order. */
    record Cells(long number, long line, String[] cells) implements RawRecord {
    }

    /** An NDJSON line, not parsed yet. */
    record JsonLine(long number, long line, String text) implements RawRecord {
    }
}
