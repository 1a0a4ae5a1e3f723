package io.contactkit.cli;

import io.contactkit.cli.internal.Io;
import io.contactkit.cli.internal.RawRecord;
import io.contactkit.cli.internal.RecordReader;
import java.util.Map;

/**
 * The floor of the end-to-end dedupe benchmark: reads and parses an input exactly as {@code dedupe}
 * does (strict UTF-8, Jackson's CSV parser, one record at a time) and does nothing else.
 *
 * <pre>{@code java -Xmx1g -cp cli/target/test-classes:cli/target/contactkit-cli.jar io.contactkit.cli.ParseFloor big.csv}</pre>
 *
 * <p>{@code benchmarks/e2e-dedupe.sh} runs it next to the measured command.
 */
public final class ParseFloor {

    private ParseFloor() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        Io io = new Io(System.in, System.out, System.err, Map.of(), false);
        long records = 0;
        long cells = 0;
        try (RecordReader reader = RecordReader.open(args[0], null, ',', io)) {
            RawRecord r;
            while ((r = reader.next()) != null) {
                records++;
                cells += r instanceof RawRecord.Cells c ? c.cells().length : 1;
            }
        }
        System.err.printf("records=%d cells=%d seconds=%.2f%n", records, cells, (System.nanoTime() - start) / 1e9);
    }
}
