package io.contactkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Strategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code dedupe --engine spark} writes exactly what the in-memory engine writes: contacts, rejects and counts. */
class SparkDedupeEquivalenceTest extends SparkEquivalence {

    SparkDedupeEquivalenceTest() {
        super(false);
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
    void componentsFoundOnTheDriverGiveTheSameResults() {
        // the tests' session finds components by the rounds (a limit of 0 edges); the command line's default finds
        // a small graph's on the driver, here with the giant component and the chain of 1,000
        Path input = Runs.write(dir, "driver.csv", Inputs.all(2_000, 1_000, 5));
        org.apache.spark.sql.RuntimeConfig conf = LocalSpark.session().conf();
        conf.set(io.contactkit.spark.internal.Pipeline.DRIVER_EDGES_OPTION, "2000000");
        try {
            // the command line's path: the lines written by the driver as the replay's partitions end, ids counted as they go,
            // and the engine's conflicts (strict_alias) named with the global ids
            for (String strategy : new String[] {"merge", "strict_alias"}) {
                Runs.Run run = same(input, "--strategy", strategy, "--region", "US");
                long largest = Long.parseLong(run.summary().replaceAll(".* largest_component=(\\d+).*", "$1"));
                assertTrue(largest >= 1_000, run.summary());
                assertTrue(run.summary().endsWith(" rounds=0"), run.summary());
                assertTrue(run.err().contains(", replay, number and write "), run.err());
                if (strategy.equals("strict_alias")) {
                    assertTrue(run.rejects().contains("\"code\":\"conflict\""), "no conflict in the rejects");
                }
            }
        } finally {
            conf.set(io.contactkit.spark.internal.Pipeline.DRIVER_EDGES_OPTION, "0");
        }
    }

    @Test
    void withoutTheBroadcastTheRecordsAreSplitByShuffledJoinsWithTheSameResults() {
        // above the broadcast limit (here 0) the records alone and the linked ones are split by sort-merge joins:
        // the records alone arrive shuffled, and their partitions must still be replayed in record order
        Path input = Runs.write(dir, "shuffled.csv", Inputs.all(1_000, 200, 11));
        org.apache.spark.sql.RuntimeConfig conf = LocalSpark.session().conf();
        conf.set(io.contactkit.spark.internal.Pipeline.BROADCAST_OPTION, "0");
        conf.set("spark.sql.autoBroadcastJoinThreshold", "-1");
        try {
            same(input, "--strategy", "strict_alias", "--region", "US");
        } finally {
            conf.unset(io.contactkit.spark.internal.Pipeline.BROADCAST_OPTION);
            conf.unset("spark.sql.autoBroadcastJoinThreshold");
        }
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
    void outputDirPartFilesConcatenatedInPartOrderAreTheOutputFiles() throws java.io.IOException {
        Path input = Runs.write(dir, "parts.csv", Inputs.giant(2_000, 17));
        Runs.Run memory = Runs.dedupe(dir, input.toString(), "--strategy", "merge", "--region", "US");
        Path out = dir.resolve("parts-out");
        // on input this small, adaptive execution would coalesce the sorted output into one part: keep the three
        String coalesce = "spark.sql.adaptive.coalescePartitions.enabled";
        LocalSpark.session().conf().set(coalesce, "false");
        Runs.Run parts;
        try {
            parts = Runs.main("dedupe", "--engine", "spark", "--strategy", "merge", "--region", "US", "--output-dir", out.toString(), input.toString());
        } finally {
            LocalSpark.session().conf().unset(coalesce);
        }
        assertEquals(0, parts.status(), parts.err());
        assertTrue(parts.summary().startsWith(memory.summary() + " components="), parts.summary());
        // written in parallel: more than one part, each holding a range of the order
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(out.resolve("contacts"))) {
            assertTrue(files.filter(f -> f.getFileName().toString().startsWith("part-")).count() > 1);
        }
        assertEquals(memory.contacts(), Runs.parts(out.resolve("contacts")));
        assertTrue(memory.rejects().length() > 0);
        assertEquals(memory.rejects(), Runs.parts(out.resolve("rejects")));
    }

    @Test
    void anOutputDirThatHoldsAnEarlierRunOrIsAFileIsOneLineBeforeAnythingIsWritten() throws java.io.IOException {
        Path input = Runs.write(dir, "again.csv", Inputs.giant(200, 23));
        // an earlier run's rejects only (its contacts removed): Spark would write the contacts, then fail on the rejects
        Path earlier = dir.resolve("earlier");
        java.nio.file.Files.createDirectories(earlier.resolve("rejects"));
        java.nio.file.Files.writeString(earlier.resolve("rejects/part-00000"), "earlier\n");
        Runs.Run again = Runs.main("dedupe", "--engine", "spark", "--output-dir", earlier.toString(), input.toString());
        assertEquals(1, again.status(), again.err());
        assertEquals("contactkit: dedupe --engine spark: --output-dir '" + earlier + "': " + earlier.resolve("rejects")
                + " is there already (an earlier run's?): a run writes its contacts and rejects into folders of their own; give another"
                + " folder, or remove " + earlier.resolve("contacts") + " and " + earlier.resolve("rejects") + " first", again.err());
        assertTrue(!java.nio.file.Files.exists(earlier.resolve("contacts")), "contacts written");
        assertEquals("earlier\n", java.nio.file.Files.readString(earlier.resolve("rejects/part-00000")));
        // a file, or a folder under a file
        Path file = Runs.write(dir, "a-file", List.of("kept"));
        for (String target : new String[] {file.toString(), file.resolve("below").toString()}) {
            Runs.Run onFile = Runs.main("dedupe", "--engine", "spark", "--output-dir", target, input.toString());
            assertEquals(1, onFile.status(), onFile.err());
            assertEquals("contactkit: dedupe --engine spark: --output-dir '" + target + "': " + (target.equals(file.toString()) ? "it" : file.toString())
                    + " is a file, not a folder: give a folder to write the contacts and rejects under", onFile.err());
        }
        assertEquals(List.of("kept"), java.nio.file.Files.readAllLines(file));
    }

    /** Rows with quoted commas, doubled quotes, newlines inside quotes, CRLF line ends and blank lines. */
    private static String quoted(int rows, int longNote) {
        StringBuilder csv = new StringBuilder("email,phone,note\r\n");
        for (int i = 0; i < rows; i++) {
            String email = "u" + (i % 97) + "@example.com";
            if (i % 7 == 0) {
                csv.append('"').append(email).append("\",,\"line one\nline \"\"two\"\", with a comma\r\nand three\"\r\n");
            } else {
                csv.append(email).append(",+1 201 402 ").append(String.format("%04d", i % 89)).append(",plain ").append(i).append('\n');
            }
            if (i % 50 == 0) {
                csv.append('\n');
            }
            if (i == rows / 2 && longNote > 0) {
                csv.append("x@example.com,,\"").append("a long\nnote ".repeat(longNote)).append("\"\n");
            }
        }
        return csv.toString();
    }

    @Test
    void quotedNewlinesAcrossPartCutsReadAsTheToolReadsThem() throws java.io.IOException {
        Path input = java.nio.file.Files.writeString(dir.resolve("quoted.csv"), quoted(1_200, 0));
        Runs.Run run = same(input, "--strategy", "merge", "--region", "US");
        assertTrue(run.err().contains("parts on the executors)"), run.err());
    }

    @Test
    void aCutInsideAQuotedFieldReadsTheFileWholeOnTheDriver() throws java.io.IOException {
        // a quoted note of 20,000 bytes, longer than a part: some cut lands inside it, and the part before it ends inside the quotes
        Path input = java.nio.file.Files.writeString(dir.resolve("long-quoted.csv"), quoted(300, 1_700));
        Runs.Run run = same(input, "--strategy", "first_alias", "--region", "US");
        assertTrue(run.err().contains("the input is read whole on the driver"), run.err());
    }

    @Test
    void aMalformedFileFailsWithTheToolsMessage() throws java.io.IOException {
        Path input = java.nio.file.Files.writeString(dir.resolve("malformed.csv"), quoted(400, 0) + "y@example.com,,\"never closed\n");
        Runs.Run memory = Runs.dedupe(dir, input.toString());
        Runs.Run spark = Runs.dedupe(dir, input.toString(), "--engine", "spark");
        assertEquals(1, memory.status(), memory.err());
        assertEquals(memory.status(), spark.status(), spark.err());
        assertEquals(memory.summary(), spark.summary());
        assertTrue(memory.summary().contains("unterminated quoted field"), memory.summary());
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
    void recordNumbersThatAreMissingOrBelowOneAreRefusedNamingTheColumn() {
        org.apache.spark.sql.types.StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("n", DataTypes.LongType, true), DataTypes.createStructField("email", DataTypes.StringType, true)));
        Object[][][] cases = {
            {{1L, "ann@example.com"}, {null, "bo@example.com"}},
            {{0L, "ann@example.com"}, {1L, "bo@example.com"}},
            {{1L, "ann@example.com"}, {-7L, "bo@example.com"}},
        };
        String[] said = {"a record has no number (null)", "record number 0 is below 1", "record number -7 is below 1"};
        for (int k = 0; k < cases.length; k++) {
            List<Row> rows = new ArrayList<>();
            for (Object[] r : cases[k]) {
                rows.add(RowFactory.create(r));
            }
            Dataset<Row> records = LocalSpark.session().createDataFrame(rows, schema);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SparkDedupe.builder().recordNumbers("n").build().run(records));
            assertTrue(e.getMessage().startsWith("the record number column 'n': " + said[k]), e.getMessage());
        }
    }

    @Test
    void theLibraryTakesADatasetAndGivesTheToolsFieldsAndLines() {
        List<String> lines = Inputs.mixed(1_500, 21);
        Runs.Run memory = Runs.dedupe(dir, Runs.write(dir, "library.csv", lines).toString(), "--strategy", "merge", "--region", "US");
        // shuffled across partitions: the record numbers come from the column
        Dataset<Row> records = records(lines, true).repartition(3);
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
        // every contact's fields say what its line says
        for (Row r : contacts) {
            JsonNode line = JsonMapper.shared().readTree(r.getString(r.fieldIndex("json")));
            assertEquals(line.get("id").stringValue(), r.getString(r.fieldIndex("id")));
            List<String> identifiers = new ArrayList<>();
            line.get("identifiers").forEach(i -> identifiers.add(i.get("key").stringValue() + "=" + i.get("value").stringValue()));
            assertEquals(identifiers, r.<Row>getList(r.fieldIndex("identifiers")).stream()
                    .map(i -> i.getString(0) + "=" + i.getString(1)).toList());
            Map<String, String> attributes = new LinkedHashMap<>();
            line.get("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().stringValue()));
            assertEquals(attributes, r.getJavaMap(r.fieldIndex("attributes")));
            JsonNode name = line.get("displayName");
            assertEquals(name == null || name.isNull() ? null : name.stringValue(), r.getString(r.fieldIndex("displayName")));
            assertEquals(line.get("anonymous").booleanValue(), r.getBoolean(r.fieldIndex("anonymous")));
            List<Long> sources = new ArrayList<>();
            line.get("sourceRecords").forEach(n -> sources.add(n.longValue()));
            assertEquals(sources, r.<Long>getList(r.fieldIndex("sourceRecords")));
        }
    }

    @Test
    void withoutARejectsFileTheRejectsAreSaidAsTheMemoryEngineSaysThem() {
        String example = "../examples/contacts.csv";
        Runs.Run memory = Runs.main("dedupe", example);
        Runs.Run spark = Runs.main("dedupe", "--engine", "spark", "--master", "local[2]", example);
        assertEquals(0, spark.status(), spark.err());
        String told = memory.err().lines().filter(l -> l.startsWith("contactkit: 5 rejected records not kept")).findFirst().orElseThrow();
        assertTrue(spark.err().lines().anyMatch(told::equals), spark.err());
    }

    @Test
    void aSemicolonSeparatedFileGivesTheSameResults() {
        same(Runs.write(dir, "semicolons.csv", List.of("email;phone;firstName", "ann@example.com;+14155550100;Ann",
                "ANN@example.com;;\"Ann; again\"", "bob@example.com;+14155550100;Bob", "bad@;;Bad")), "--delimiter", ";", "--strategy", "merge");
    }

    @Test
    void aGzippedFileGivesTheSameResults() throws java.io.IOException {
        Path input = dir.resolve("gzipped.csv.gz");
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(input))) {
            out.write((String.join("\n", Inputs.all(500, 200, 13)) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        same(input, "--strategy", "merge", "--region", "US");
        // gzip data under a plain name: read through gzip by its first bytes, by the driver, as offline
        Path misnamed = dir.resolve("gzipped-too.csv");
        java.nio.file.Files.copy(input, misnamed);
        same(misnamed, "--strategy", "merge", "--region", "US");
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

    @Test
    void columnsWithoutANameGiveTheSameResults() {
        same(Runs.write(dir, "unnamed.csv", List.of("email,,phone,", "ann@example.com,,+14155550100,", "ANN@example.com, ,,",
                "bob@example.com,x,,", "carl@example.com,,,", "dan@example.com,,,note")), "--strategy", "merge");
    }
}
