package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.contactkit.api.BulkResult;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Violation;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.TransportException;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.ValidationException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sync stops only when the provider was never reached and its first records all failed to connect. */
class UnreachableTest {

    private static final BulkResult<String> REFUSED = failure(new TransportException("bird", 0, null, "could not connect to 127.0.0.1 (contacts.upsert)",
            new RuntimeException("wrapped", new ConnectException("Connection refused"))));
    private static final BulkResult<String> NO_HOST = failure(new TransportException("bird", 0, null, "could not connect to nohost.invalid",
            new UnknownHostException("nohost.invalid")));
    private static final BulkResult<String> RESET = failure(new TransportException("bird", 0, null, "connection closed prematurely"));
    private static final BulkResult<String> SERVER_ERROR = failure(new ServerException("bird", 503, null, "unavailable"));
    private static final BulkResult<String> LOCAL = failure(ValidationException.local("bird", List.of(Violation.of("", "no_identifier", "none"))));
    private static final BulkResult<String> DONE = BulkResult.success(0, "r", UpsertResult.of(UpsertResult.Status.CREATED,
            Contact.builder("c1", "w", Instant.EPOCH).build()));

    @Test
    void theFirstThreeResultsFailingToConnectStopTheRunAtTheThird() {
        assertEquals(List.of(false, false, true), stops(REFUSED, NO_HOST, REFUSED));
        Unreachable u = new Unreachable();
        u.stopAfter(REFUSED);
        u.stopAfter(NO_HOST);
        assertSame(REFUSED.error(), u.first(), "the first failure is the one told");
        assertEquals(List.of(false, false, false, true), stops(LOCAL, REFUSED, REFUSED, REFUSED), "a local rejection sent nothing: not counted");
    }

    @Test
    void aProviderOnceReachedNeverStopsTheRun() {
        assertEquals(List.of(false, false, false, false, false), stops(DONE, REFUSED, REFUSED, REFUSED, REFUSED));
        assertEquals(List.of(false, false, false, false, false), stops(REFUSED, SERVER_ERROR, REFUSED, REFUSED, REFUSED),
                "any answer shows the provider there");
        assertEquals(List.of(false, false, false, false), stops(RESET, REFUSED, REFUSED, REFUSED),
                "a connection that broke after it was made may have carried the request");
        assertEquals(List.of(false, false), stops(REFUSED, REFUSED), "a run of two records ends as before");
    }

    private static List<Boolean> stops(List<BulkResult<String>> results) {
        Unreachable u = new Unreachable();
        List<Boolean> out = new ArrayList<>();
        results.forEach(r -> out.add(u.stopAfter(r)));
        return out;
    }

    @SafeVarargs
    private static List<Boolean> stops(BulkResult<String>... results) {
        return stops(List.of(results));
    }

    private static BulkResult<String> failure(ProviderException e) {
        return BulkResult.failure(0, "r", e);
    }

    @Test
    void afterStoppingNothingMoreIsCounted() {
        Unreachable u = new Unreachable();
        for (int i = 0; i < Unreachable.FIRST - 1; i++) {
            assertFalse(u.stopAfter(REFUSED));
        }
        assertEquals(true, u.stopAfter(REFUSED));
        assertFalse(u.stopAfter(REFUSED));
    }
}
