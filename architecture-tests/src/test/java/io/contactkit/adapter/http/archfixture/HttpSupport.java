package io.contactkit.adapter.http.archfixture;

/** Shared HTTP support, which Bird and Bridge may use. */
public class HttpSupport {
}
