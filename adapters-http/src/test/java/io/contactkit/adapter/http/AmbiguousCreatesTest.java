package io.contactkit.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.ports.ConflictException;
import io.contactkit.ports.OutcomeUnknownException;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.TransportException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Only ambiguous failures are looked up; a lookup that finds nothing or fails leaves the outcome unknown, with the cause kept. */
class AmbiguousCreatesTest {

    private static final ServerException BAD_GATEWAY = new ServerException("acme", 502, null, "bad gateway");

    @Test
    void ambiguousAreFailuresAfterSendingServerErrorsAndUnreadableSuccesses() {
        assertTrue(AmbiguousCreates.isAmbiguous(new OutcomeUnknownException("acme", "reset after sending", null)));
        assertTrue(AmbiguousCreates.isAmbiguous(BAD_GATEWAY));
        assertTrue(AmbiguousCreates.isAmbiguous(new TransportException("acme", 200, null, "malformed response")));
        assertFalse(AmbiguousCreates.isAmbiguous(new TransportException("acme", 0, null, "refused before sending")));
        assertFalse(AmbiguousCreates.isAmbiguous(new ConflictException("acme", 409, null, "taken", List.of())));
    }

    @Test
    void aClearFailureIsNotLookedUp() {
        AtomicInteger lookups = new AtomicInteger();
        ConflictException taken = new ConflictException("acme", 409, null, "taken", List.of());
        StepVerifier.create(AmbiguousCreates.resolved(Mono.<String>error(taken), f -> Mono.fromSupplier(() -> "found " + lookups.incrementAndGet())))
                .verifyErrorMatches(e -> e == taken);
        assertEquals(0, lookups.get());
    }

    @Test
    void anAmbiguousFailureIsResolvedByTheLookup() {
        StepVerifier.create(AmbiguousCreates.resolved(Mono.<String>error(BAD_GATEWAY),
                        f -> AmbiguousCreates.lookUp("acme", f, Mono.just("contact"), "none", "failed")))
                .expectNext("contact")
                .verifyComplete();
    }

    @Test
    void nothingFoundOrAFailedLookupLeavesTheOutcomeUnknown() {
        StepVerifier.create(AmbiguousCreates.lookUp("acme", BAD_GATEWAY, Mono.empty(), "no contact has its cellphone yet", "failed"))
                .verifyErrorSatisfies(e -> {
                    OutcomeUnknownException u = assertInstanceOf(OutcomeUnknownException.class, e);
                    assertEquals("the create may or may not have been applied (bad gateway); no contact has its cellphone yet", u.getMessage());
                    assertSame(BAD_GATEWAY, u.getCause());
                });
        IllegalStateException down = new IllegalStateException("search down");
        StepVerifier.create(AmbiguousCreates.lookUp("acme", BAD_GATEWAY, Mono.error(down), "none", "looking it up failed too"))
                .verifyErrorSatisfies(e -> {
                    OutcomeUnknownException u = assertInstanceOf(OutcomeUnknownException.class, e);
                    assertTrue(u.getMessage().endsWith("; looking it up failed too"));
                    assertSame(BAD_GATEWAY, u.getCause());
                    assertSame(down, u.getSuppressed()[0]);
                });
    }
}
