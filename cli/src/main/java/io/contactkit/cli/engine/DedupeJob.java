package io.contactkit.cli.engine;

import io.contactkit.domain.IdentityRules;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@code dedupe} hands to another engine: the records as read (numbered, in input order), how to
 * map them, and where the results go.
 *
 * @param records   the records in input order; reading may throw a failure of the whole input
 * @param input     the input file as given when it is a comma-separated file, or null (standard input, another separator):
 *                  an engine may read such a file in parts itself, with {@link CsvParts}, instead of pulling {@code records}
 * @param mapping   how each record becomes a command
 * @param rules     the identity rules ({@code --rules}; {@link IdentityRules#NONE} without)
 * @param master    the cluster to run on ({@code --master}), or null for the engine's default
 * @param outputDir the folder for part files ({@code --output-dir}), or null to write to the streams
 * @param contacts  where contact lines go when there is no output folder; null with one
 * @param rejects   where reject lines go when there is no output folder; null when not wanted
 * @param audit     where audit lines go ({@code --audit}), one per record in record order; null when not wanted
 * @param hubs      where hub lines go ({@code --hubs}); null when not wanted
 * @param err       standard error, for messages
 * @param verbose   true when {@code --verbose} was given
 */
public record DedupeJob(Iterator<RawRow> records, @Nullable String input, RecordMapping mapping, IdentityRules rules, @Nullable String master,
        @Nullable String outputDir, @Nullable OutputStream contacts, @Nullable OutputStream rejects, @Nullable OutputStream audit,
        @Nullable OutputStream hubs, PrintStream err, boolean verbose) {

    /**
     * Checks that the required components are given.
     *
     * @param records   the records in input order; reading may throw a failure of the whole input
     * @param input     the input file as given, or null for standard input
     * @param mapping   how each record becomes a command
     * @param rules     the identity rules ({@link IdentityRules#NONE} without {@code --rules})
     * @param master    the cluster to run on ({@code --master}), or null for the engine's default
     * @param outputDir the folder for part files ({@code --output-dir}), or null to write to the streams
     * @param contacts  where contact lines go when there is no output folder
     * @param rejects   where reject lines go when there is no output folder; null when not wanted
     * @param audit     where audit lines go ({@code --audit}); null when not wanted
     * @param hubs      where hub lines go ({@code --hubs}); null when not wanted
     * @param err       standard error, for messages
     * @param verbose   true when {@code --verbose} was given
     * @throws NullPointerException if {@code records}, {@code mapping}, {@code rules} or {@code err} is null
     */
    public DedupeJob {
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(err, "err");
    }
}
