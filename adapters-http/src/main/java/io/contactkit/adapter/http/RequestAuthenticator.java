package io.contactkit.adapter.http;

import java.util.Map;

/**
 * Adds the authentication headers of one attempt. Called again for every retry, so signatures with
 * timestamps are always fresh. Implementations hold the credential; nothing else sees it.
 */
@FunctionalInterface
public interface RequestAuthenticator {

    /** The headers to add to this attempt of the request. */
    Map<String, String> headers(HttpRequest request);
}
