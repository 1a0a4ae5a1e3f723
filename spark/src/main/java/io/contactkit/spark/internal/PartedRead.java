package io.contactkit.spark.internal;

import io.contactkit.cli.engine.CsvParts;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A CSV file read by the executors in parts ({@link CsvParts}), with exactly the records and numbers
 * the command-line tool's reader gives: a first pass counts each part's rows (and proves every cut is
 * a row boundary), a second numbers them from the counts before. The file must be readable at the
 * same path by every executor: a local master, or a shared file system.
 */
public final class PartedRead {

    private PartedRead() {
    }

    /** The outcome: the records ({@link Schemas#ENCODED}) and how many parts; or why the file must be read whole. */
    public record Result(Dataset<Row> records, int parts, String refused) {
    }

    public static Result csv(SparkSession spark, String file, long partBytes) {
        long[] starts = CsvParts.starts(file, partBytes);
        long size = new java.io.File(file).length();
        List<long[]> parts = new ArrayList<>(starts.length);
        for (int i = 0; i < starts.length; i++) {
            parts.add(new long[] {starts[i], i + 1 < starts.length ? starts[i + 1] : size});
        }
        JavaRDD<long[]> ranges = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(parts, parts.size());
        List<String> counted = ranges.map(r -> count(file, r)).collect();
        long[] before = new long[parts.size()];
        long total = 0;
        for (int i = 0; i < before.length; i++) {
            String c = counted.get(i);
            if (!c.chars().allMatch(Character::isDigit)) {
                return new Result(null, parts.size(), c);
            }
            before[i] = total;
            total += Long.parseLong(c);
        }
        JavaRDD<Row> rows = ranges.mapPartitionsWithIndex((Integer i, Iterator<long[]> it) -> numbered(file, it, before[i]), true);
        return new Result(spark.createDataFrame(rows, Schemas.ENCODED), parts.size(), null);
    }

    /** The part's rows as a number, or why it does not read to its end. */
    private static String count(String file, long[] range) {
        try {
            return Long.toString(CsvParts.read(file, range[0], range[1], cells -> { }));
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    private static Iterator<Row> numbered(String file, Iterator<long[]> ranges, long before) {
        List<Row> out = new ArrayList<>();
        long[] n = {before};
        while (ranges.hasNext()) {
            long[] r = ranges.next();
            CsvParts.read(file, r[0], r[1], cells -> out.add(Schemas.encoded(++n[0], cells, null)));
        }
        return out.iterator();
    }
}
