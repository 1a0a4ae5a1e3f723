package io.contactkit.adapter.http;

import java.util.List;
import java.util.Map;

/**
 * Adds the authentication headers of one attempt. Called again for every retry, so signatures with
 * timestamps are always fresh. Implementations hold the credential; nothing else sees it.
 */
@FunctionalInterface
public interface RequestAuthenticator {

    /**
     * The headers to add to this attempt of the request.
     *
     * @param request the request
     * @return header names and values
     */
    Map<String, String> headers(HttpRequest request);

    /**
     * The credentials this authenticator sends, which the transport removes from error responses
     * before they are read: a provider that echoes a rejected key must not put it into an
     * exception message.
     *
     * @return the credentials' texts; empty by default
     */
    default List<String> credentials() {
        return List.of();
    }
}
