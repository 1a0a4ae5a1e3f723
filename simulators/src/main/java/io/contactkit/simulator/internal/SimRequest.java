package io.contactkit.simulator.internal;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;

/**
 * One request as a simulator sees it: the method, the path exactly as sent (still percent-encoded),
 * its raw segments, the decoded query parameters, the headers, the whole body ({@code ""} for none) and
 * the query string exactly as sent ({@code ""} for none).
 */
public record SimRequest(String method, String rawPath, List<String> segments, Map<String, List<String>> query,
                         HttpHeaders headers, String body, String rawQuery) {

    public String header(String name) {
        return headers.get(name);
    }

    /** The first value of a query parameter, or {@code null}. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
