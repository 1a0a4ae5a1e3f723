package io.contactkit.cli;

import io.contactkit.cli.internal.Io;
import io.contactkit.cli.internal.Prepared;
import io.contactkit.cli.internal.RawRecord;
import io.contactkit.cli.internal.RecordMapper;
import io.contactkit.cli.internal.RecordReader;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One stage of the end-to-end dedupe benchmark on its own: mapping and normalizing rows (CSV cells to
 * commands, through the domain's normalization), single-threaded, on rows read into memory first.
 * Prints each pass's thread CPU time and bytes allocated per row; the first pass runs mostly
 * uncompiled code, later ones show the warm cost.
 *
 * <pre>{@code java -Xmx4g -cp cli/target/test-classes:cli/target/contactkit-cli.jar io.contactkit.cli.MapStage big.csv 3}</pre>
 */
public final class MapStage {

    private MapStage() {
    }

    public static void main(String[] args) {
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Io io = new Io(System.in, System.out, System.err, Map.of(), false);
        List<RawRecord> rows = new ArrayList<>();
        RecordMapper mapper;
        try (RecordReader reader = RecordReader.open(args[0], null, ',', io)) {
            RawRecord r;
            while ((r = reader.next()) != null) {
                rows.add(r);
            }
            IdentifierPolicy policy = IdentifierPolicy.builder().defaultRegion("US").build();
            mapper = new RecordMapper(reader.columns(), policy, Strategy.MERGE, RecordMapper.NoIdentifier.OWN_CONTACT);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean memory = (com.sun.management.ThreadMXBean) threads;
        long id = Thread.currentThread().getId();
        for (int pass = 1; pass <= passes; pass++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long bytes = memory.getThreadAllocatedBytes(id);
            long rejected = 0;
            for (RawRecord r : rows) {
                Prepared p = mapper.prepare(r);
                rejected += p.isRejected() ? 1 : 0;
            }
            cpu = threads.getCurrentThreadCpuTime() - cpu;
            bytes = memory.getThreadAllocatedBytes(id) - bytes;
            System.out.printf("pass %d: rows=%d rejected=%d cpu=%.2f s (%.2f us/row) allocated=%d B/row%n", pass, rows.size(),
                    rejected, cpu / 1e9, cpu / 1e3 / rows.size(), bytes / rows.size());
        }
    }
}
