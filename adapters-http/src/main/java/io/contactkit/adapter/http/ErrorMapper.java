package io.contactkit.adapter.http;

import io.contactkit.ports.ProviderException;

/** Turns a non-2xx response into the typed error of the ports, reading the provider's error body. */
@FunctionalInterface
public interface ErrorMapper {

    ProviderException map(HttpRequest request, HttpResponse response);
}
