package io.contactkit.adapter.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A response read completely (within the size cap): status, headers (names lower-cased) and body.
 */
public record HttpResponse(int status, Map<String, List<String>> headers, byte[] body) {

    /**
     * The first value of a header.
     *
     * @param name the header's name, in any case
     * @return its first value; empty when absent
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** {@return the body decoded as UTF-8} */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** {@return true for a 2xx status} */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
        return "HttpResponse[" + status + ", " + body.length + " bytes]";
    }
}
