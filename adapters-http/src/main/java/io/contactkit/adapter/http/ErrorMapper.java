package io.contactkit.adapter.http;

import io.contactkit.ports.ProviderException;

/** Turns a non-2xx response into the typed error of the ports, reading the provider's error body. */
@FunctionalInterface
public interface ErrorMapper {

    /**
     * The typed error of a failed response.
     *
     * @param request the request that failed
     * @param response the non-2xx response
     * @return the error, never {@code null}
     */
    ProviderException map(HttpRequest request, HttpResponse response);
}
