/**
 * What another deduplication engine needs from the command-line tool to give exactly its results: the
 * mapping of records to commands ({@link io.contactkit.cli.engine.RecordMapping}), the lines it writes
 * ({@link io.contactkit.cli.engine.Lines}), and the plug-in point of {@code dedupe --engine}
 * ({@link io.contactkit.cli.engine.DedupeEngine}, found by {@link java.util.ServiceLoader}).
 */
package io.contactkit.cli.engine;
