package io.contactkit.api.archfixture;

/** Allowed: the facade speaks the ports, the domain, Reactor Core and Vavr. */
public class FacadeUsingPorts {
    public io.contactkit.ports.ContactProvider provider;
    public reactor.core.publisher.Flux<io.contactkit.domain.Contact> contacts;
    public io.vavr.collection.List<String> names;
}
