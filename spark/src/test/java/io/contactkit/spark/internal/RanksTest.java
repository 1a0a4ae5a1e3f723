package io.contactkit.spark.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RanksTest {

    @Test
    void denseAndSparseRanksAreEachCreatingRecordsPlaceAmongAllOfThemFromOne() {
        SplittableRandom random = new SplittableRandom(5);
        for (long max : new long[] {1, 63, 64, 65, 511, 512, 513, 100_000, 5_000_000_000L}) {
            TreeSet<Long> creators = new TreeSet<>();
            creators.add(max);
            int n = (int) Math.min(max, 3_000);
            while (creators.size() < n) {
                creators.add(1 + random.nextLong(max));
            }
            // spread over partitions in no order, as the replay leaves them
            List<List<Long>> parts = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                parts.add(new ArrayList<>());
            }
            for (long c : creators) {
                parts.get(random.nextInt(3)).add(c);
            }
            for (boolean dense : new boolean[] {true, false}) {
                if (dense && max > 1_000_000) {
                    continue;
                }
                Ranks.Builder b = new Ranks.Builder(max, dense);
                for (List<Long> part : parts) {
                    b.add(Ranks.encode(part.stream().mapToLong(Long::longValue).toArray()));
                }
                Ranks ranks = b.build();
                long expected = 1;
                for (long c : creators) {
                    assertEquals(expected++, ranks.of(c), "record " + c + " of " + max + (dense ? " dense" : " sparse"));
                }
                if (creators.size() < max) {
                    long missing = 1;
                    while (creators.contains(missing)) {
                        missing++;
                    }
                    long absent = missing;
                    assertThrows(IllegalStateException.class, () -> ranks.of(absent));
                }
            }
        }
        assertEquals(true, Ranks.dense(10_000_000, 9_000_000));
        assertEquals(false, Ranks.dense(5_000_000_000L, 3_000));
    }

    @Test
    void ranksAskedInRecordOrderWhileThePartitionsComeInAreTheBuiltRanks() {
        SplittableRandom random = new SplittableRandom(11);
        for (long max : new long[] {1, 63, 64, 65, 700, 100_000}) {
            TreeSet<Long> creators = new TreeSet<>();
            creators.add(max);
            int n = (int) Math.min(max, 3_000);
            while (creators.size() < n) {
                creators.add(1 + random.nextLong(max));
            }
            // "linked" creators anywhere, added first; the rest in consecutive ranges of records, added one range at a time
            List<Long> linked = new ArrayList<>();
            List<Long> rest = new ArrayList<>();
            for (long c : creators) {
                (random.nextInt(4) == 0 ? linked : rest).add(c);
            }
            Ranks.Builder all = new Ranks.Builder(max, true);
            Ranks.Builder inOrder = new Ranks.Builder(max, true);
            all.add(Ranks.encode(linked.stream().mapToLong(Long::longValue).toArray()));
            all.add(Ranks.encode(rest.stream().mapToLong(Long::longValue).toArray()));
            Ranks ranks = all.build();
            inOrder.add(Ranks.encode(linked.stream().mapToLong(Long::longValue).toArray()));
            int at = 0;
            while (at < rest.size()) {
                int to = Math.min(rest.size(), at + 1 + random.nextInt(50));
                inOrder.add(Ranks.encode(rest.subList(at, to).stream().mapToLong(Long::longValue).toArray()));
                // every creator below rest[to - 1] is in: ask for the range's records and the linked ones among them, in order
                long top = rest.get(to - 1);
                for (long c : creators.subSet(at == 0 ? 0L : rest.get(at - 1) + 1, true, top, true)) {
                    assertEquals(ranks.of(c), inOrder.rankInOrder(c), "record " + c + " of " + max);
                }
                at = to;
            }
            for (long c : creators.tailSet(rest.isEmpty() ? 0L : rest.get(rest.size() - 1) + 1)) {
                assertEquals(ranks.of(c), inOrder.rankInOrder(c), "record " + c + " of " + max);
            }
            if ((creators.first() - 1) / 64 < (max - 1) / 64) {
                assertThrows(IllegalStateException.class, () -> inOrder.rankInOrder(creators.first()), "asked backwards");
            }
        }
        assertThrows(IllegalStateException.class, () -> new Ranks.Builder(100, false).rankInOrder(1));
    }

    @Test
    void aRecordThatCreatedTwoContactsIsRefused() {
        Ranks.Builder b = new Ranks.Builder(10, true);
        b.add(Ranks.encode(new long[] {3, 7}));
        assertThrows(IllegalStateException.class, () -> b.add(Ranks.encode(new long[] {7})));
        assertThrows(IllegalStateException.class, () -> Ranks.encode(new long[] {4, 4}));
    }
}
