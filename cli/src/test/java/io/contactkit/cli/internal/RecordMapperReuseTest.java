package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The mapper builds every row's command with one builder per thread, emptied for each row: rows mapped one after the
 * other (on one thread, or on several at once) give exactly what a new mapper gives for each row alone, whatever the
 * rows before them held (more identifiers or attributes, invalid values, rejected rows).
 */
class RecordMapperReuseTest {

    private static final String[] HEADER = {"email", "phone", "visitor_id", "id:crm_id", "firstName", "lastName", "city"};
    private static final IdentifierPolicy POLICY = IdentifierPolicy.builder().defaultRegion("US").build();

    @Test
    void rowsMappedInTurnAreMappedAsAlone() throws Exception {
        Field[] columns = columns();
        List<RawRecord.Cells> rows = rows(18, 4_000);
        List<Prepared> alone = alone(columns, rows);
        RecordMapper shared = mapper(columns);
        for (int k = 0; k < rows.size(); k++) {
            assertEquals(alone.get(k), shared.prepare(rows.get(k)), "row " + (k + 1));
        }
        // two threads at once, each with its own builder, on alternate rows
        assertMappedAsAloneOnThreads(mapper(columns), rows, alone, 2);
    }

    @Test
    void moreThreadsThanTheMapperHasSlotsForMapAsAlone() throws Exception {
        // each thread finds its builder by its id in a table of 64 slots first: 100 threads at once, several of them on one
        // slot (one keeps it, the others go through their thread-local), every row mapped as a new mapper maps it alone
        Field[] columns = columns();
        List<RawRecord.Cells> rows = rows(1806, 3_000);
        List<Prepared> alone = alone(columns, rows);
        assertMappedAsAloneOnThreads(mapper(columns), rows, alone, 100);
    }

    /** The rows mapped by one mapper on this many threads at once, each taking every so many rows, give what each gives alone. */
    private static void assertMappedAsAloneOnThreads(RecordMapper shared, List<RawRecord.Cells> rows, List<Prepared> alone, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Prepared>>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    List<Prepared> out = new ArrayList<>();
                    for (int k = first; k < rows.size(); k += threads) {
                        out.add(shared.prepare(rows.get(k)));
                    }
                    return out;
                }));
            }
            for (int t = 0; t < threads; t++) {
                List<Prepared> part = parts.get(t).get();
                for (int j = 0; j < part.size(); j++) {
                    assertEquals(alone.get(t + threads * j), part.get(j), "row " + (t + threads * j + 1));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Field[] columns() {
        Field[] columns = new Field[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            columns[i] = Field.of(HEADER[i]);
        }
        return columns;
    }

    private static List<RawRecord.Cells> rows(long seed, int count) {
        Random random = new Random(seed);
        List<RawRecord.Cells> rows = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            rows.add(new RawRecord.Cells(n, n + 1, row(random)));
        }
        return rows;
    }

    /** Each row mapped by a new mapper of its own. */
    private static List<Prepared> alone(Field[] columns, List<RawRecord.Cells> rows) {
        List<Prepared> alone = new ArrayList<>();
        for (RawRecord.Cells r : rows) {
            alone.add(mapper(columns).prepare(r));
        }
        return alone;
    }

    private static RecordMapper mapper(Field[] columns) {
        return new RecordMapper(columns, POLICY, Strategy.MERGE, RecordMapper.NoIdentifier.OWN_CONTACT);
    }

    /** A row of up to all the header's cells, some blank or missing, some identifiers invalid, the values repeating. */
    private static String[] row(Random random) {
        String[] cells = new String[random.nextInt(8) == 0 ? 1 + random.nextInt(HEADER.length) : HEADER.length];
        for (int i = 0; i < cells.length; i++) {
            int pick = random.nextInt(10);
            cells[i] = switch (pick) {
                case 0 -> "";
                case 1 -> "  ";
                default -> switch (i) {
                    case 0 -> pick == 2 ? "not an address" : " U" + random.nextInt(50) + "@Example.com";
                    case 1 -> pick == 2 ? "12" : "(650) 352-" + (5600 + random.nextInt(40));
                    case 2 -> "v" + random.nextInt(60);
                    case 3 -> "c" + random.nextInt(60);
                    default -> "name" + random.nextInt(pick == 3 ? 2 : 20);
                };
            };
        }
        return cells;
    }
}
