package io.contactkit.cli.engine;

import org.jspecify.annotations.Nullable;

/**
 * One record as read by the command-line tool, before mapping: a CSV row's cells, or an NDJSON line.
 *
 * @param number the record's number (from 1)
 * @param cells  the cells; null for NDJSON
 * @param json   the line; null for CSV
 */
public record RawRow(long number, String @Nullable [] cells, @Nullable String json) {
}
