package io.contactkit.ports.archfixture;

/** Allowed: ports speak the domain, Reactor Core and Vavr. */
public class PortUsingReactorAndDomain {
    public reactor.core.publisher.Mono<io.contactkit.domain.Contact> contact;
    public io.vavr.control.Either<String, Integer> either;
}
