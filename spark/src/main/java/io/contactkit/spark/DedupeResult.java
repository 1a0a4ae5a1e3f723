package io.contactkit.spark;

import io.contactkit.domain.DedupSummary;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The outcome of {@link SparkDedupe#run}.
 *
 * @param contacts         the surviving contacts ordered by id ({@code c1}, {@code c2}, ... as the in-memory engine numbers
 *                         them): {@code id}, {@code identifiers} (key, value), {@code attributes} (as text),
 *                         {@code displayName}, {@code anonymous}, {@code sourceRecords}, and {@code json}: the exact line
 *                         {@code contactkit dedupe} writes (without its newline)
 * @param rejects          the rejected records ordered by record: {@code record}, {@code code}, {@code message}, {@code json}
 * @param summary          the counts {@code dedupe} prints
 * @param components       connected components among the valid records
 * @param largestComponent records in the largest component: the size of the largest task of the replay
 * @param rounds           large-star/small-star rounds the components took
 * @param stageTimes       wall time of the stages run so far, in order: {@code normalize} (records mapped and
 *                         normalized), {@code components}, {@code replay}; writing the Datasets out comes after
 */
public record DedupeResult(Dataset<Row> contacts, Dataset<Row> rejects, DedupSummary summary, long components,
        long largestComponent, int rounds, Map<String, Duration> stageTimes) {

    public DedupeResult {
        stageTimes = Collections.unmodifiableMap(new LinkedHashMap<>(stageTimes));
    }

    /** The summary line: {@code dedupe}'s, then {@code components=N largest_component=N rounds=N}. */
    public String summaryLine() {
        return summary + " components=" + components + " largest_component=" + largestComponent + " rounds=" + rounds;
    }
}
