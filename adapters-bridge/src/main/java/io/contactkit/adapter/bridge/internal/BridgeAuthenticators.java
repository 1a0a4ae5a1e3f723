package io.contactkit.adapter.bridge.internal;

import io.contactkit.adapter.http.HttpRequest;
import io.contactkit.adapter.http.RequestAuthenticator;
import io.contactkit.ports.Secret;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The two ways Bridge authenticates: an API key header (newer API), or a signed request (older API). */
public final class BridgeAuthenticators {

    private BridgeAuthenticators() {
    }

    /** {@code x-api-key: <key>} on every request of the newer API. */
    public static RequestAuthenticator apiKey(Secret key) {
        Objects.requireNonNull(key, "key");
        return new RequestAuthenticator() {
            @Override
            public Map<String, String> headers(HttpRequest request) {
                return Map.of("x-api-key", key.reveal());
            }

            @Override
            public List<String> credentials() {
                return List.of(key.reveal());
            }

            @Override
            public String toString() {
                return "ApiKeyAuthenticator[redacted]";
            }
        };
    }

    /**
     * A fresh signature for every attempt (retries included). The signed path is the full path as
     * sent: the base URL's own path, if any, then the request's path; with {@code withQuery}, followed
     * by {@code ?} and the query string as sent when there is one.
     */
    public static RequestAuthenticator signed(RequestSigner signer, String basePath, boolean withQuery) {
        Objects.requireNonNull(signer, "signer");
        String prefix = basePath == null || basePath.equals("/") ? "" : basePath.replaceAll("/+$", "");
        return new RequestAuthenticator() {
            @Override
            public Map<String, String> headers(HttpRequest request) {
                // the request's query is "" or "?a=1&b=2", exactly as sent
                String query = withQuery && request.query() != null ? request.query() : "";
                return signer.headers(request.method(), prefix + request.path() + query, request.body());
            }

            @Override
            public List<String> credentials() {
                return signer.credentials();
            }

            @Override
            public String toString() {
                return "SigningAuthenticator[redacted]";
            }
        };
    }
}
