package io.contactkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Strategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code dedupe --engine spark} writes exactly what the in-memory engine writes: contacts, rejects and counts. */
// Spark runs dozens of small jobs per deduplication: on a loaded machine one test can outlast the build's default of 180 s
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class SparkDedupeEquivalenceTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void spark() {
        LocalSpark.session();
    }

    /** Both engines on one input: the same bytes out, and the same summary before the engine's own counts. */
    static Runs.Run same(Path input, String... options) {
        Runs.Run memory = Runs.dedupe(dir, input.toString(), options);
        String[] spark = new String[options.length + 2];
        System.arraycopy(options, 0, spark, 0, options.length);
        spark[options.length] = "--engine";
        spark[options.length + 1] = "spark";
        Runs.Run distributed = Runs.dedupe(dir, input.toString(), spark);
        assertEquals(0, memory.status(), memory.err());
        assertEquals(0, distributed.status(), distributed.err());
        assertEquals(memory.contacts(), distributed.contacts());
        assertEquals(memory.rejects(), distributed.rejects());
        assertTrue(distributed.summary().startsWith(memory.summary() + " components="), distributed.summary() + " vs " + memory.summary());
        return distributed;
    }

    @ParameterizedTest
    @ValueSource(strings = {"strict_alias", "first_alias", "first", "merge"})
    void generatedRowsWithAGiantComponentAndALongChainGiveTheSameResultsUnderEveryStrategy(String strategy) {
        Path input = Runs.write(dir, "all-" + strategy + ".csv", Inputs.all(2_000, 1_000, strategy.hashCode()));
        Runs.Run run = same(input, "--strategy", strategy, "--region", "US", "--priority", "phone,email");
        assertTrue(run.contacts().lines().count() > 100);
        // the giant component holds at least its tenth of the rows; the chain of 1,000 is one component
        long largest = Long.parseLong(run.summary().replaceAll(".* largest_component=(\\d+).*", "$1"));
        assertTrue(largest >= 1_000, run.summary());
        int rounds = Integer.parseInt(run.summary().replaceAll(".* rounds=(\\d+)$", "$1"));
        assertTrue(rounds > 1, run.summary());
    }

    @Test
    void theToolsOwnGeneratorsOutputGivesTheSameResults() {
        Path input = dir.resolve("generated.csv");
        assertEquals(0, io.contactkit.cli.Main.run(new io.contactkit.cli.internal.Io(java.io.InputStream.nullInputStream(),
                java.io.OutputStream.nullOutputStream(), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), java.util.Map.of(), false),
                "generate", "--rows", "3000", "--seed", "3", "--output", input.toString()));
        same(input, "--region", "US");
    }

    @Test
    void ndjsonInputGivesTheSameResults() {
        Path input = Runs.write(dir, "records.ndjson", List.of(
                "{\"email\":\"Ann@Example.com\",\"firstName\":\"Ann\",\"score\":3}",
                "{\"email\":[\"ann@example.com\",\"a2@example.com\"],\"tags\":[\"x\",true]}",
                "not json",
                "{\"phone\":\"+1 201 402 0013\"}",
                "{\"email\":\"a2@example.com\",\"phone\":\"+12014020013\"}"));
        Runs.Run run = same(input, "--strategy", "strict_alias");
        assertTrue(run.rejects().contains("\"code\":\"conflict\""), run.rejects());
    }

    @Test
    void theLibraryTakesADatasetAndGivesTheToolsFieldsAndLines() {
        List<String> lines = Inputs.mixed(1_500, 21);
        Runs.Run memory = Runs.dedupe(dir, Runs.write(dir, "library.csv", lines).toString(), "--strategy", "merge", "--region", "US");
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<Object> cells = new ArrayList<>(List.of((Object) (long) i));
            cells.addAll(List.of((Object[]) lines.get(i).split(",", -1)));
            rows.add(RowFactory.create(cells.toArray()));
        }
        List<StructField> fields = new ArrayList<>(List.of(DataTypes.createStructField("n", DataTypes.LongType, false)));
        for (String h : lines.get(0).split(",")) {
            fields.add(DataTypes.createStructField(h, DataTypes.StringType, true));
        }
        // shuffled across partitions: the record numbers come from the column
        Dataset<Row> records = LocalSpark.session().createDataFrame(rows, DataTypes.createStructType(fields)).repartition(3);
        DedupeResult result = SparkDedupe.builder().strategy(Strategy.MERGE).region("US").recordNumbers("n").build().run(records);

        StringBuilder out = new StringBuilder();
        List<Row> contacts = result.contacts().collectAsList();
        for (Row r : contacts) {
            out.append(r.getString(r.fieldIndex("json"))).append('\n');
        }
        assertEquals(memory.contacts(), out.toString());
        assertEquals(memory.summary(), result.summary().toString());
        Row first = contacts.get(0);
        assertEquals("c1", first.getString(first.fieldIndex("id")));
        assertEquals(1L, first.<Long>getList(first.fieldIndex("sourceRecords")).get(0));
    }

    @Test
    void emptyInputAndASingleRow() {
        Runs.Run empty = same(Runs.write(dir, "empty.csv", List.of("email,phone")));
        assertEquals("", empty.contacts());
        assertTrue(empty.summary().startsWith("records=0 contacts=0 "), empty.summary());
        Runs.Run one = same(Runs.write(dir, "one.csv", List.of("email,firstName", "ann@example.com,Ann")));
        assertEquals(1, one.contacts().lines().count());
    }

    @Test
    void recordsWithoutIdentifiersAndInvalidOnesKeepTheirNumbers() {
        same(Runs.write(dir, "odd.csv", List.of("email,phone,firstName", ",,Nobody", "bad@,,Bad", "a@example.com,,A",
                ",,Again", "a@example.com,x,Broken", "too,many,cells,here", "A@example.com,,Again A")));
    }
}
