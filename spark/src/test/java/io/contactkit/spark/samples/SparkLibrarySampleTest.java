package io.contactkit.spark.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contactkit.spark.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library sample runs as shown, on the test JVM's local session. */
class SparkLibrarySampleTest {

    @TempDir
    Path dir;

    @Test
    void theReadmeSampleDeduplicatesAFile() throws Exception {
        LocalSpark.session();
        Path input = dir.resolve("in");
        Files.createDirectories(input);
        Files.writeString(input.resolve("part-0.csv"), String.join("\n",
                "email,phone,firstName",
                "ann@example.com,+14084029292,Ann",
                "ANN@example.com,,Ann",
                "bob@example.com,+12125550199,Bob",
                "not-an-address,,Eve") + "\n");
        SparkLibrarySample.main(new String[] {input.toString(), dir.resolve("out").toString()});
        List<String> contacts = LocalSpark.session().read().text(dir.resolve("out/contacts").toString()).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        List<String> rejects = LocalSpark.session().read().text(dir.resolve("out/rejects").toString()).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertEquals(2, contacts.size(), contacts.toString());
        assertEquals(1, rejects.size(), rejects.toString());
    }
}
