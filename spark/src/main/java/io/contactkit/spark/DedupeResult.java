package io.contactkit.spark;

import io.contactkit.domain.DedupSummary;
import io.contactkit.domain.HubFinder;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link SparkDedupe#run}.
 *
 * @param contacts         the surviving contacts ordered by id ({@code c1}, {@code c2}, ... as the in-memory engine numbers
 *                         them): {@code id}, {@code identifiers} (key, value), {@code attributes} (as text),
 *                         {@code displayName}, {@code anonymous}, {@code sourceRecords}, and {@code json}: the exact line
 *                         {@code contactkit dedupe} writes (without its newline)
 * @param rejects          the rejected records ordered by record: {@code record}, {@code code}, {@code message}, {@code json}
 * @param audit            one line per record ordered by record, as {@code dedupe --audit} writes them: {@code record},
 *                         {@code json}; null unless {@link SparkDedupe.Builder#audit()} asked for it
 * @param summary          the counts {@code dedupe} prints
 * @param hubs             the hubs found, most contacts first, as {@code dedupe --hubs} lists them; null when the rules
 *                         have no hub rule
 * @param components       connected components among the valid records
 * @param largestComponent records in the largest component: the size of the largest task of the replay
 * @param rounds           large-star/small-star rounds the components took
 * @param stageTimes       wall time of the stages run so far, in order: {@code normalize} (records mapped and
 *                         normalized), {@code components}, {@code hubs} (with a hub rule), {@code replay}; writing the Datasets out comes after
 */
public record DedupeResult(Dataset<Row> contacts, Dataset<Row> rejects, @Nullable Dataset<Row> audit, DedupSummary summary,
        @Nullable List<HubFinder.Hub> hubs, long components, long largestComponent, int rounds, Map<String, Duration> stageTimes) {

    /**
     * Copies the hubs and the stage times.
     *
     * @param contacts         the surviving contacts ordered by id, with the line {@code dedupe} writes for each
     * @param rejects          the rejected records ordered by record
     * @param audit            one line per record ordered by record; null unless the audit was asked for
     * @param summary          the counts {@code dedupe} prints
     * @param hubs             the hubs found, most contacts first; null when the rules have no hub rule
     * @param components       connected components among the valid records
     * @param largestComponent records in the largest component
     * @param rounds           large-star/small-star rounds the components took
     * @param stageTimes       wall time of the stages run so far, in order
     */
    public DedupeResult {
        hubs = hubs == null ? null : List.copyOf(hubs);
        stageTimes = Collections.unmodifiableMap(new LinkedHashMap<>(stageTimes));
    }

    /**
     * The summary line: {@code dedupe}'s ({@code hubs=N} included with a hub rule), then
     * {@code components=N largest_component=N rounds=N}.
     *
     * @return the line, without a newline
     */
    public String summaryLine() {
        return summary + (hubs == null ? "" : " hubs=" + hubs.size())
                + " components=" + components + " largest_component=" + largestComponent + " rounds=" + rounds;
    }
}
