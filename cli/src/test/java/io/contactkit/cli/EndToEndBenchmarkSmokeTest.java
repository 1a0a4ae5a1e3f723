package io.contactkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke run of the end-to-end dedupe benchmark ({@code benchmarks/e2e-dedupe.sh}) at a tiny size, so
 * that its pieces cannot rot: the generated input, the floor that only reads and parses it, the
 * mapping stage measured on its own ({@link MapStage}), and the measured command, whose every record is accounted for.
 */
class EndToEndBenchmarkSmokeTest {

    @TempDir
    Path dir;

    @Test
    void theGeneratorTheFloorAndTheMeasuredCommandRun() {
        Path input = dir.resolve("in.csv");
        assertEquals(0, Cli.run("generate", "--rows", "3000", "--seed", "7", "--output", input.toString()).status());

        PrintStream stderr = System.err;
        ByteArrayOutputStream floor = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(floor, true, StandardCharsets.UTF_8));
            ParseFloor.main(new String[] {input.toString()});
        } finally {
            System.setErr(stderr);
        }
        assertTrue(floor.toString(StandardCharsets.UTF_8).startsWith("records=3000 cells=15000 "), floor.toString(StandardCharsets.UTF_8));

        PrintStream stdout = System.out;
        ByteArrayOutputStream stage = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stage, true, StandardCharsets.UTF_8));
            MapStage.main(new String[] {input.toString(), "1"});
        } finally {
            System.setOut(stdout);
        }
        assertTrue(stage.toString(StandardCharsets.UTF_8).startsWith("pass 1: rows=3000 rejected="), stage.toString(StandardCharsets.UTF_8));

        Cli.Result dedupe = Cli.run("dedupe", "--strategy", "merge", "--region", "US", "--output", dir.resolve("out.ndjson").toString(),
                input.toString());
        assertEquals(0, dedupe.status(), dedupe.err());
        String[] summary = dedupe.summary().split(" ");
        assertEquals("records=3000", summary[0]);
        long accounted = 0;
        for (String part : summary) {
            if (part.startsWith("created=") || part.startsWith("updated=") || part.startsWith("merged=") || part.startsWith("rejected=")) {
                accounted += Long.parseLong(part.substring(part.indexOf('=') + 1));
            }
        }
        assertEquals(3000, accounted, dedupe.summary());
    }
}
