package io.contactkit.adapter.http;

import io.contactkit.domain.Violation;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.UnsupportedCapabilityException;
import io.contactkit.ports.ValidationException;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The checks an adapter makes before it sends a request, in this order: whether the provider can
 * serve the request at all (else {@link UnsupportedCapabilityException}), then every local problem
 * (else one local {@link ValidationException} listing all of them). Either failure sends nothing. The
 * {@code mono} and {@code flux} forms check at subscription, like the request they guard, and send
 * only when both checks pass. What the provider cannot do is asked of a supplier that answers the
 * refusal, or {@code null} when the request is one the provider can serve.
 */
public final class Preflight {

    private final String provider;

    /**
     * @param provider the provider's id, for the failures
     */
    public Preflight(String provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /**
     * Why a request is refused before sending.
     *
     * @param unsupported what the provider cannot do, or {@code null} for nothing; asked first
     * @param problems every local problem; asked only when nothing is unsupported
     * @return the unsupported capability, else a validation failure listing every problem, else {@code null}
     */
    public @Nullable ProviderException refusal(Supplier<? extends @Nullable UnsupportedCapabilityException> unsupported,
                                               Supplier<? extends List<Violation>> problems) {
        UnsupportedCapabilityException refused = unsupported.get();
        if (refused != null) {
            return refused;
        }
        List<Violation> found = problems.get();
        return found.isEmpty() ? null : ValidationException.local(provider, found);
    }

    /**
     * One request, sent only when nothing is unsupported and there is no local problem.
     *
     * @param unsupported what the provider cannot do, or {@code null} for nothing
     * @param problems every local problem
     * @param send the request
     * @param <T> the answer's type
     * @return the checks and the request, both at subscription
     */
    public <T> Mono<T> mono(Supplier<? extends @Nullable UnsupportedCapabilityException> unsupported,
                            Supplier<? extends List<Violation>> problems, Supplier<? extends Mono<T>> send) {
        return Mono.defer(() -> checked(unsupported, problems, send, Mono::error));
    }

    /**
     * One request, sent only when there is no local problem.
     *
     * @param problems every local problem
     * @param send the request
     * @param <T> the answer's type
     * @return the check and the request, both at subscription
     */
    public <T> Mono<T> mono(Supplier<? extends List<Violation>> problems, Supplier<? extends Mono<T>> send) {
        return mono(Preflight::nothingUnsupported, problems, send);
    }

    /**
     * A listing, started only when nothing is unsupported and there is no local problem.
     *
     * @param unsupported what the provider cannot do, or {@code null} for nothing
     * @param problems every local problem
     * @param send the listing
     * @param <T> the item type
     * @return the checks and the listing, both at subscription
     */
    public <T> Flux<T> flux(Supplier<? extends @Nullable UnsupportedCapabilityException> unsupported,
                            Supplier<? extends List<Violation>> problems, Supplier<? extends Flux<T>> send) {
        return Flux.defer(() -> checked(unsupported, problems, send, Flux::error));
    }

    /**
     * A listing, started only when there is no local problem.
     *
     * @param problems every local problem
     * @param send the listing
     * @param <T> the item type
     * @return the check and the listing, both at subscription
     */
    public <T> Flux<T> flux(Supplier<? extends List<Violation>> problems, Supplier<? extends Flux<T>> send) {
        return flux(Preflight::nothingUnsupported, problems, send);
    }

    /** The request, or the failure that refuses it. */
    private <P> P checked(Supplier<? extends @Nullable UnsupportedCapabilityException> unsupported,
                          Supplier<? extends List<Violation>> problems, Supplier<? extends P> send, Function<ProviderException, P> fail) {
        ProviderException refused = refusal(unsupported, problems);
        return refused == null ? send.get() : fail.apply(refused);
    }

    private static @Nullable UnsupportedCapabilityException nothingUnsupported() {
        return null;
    }
}
