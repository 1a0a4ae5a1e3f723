package io.contactkit.adapter.http;

import io.contactkit.domain.Violation;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.UnsupportedCapabilityException;
import io.contactkit.ports.ValidationException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The checks an adapter makes before it sends a request, in this order: whether the provider can
 * serve the request at all (else {@link UnsupportedCapabilityException}), then every local problem
 * (else one local {@link ValidationException} listing all of them). Either failure sends nothing. The
 * {@code mono} and {@code flux} forms check at subscription, like the request they guard, and send
 * only when both checks pass.
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
     * @param unsupported what the provider cannot do, if anything; asked first
     * @param problems every local problem; asked only when nothing is unsupported
     * @return the unsupported capability, else a validation failure listing every problem, else empty
     */
    public Optional<ProviderException> refusal(Supplier<? extends Optional<? extends UnsupportedCapabilityException>> unsupported,
                                               Supplier<? extends List<Violation>> problems) {
        Optional<? extends UnsupportedCapabilityException> refused = unsupported.get();
        if (refused.isPresent()) {
            return Optional.of(refused.get());
        }
        List<Violation> found = problems.get();
        return found.isEmpty() ? Optional.empty() : Optional.of(ValidationException.local(provider, found));
    }

    /**
     * One request, sent only when nothing is unsupported and there is no local problem.
     *
     * @param unsupported what the provider cannot do, if anything
     * @param problems every local problem
     * @param send the request
     * @param <T> the answer's type
     * @return the checks and the request, both at subscription
     */
    public <T> Mono<T> mono(Supplier<? extends Optional<? extends UnsupportedCapabilityException>> unsupported,
                            Supplier<? extends List<Violation>> problems, Supplier<? extends Mono<T>> send) {
        return Mono.defer(() -> refusal(unsupported, problems).<Mono<T>>map(Mono::error).orElseGet(send));
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
        return mono(Optional::empty, problems, send);
    }

    /**
     * A listing, started only when nothing is unsupported and there is no local problem.
     *
     * @param unsupported what the provider cannot do, if anything
     * @param problems every local problem
     * @param send the listing
     * @param <T> the item type
     * @return the checks and the listing, both at subscription
     */
    public <T> Flux<T> flux(Supplier<? extends Optional<? extends UnsupportedCapabilityException>> unsupported,
                            Supplier<? extends List<Violation>> problems, Supplier<? extends Flux<T>> send) {
        return Flux.defer(() -> refusal(unsupported, problems).<Flux<T>>map(Flux::error).orElseGet(send));
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
        return flux(Optional::empty, problems, send);
    }
}
