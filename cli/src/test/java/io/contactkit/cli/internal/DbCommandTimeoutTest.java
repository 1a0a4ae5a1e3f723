package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code db split} waits for the store's split at least as long as the README says one of its statements may take (10
 * minutes, for the reset of the counts of merges in a large workspace), with room for the replay before it: a shorter wait
 * reported a failure for a split the store was still making.
 */
class DbCommandTimeoutTest {

    @Test
    void aSplitIsAwaitedLongerThanItsLongestStatementMayTake() {
        assertTrue(DbCommand.SPLIT_TIMEOUT.compareTo(Duration.ofMinutes(10).plusMinutes(30)) >= 0, DbCommand.SPLIT_TIMEOUT.toString());
    }
}
