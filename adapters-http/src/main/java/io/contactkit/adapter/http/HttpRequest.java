package io.contactkit.adapter.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One request as an adapter describes it: method, encoded path (from {@link PathSegments}), query
 * (from {@link QueryString}), body bytes, and whether repeating it is safe.
 *
 * @param method     {@code GET}, {@code POST}, {@code PATCH}, {@code DELETE}, ...
 * @param path       the encoded path, starting with {@code /}, relative to the base URL
 * @param query      {@code ""} or {@code ?a=1&b=2}, encoded
 * @param body       the JSON body, or {@code null}
 * @param idempotent whether the request may be repeated after an ambiguous failure
 * @param headers    request-specific headers (authentication is added by the transport's signer)
 * @param name       a short template-like name for logs and errors, e.g. {@code contacts.get}; never holds values
 */
public record HttpRequest(String method, String path, String query, byte @Nullable [] body, boolean idempotent,
                          Map<String, String> headers, String name) {

    /**
     * Checks the method and path and fills in the defaults.
     *
     * @param method     {@code GET}, {@code POST}, {@code PATCH}, {@code DELETE}, ...
     * @param path       the encoded path, starting with {@code /}
     * @param query      {@code ""} or {@code ?a=1&b=2}, encoded; {@code null} for none
     * @param body       the JSON body, or {@code null}
     * @param idempotent whether the request may be repeated after an ambiguous failure
     * @param headers    request-specific headers, or {@code null} for none
     * @param name       a short template-like name for logs and errors; {@code null} for the method's
     * @throws IllegalArgumentException when the path does not start with {@code /}
     */
    public HttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = query == null ? "" : query;
        headers = headers == null || headers.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        name = name == null ? method + " request" : name;
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /");
        }
    }

    /**
     * An idempotent {@code GET} without a body.
     *
     * @param name a short template-like name for logs and errors
     * @param path the encoded path
     * @param query {@code ""} or {@code ?a=1&b=2}, encoded
     * @return the request
     */
    public static HttpRequest get(String name, String path, String query) {
        return new HttpRequest("GET", path, query, null, true, Map.of(), name);
    }

    /** {@return the path followed by the query} */
    public String pathAndQuery() {
        return path + query;
    }

    @Override
    public String toString() {
        return "HttpRequest[" + name + " " + method + "]";
    }
}
