package io.contactkit.adapter.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ClaimedWorkspacesTest {

    @Test
    void aServiceWritingToEverMoreWorkspacesKeepsABoundedSet() {
        ClaimedWorkspaces claimed = new ClaimedWorkspaces(100);
        for (int i = 0; i < 100_000; i++) {
            claimed.add("tenant-" + i);
            assertThat(claimed.contains("tenant-" + i)).isTrue();
            assertThat(claimed.size()).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void workspacesWithinTheCapacityStayClaimedAndARemovedOneIsNot() {
        ClaimedWorkspaces claimed = new ClaimedWorkspaces(3);
        claimed.add("a");
        claimed.add("b");
        claimed.add("c");
        claimed.add("a"); // again: nothing to forget
        assertThat(claimed.contains("a") && claimed.contains("b") && claimed.contains("c")).isTrue();
        claimed.remove("b");
        assertThat(claimed.contains("b")).isFalse();
        assertThat(claimed.size()).isEqualTo(2);
        assertThatThrownBy(() -> new ClaimedWorkspaces(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void racingWritersNeverGrowItPastTheCapacityAndOneEachThread() throws Exception {
        ClaimedWorkspaces claimed = new ClaimedWorkspaces(50);
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> racers = new ArrayList<>();
        int[] largest = new int[threads];
        for (int t = 0; t < threads; t++) {
            int me = t;
            Thread racer = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 50_000; i++) {
                    String workspace = "w-" + me + "-" + i;
                    claimed.add(workspace);
                    largest[me] = Math.max(largest[me], claimed.size());
                }
            });
            racer.start();
            racers.add(racer);
        }
        start.countDown();
        for (Thread racer : racers) {
            racer.join();
        }
        for (int t = 0; t < threads; t++) {
            assertThat(largest[t]).isLessThanOrEqualTo(50 + threads);
        }
    }
}
