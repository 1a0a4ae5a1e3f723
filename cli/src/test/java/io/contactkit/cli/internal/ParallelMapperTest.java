package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ParallelMapperTest {

    /** Rows of one e-mail column, numbered from 1, counting how many were read. */
    private static class Rows extends RecordReader {
        private final long total;
        final AtomicLong read = new AtomicLong();

        Rows(long total) {
            super("rows");
            this.total = total;
        }

        @Override
        public Field[] columns() {
            return new Field[] {Field.of("email")};
        }

        @Override
        public RawRecord next() {
            long n = read.get() + 1;
            if (n > total) {
                return null;
            }
            read.set(n);
            return new RawRecord.Cells(n, n + 1, new String[] {"p" + n + "@example.com"});
        }

        @Override
        public void close() {
        }
    }

    private static RecordMapper mapper(RecordReader rows) {
        return new RecordMapper(rows.columns(), IdentifierPolicy.builder().build(), Strategy.MERGE, RecordMapper.NoIdentifier.OWN_CONTACT);
    }

    /** Every record comes back once, in input order, whatever the workers, batch size and batches ahead. */
    @Test
    void handsBackEveryRecordInOrder() {
        for (int workers = 1; workers <= 3; workers++) {
            for (int batch : new int[] {1, 3, 2048}) {
                for (int ahead : new int[] {1, 2, ParallelMapper.DEFAULT_AHEAD, 8}) {
                    Rows rows = new Rows(5_000);
                    long expected = 1;
                    try (ParallelMapper mapper = new ParallelMapper(rows, mapper(rows), workers, batch, ahead)) {
                        List<Prepared> got;
                        while ((got = mapper.next()) != null) {
                            assertTrue(got.size() <= batch);
                            for (Prepared p : got) {
                                assertEquals(expected++, p.number());
                                assertTrue(!p.isRejected());
                            }
                        }
                        assertNull(mapper.next());
                    }
                    assertEquals(5_001, expected, "workers " + workers + ", batch " + batch + ", ahead " + ahead);
                }
            }
        }
    }

    /** An error of the reading thread (the heap running out, say) reaches the consumer after the batches before it, never a hang. */
    @Test
    void anErrorOfTheReaderReachesTheConsumerInsteadOfLeavingItWaiting() {
        Rows rows = new Rows(10_000) {
            @Override
            public RawRecord next() {
                if (read.get() == 300) {
                    throw new OutOfMemoryError("Java heap space (from the test)");
                }
                return super.next();
            }
        };
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
            try (ParallelMapper mapper = new ParallelMapper(rows, mapper(rows), 2, 100, 2)) {
                long taken = 0;
                for (int i = 0; i < 3; i++) {
                    taken += mapper.next().size();
                }
                assertEquals(300, taken, "every batch read before the error");
                OutOfMemoryError e = assertThrows(OutOfMemoryError.class, mapper::next);
                assertEquals("Java heap space (from the test)", e.getMessage());
                assertThrows(OutOfMemoryError.class, mapper::next, "and again, as for any failure of the input");
            }
        });
    }

    /**
     * While nothing is taken, the reader stops once the queue holds {@code workers * ahead} batches ({@code cores * ahead}
     * when sharing): at most one more batch is read (the one waiting for room). An upper bound, so it holds however far the
     * reader got meanwhile.
     */
    @Test
    void readsAtMostTheBatchesAheadBeforeOneIsTaken() throws InterruptedException {
        int batch = 10;
        Rows rows = new Rows(1_000);
        try (ParallelMapper mapper = new ParallelMapper(rows, mapper(rows), 2, batch, 2)) {
            assertReadsAtMost(rows, mapper, (2 * 2 + 1) * batch, batch);
        }
        Rows shared = new Rows(1_000);
        try (ParallelMapper mapper = ParallelMapper.sharing(shared, mapper(shared), 2, batch, 3)) {
            assertReadsAtMost(shared, mapper, (2 * 3 + 1) * batch, batch);
        }
    }

    /** Waits until the reader stops reading, then checks how far it got, and that the first batch is whole. */
    private static void assertReadsAtMost(Rows rows, ParallelMapper mapper, long most, int batch) throws InterruptedException {
        long before = -1;
        for (int i = 0; i < 100 && rows.read.get() != before; i++) {
            before = rows.read.get();
            Thread.sleep(20);
        }
        assertTrue(rows.read.get() <= most, () -> rows.read.get() + " records read ahead");
        assertEquals(batch, mapper.next().size());
    }

    /** Batches are made smaller where the batches ahead would hold more than the bound, never below the floor. */
    @Test
    void boundsTheRecordsInFlight() {
        assertEquals(1024, ParallelMapper.batchSize(2048, 2, 8));
        assertEquals(2048, ParallelMapper.batchSize(2048, 2, 4));
        assertEquals(2048, ParallelMapper.batchSize(2048, 2, 2));
        assertEquals(10, ParallelMapper.batchSize(10, 2, 8));
        assertEquals(ParallelMapper.MIN_BATCH, ParallelMapper.batchSize(2048, 64, 8));
        Rows rows = new Rows(5_000);
        long expected = 1;
        try (ParallelMapper mapper = new ParallelMapper(rows, mapper(rows), 2, 2048, 8)) {
            List<Prepared> got;
            while ((got = mapper.next()) != null) {
                assertTrue(got.size() <= 1024, "a batch of " + got.size());
                for (Prepared p : got) {
                    assertEquals(expected++, p.number());
                }
            }
        }
        assertEquals(5_001, expected);
    }

    /**
     * Sharing: every record comes back once, in input order, whoever maps each batch (the reader, the consumer, or the
     * threads beyond two cores), for any cores, batch size and batches ahead; and a slow consumer or a slow reader
     * changes nothing but who maps what.
     */
    @Test
    void sharingHandsBackEveryRecordInOrder() throws InterruptedException {
        for (int cores = 1; cores <= 4; cores++) {
            for (int batch : new int[] {1, 7, 2048}) {
                for (int ahead : new int[] {1, 2, 8}) {
                    for (boolean slowConsumer : new boolean[] {false, true}) {
                        Rows rows = new Rows(3_000);
                        long expected = 1;
                        try (ParallelMapper mapper = ParallelMapper.sharing(rows, mapper(rows), cores, batch, ahead)) {
                            List<Prepared> got;
                            while ((got = mapper.next()) != null) {
                                assertTrue(got.size() <= batch);
                                for (Prepared p : got) {
                                    assertEquals(expected++, p.number());
                                    assertEquals("p" + p.number() + "@example.com", p.command().identifiers().get(0).value());
                                }
                                if (slowConsumer && expected % 500 < batch) {
                                    Thread.sleep(2);
                                }
                            }
                            assertNull(mapper.next());
                        }
                        assertEquals(3_001, expected, "cores " + cores + ", batch " + batch + ", ahead " + ahead);
                    }
                }
            }
        }
    }

    /**
     * Sharing on two cores: no thread of its own maps (the reader and the consumer do), and both map some of the batches:
     * the consumer the first (left for it), the reader those it reads while the consumer is busy with another.
     */
    @Test
    void sharingOnTwoCoresMapsOnTheReaderAndTheConsumerOnly() throws InterruptedException {
        Rows rows = new Rows(20_000);
        Set<String> mappedOn = ConcurrentHashMap.newKeySet();
        RecordMapper recordMapper = mapper(rows);
        Function<RawRecord, Prepared> noted = r -> {
            mappedOn.add(Thread.currentThread().getName());
            return recordMapper.prepare(r);
        };
        long taken = 0;
        try (ParallelMapper mapper = ParallelMapper.sharing(rows, noted, 2, 256, 4)) {
            List<Prepared> got;
            while ((got = mapper.next()) != null) {
                taken += got.size();
                Thread.sleep(1);   // the engine's work on the batch
            }
        }
        assertEquals(20_000, taken);
        assertEquals(Set.of("contactkit-read", Thread.currentThread().getName()), mappedOn);
    }

    /** A record whose mapping throws: the failure reaches the consumer after every batch before it, whoever mapped it. */
    @Test
    void sharingHandsAMappingFailureToTheConsumerInOrder() {
        for (int cores = 1; cores <= 3; cores++) {
            Rows rows = new Rows(5_000) {
                @Override
                public RawRecord next() {
                    RawRecord r = super.next();
                    // a row without cells: no reader makes one, and mapping it fails
                    return r != null && r.number() == 2_345 ? new RawRecord.Cells(r.number(), r.line(), null) : r;
                }
            };
            int batch = 100;
            try (ParallelMapper mapper = ParallelMapper.sharing(rows, mapper(rows), cores, batch, 2)) {
                long taken = 0;
                for (int i = 0; i < 23; i++) {
                    taken += mapper.next().size();
                }
                assertEquals(2_300, taken, "every batch before the failing one");
                assertThrows(NullPointerException.class, mapper::next);
            }
        }
    }

    @Test
    void rejectsNoBatchesAhead() {
        Rows rows = new Rows(1);
        assertThrows(IllegalArgumentException.class, () -> new ParallelMapper(rows, mapper(rows), 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ParallelMapper.sharing(rows, mapper(rows), 2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ParallelMapper.sharing(rows, mapper(rows), 0, 1, 1));
    }
}
