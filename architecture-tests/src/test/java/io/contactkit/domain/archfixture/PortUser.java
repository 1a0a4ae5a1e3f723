package io.contactkit.domain.archfixture;

/** Deliberately wrong: the domain reaching out to the ports. */
public class PortUser {
    public io.contactkit.ports.ContactProvider provider;
}
