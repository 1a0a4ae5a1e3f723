package io.contactkit.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.contactkit.domain.Violation;
import io.contactkit.ports.UnsupportedCapabilityException;
import io.contactkit.ports.ValidationException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Unsupported first, then every problem at once; nothing sent on either, everything at subscription. */
class PreflightTest {

    private final Preflight preflight = new Preflight("acme");
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger checked = new AtomicInteger();

    private Mono<String> send() {
        return Mono.fromSupplier(() -> "sent " + sent.incrementAndGet());
    }

    private List<Violation> problems(Violation... found) {
        checked.incrementAndGet();
        return List.of(found);
    }

    @Test
    void anUnsupportedRequestFailsBeforeItsProblemsAreLookedFor() {
        UnsupportedCapabilityException lists = new UnsupportedCapabilityException("acme", "lists", "no lists");
        StepVerifier.create(preflight.mono(() -> lists, () -> problems(Violation.of("a", "b", "c")), this::send))
                .verifyErrorMatches(e -> e == lists);
        assertEquals(0, checked.get());
        assertEquals(0, sent.get());
    }

    @Test
    void everyProblemIsReportedInOneLocalValidationFailure() {
        StepVerifier.create(preflight.flux(() -> problems(Violation.of("workspace", "invalid_id", "bad"),
                        Violation.of("pageSize", "out_of_range", "too big")), () -> Flux.from(send())))
                .verifyErrorSatisfies(e -> {
                    ValidationException v = assertInstanceOf(ValidationException.class, e);
                    assertEquals(List.of("invalid_id", "out_of_range"), v.violations().stream().map(Violation::code).toList());
                    assertEquals("acme", v.provider());
                });
        assertEquals(0, sent.get());
    }

    @Test
    void checksAndSendingWaitForSubscriptionAndRunOnEach() {
        Mono<String> request = preflight.mono(() -> problems(), this::send);
        assertEquals(0, checked.get());
        StepVerifier.create(request).expectNext("sent 1").verifyComplete();
        StepVerifier.create(request).expectNext("sent 2").verifyComplete();
        assertEquals(2, checked.get());
        assertNull(preflight.refusal(() -> null, this::problems));
    }
}
