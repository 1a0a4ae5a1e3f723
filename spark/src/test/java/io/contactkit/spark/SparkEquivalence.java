package io.contactkit.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the equivalence tests share: the one local Spark session, started before the first test, a
 * directory for each test's files, both engines run on one input ({@link #same}), and a CSV file's
 * lines as the dataset a library user would hand in ({@link #records}).
 */
// Spark runs dozens of small jobs per deduplication: on a loaded machine one test can outlast the build's default of 180 s
@Timeout(value = 15, unit = TimeUnit.MINUTES)
abstract class SparkEquivalence {

    private final boolean audited;

    @TempDir
    Path dir;

    /**
     * @param audited whether {@link #same} runs both engines with {@code --audit} and {@code --hubs} too
     */
    SparkEquivalence(boolean audited) {
        this.audited = audited;
    }

    @BeforeAll
    static void spark() {
        LocalSpark.session();
    }

    /** Both engines on one input: the same bytes out and the same summary. @return the Spark run */
    Runs.Run same(Path input, String... options) {
        return Runs.same(dir, audited, input, options);
    }

    /**
     * A CSV file's lines (header first, no quoted fields) as a dataset of string columns named by the
     * header, led by a long column {@code n} with each record's number when {@code numbered}.
     */
    static Dataset<Row> records(List<String> lines, boolean numbered) {
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<Object> cells = new ArrayList<>();
            if (numbered) {
                cells.add((long) i);
            }
            cells.addAll(List.of((Object[]) lines.get(i).split(",", -1)));
            rows.add(RowFactory.create(cells.toArray()));
        }
        List<StructField> fields = new ArrayList<>();
        if (numbered) {
            fields.add(DataTypes.createStructField("n", DataTypes.LongType, false));
        }
        for (String h : lines.get(0).split(",")) {
            fields.add(DataTypes.createStructField(h, DataTypes.StringType, true));
        }
        return LocalSpark.session().createDataFrame(rows, DataTypes.createStructType(fields));
    }
}
