package io.contactkit.cli.engine;

/**
 * Another engine for {@code contactkit dedupe --engine NAME}, found with {@link java.util.ServiceLoader}.
 * It must give exactly the in-memory engine's lines, rejects and counts.
 */
public interface DedupeEngine {

    /** {@return the name {@code --engine} selects it by} */
    String name();

    /**
     * Runs one deduplication: reads every record of the job, writes the contacts and rejects where
     * the job says.
     *
     * @param job the records, how to map them, and where the results go
     * @return the summary line: the in-memory engine's, optionally followed by the engine's own counts
     * @throws RuntimeException when the run fails; nothing is committed then
     */
    String run(DedupeJob job);
}
