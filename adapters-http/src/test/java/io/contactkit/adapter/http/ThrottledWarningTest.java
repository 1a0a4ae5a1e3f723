package io.contactkit.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactkit.testsupport.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A repeated warning: its first occurrence logged, then one line per interval at most, counting those not logged. */
class ThrottledWarningTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final ThrottledWarning warning = new ThrottledWarning(clock, INTERVAL);

    @Test
    void theFirstIsLoggedThenOneLinePerIntervalWithTheCountSinceTheLastOne() {
        assertThat(warning.occurred()).isZero();
        for (int i = 0; i < 500; i++) {
            assertThat(warning.occurred()).isEqualTo(ThrottledWarning.SKIP);
        }
        clock.advance(INTERVAL.minusMillis(1));
        assertThat(warning.occurred()).isEqualTo(ThrottledWarning.SKIP);

        clock.advance(Duration.ofMillis(1));
        assertThat(warning.occurred()).isEqualTo(501);
        assertThat(warning.occurred()).isEqualTo(ThrottledWarning.SKIP);

        clock.advance(Duration.ofMinutes(5));
        assertThat(warning.occurred()).as("one skipped since the last line").isEqualTo(1);
        clock.advance(INTERVAL);
        assertThat(warning.occurred()).as("none skipped since the last line").isZero();
    }

    @Test
    void aClockSetBackByAnIntervalDoesNotSilenceIt() {
        assertThat(warning.occurred()).isZero();
        clock.advance(Duration.ofHours(-1));
        assertThat(warning.occurred()).isZero();
        assertThat(warning.occurred()).isEqualTo(ThrottledWarning.SKIP);
    }

    @Test
    void anOccurrenceWhoseClockReadingAnotherLineOvertookIsCountedNotLogged() {
        // the race, made certain: while one occurrence reads the clock, another, an interval later, logs its line
        assertThat(warning.occurred()).isZero();
        long[] overtaking = {Long.MIN_VALUE};
        clock.duringNextRead(() -> {
            clock.advance(INTERVAL);
            overtaking[0] = warning.occurred();
        });
        assertThat(warning.occurred()).as("its line was logged by the occurrence that overtook it").isEqualTo(ThrottledWarning.SKIP);
        assertThat(overtaking[0]).isZero();
        clock.advance(INTERVAL);
        assertThat(warning.occurred()).as("the one counted, reported by the next line").isEqualTo(1);
    }

    @Test
    void concurrentOccurrencesAreEachLoggedOrCountedExactlyOnce() throws Exception {
        int threads = 8;
        int each = 20_000;
        AtomicLong lines = new AtomicLong();
        AtomicLong reported = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            List<Future<?>> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                callers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        long unlogged = warning.occurred();
                        if (unlogged != ThrottledWarning.SKIP) {
                            lines.incrementAndGet();
                            reported.addAndGet(1 + unlogged);
                        }
                    }
                    return null;
                }));
            }
            int advances = 50;
            Future<?> mover = pool.submit(() -> {
                start.await();
                for (int i = 0; i < advances; i++) {
                    clock.advance(INTERVAL);
                    Thread.yield();
                }
                return null;
            });
            start.countDown();
            mover.get(30, TimeUnit.SECONDS);
            for (Future<?> caller : callers) {
                caller.get(30, TimeUnit.SECONDS);
            }
            assertThat(lines.get()).as("the first line, then at most one per interval").isBetween(1L, advances + 1L);
        } finally {
            pool.shutdownNow();
        }
        // what the lines so far have not reported yet is reported by the next line
        clock.advance(INTERVAL);
        long last = warning.occurred();
        assertThat(last).isNotEqualTo(ThrottledWarning.SKIP);
        assertThat(reported.get() + last + 1).isEqualTo((long) threads * each + 1);
    }
}
