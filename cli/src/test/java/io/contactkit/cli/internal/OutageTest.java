package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.api.BulkResult;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Violation;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.TransportException;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.ValidationException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A sync that records went through stops only when its provider has given no answer for longer than a record may take. */
class OutageTest {

    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final BulkResult<String> REFUSED = failure(new TransportException("bird", 0, null, "could not connect to 127.0.0.1 (contacts.upsert)",
            new ConnectException("Connection refused")));
    private static final BulkResult<String> DEADLINE = failure(new TransportException("bird", 0, "deadline_exceeded",
            "upsert did not finish within PT5M"));
    private static final BulkResult<String> MALFORMED = failure(new TransportException("bird", 200, null, "malformed response"));
    private static final BulkResult<String> SERVER_ERROR = failure(new ServerException("bird", 503, null, "unavailable"));
    private static final BulkResult<String> LOCAL = failure(ValidationException.local("bird", java.util.List.of(Violation.of("", "no_identifier", "none"))));
    private static final BulkResult<String> DONE = BulkResult.success(0, "r", UpsertResult.of(UpsertResult.Status.CREATED,
            Contact.builder("c1", "w", Instant.EPOCH).build()));

    private long now;

    private Outage outage(int streak) {
        return new Outage(WINDOW, streak, () -> now);
    }

    private void after(Duration d) {
        now += d.toNanos();
    }

    @Test
    void aLongSilenceAfterRecordsWentThroughStopsTheRunOnceTheStreakIsLongEnough() {
        Outage o = outage(4);
        assertFalse(o.stopAfter(DONE));
        after(Duration.ofMinutes(6));
        assertFalse(o.stopAfter(REFUSED));
        assertFalse(o.stopAfter(DEADLINE));
        assertFalse(o.stopAfter(REFUSED));
        assertTrue(o.stopAfter(DEADLINE), "4 in a row without an answer, and none for longer than the window");
        assertSame(DEADLINE.error(), o.last());
        assertEquals(4, o.streak());
        assertEquals(Duration.ofMinutes(6), o.silentFor(now));
    }

    @Test
    void aStreakWithinTheWindowIsRiddenOut() {
        Outage o = outage(3);
        o.stopAfter(DONE);
        after(Duration.ofSeconds(30));
        for (int i = 0; i < 50; i++) {
            assertFalse(o.stopAfter(REFUSED), "an outage shorter than a record's retry time: the retries are for that");
        }
        after(Duration.ofMinutes(5));
        assertTrue(o.stopAfter(REFUSED));
    }

    @Test
    void anyAnswerResetsTheCountAndTheClock() {
        for (BulkResult<String> answer : java.util.List.of(DONE, SERVER_ERROR, MALFORMED)) {
            Outage o = outage(2);
            o.stopAfter(DONE);
            after(Duration.ofMinutes(10));
            assertFalse(o.stopAfter(REFUSED));
            assertFalse(o.stopAfter(answer), "the provider answered: " + answer);
            assertFalse(o.stopAfter(REFUSED), "counted afresh from the answer");
        }
        Outage o = outage(2);
        o.stopAfter(DONE);
        after(Duration.ofMinutes(10));
        o.stopAfter(REFUSED);
        o.stopAfter(SERVER_ERROR);
        assertFalse(o.stopAfter(REFUSED));
        assertFalse(o.stopAfter(REFUSED), "two in a row, but the server answered just now");
        after(Duration.ofMinutes(6));
        assertTrue(o.stopAfter(REFUSED), "still none, six minutes after the last answer");
    }

    @Test
    void beforeAnyAnswerTheSilenceCountsFromTheRunsStartAndLocalRejectionsNeverCount() {
        // a server that takes connections and never answers: no record is ever answered
        Outage o = outage(2);
        after(Duration.ofMinutes(4));
        assertFalse(o.stopAfter(DEADLINE));
        assertFalse(o.stopAfter(DEADLINE), "two without an answer, but the run started only four minutes ago");
        after(Duration.ofMinutes(2));
        assertTrue(o.stopAfter(DEADLINE));
        assertEquals(Duration.ofMinutes(6), o.silentFor(now));
        Outage local = outage(1);
        local.stopAfter(DONE);
        after(Duration.ofHours(1));
        assertFalse(local.stopAfter(LOCAL), "a local rejection sent nothing");
        assertTrue(local.stopAfter(REFUSED));
    }

    private static BulkResult<String> failure(ProviderException e) {
        return BulkResult.failure(0, "r", e);
    }
}
