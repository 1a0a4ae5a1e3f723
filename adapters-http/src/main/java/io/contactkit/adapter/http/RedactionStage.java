package io.contactkit.adapter.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Replaces every credential the authenticator sends by {@code [redacted]} in error responses before
 * they are read, so a provider that echoes a rejected key cannot put it into an exception message.
 */
final class RedactionStage implements HttpStage {

    private final RequestAuthenticator authenticator;

    RedactionStage(RequestAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Mono<HttpResponse> process(HttpCall call, Next next) {
        return next.proceed(call).map(response -> response.isSuccess() ? response : withoutCredentials(response));
    }

    private HttpResponse withoutCredentials(HttpResponse response) {
        List<String> credentials = authenticator.credentials();
        if (credentials.isEmpty() || response.body().length == 0) {
            return response;
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        String redacted = text;
        for (String c : credentials) {
            if (c != null && !c.isEmpty()) {
                redacted = redacted.replace(c, "[redacted]");
            }
        }
        return redacted.equals(text) ? response
                : new HttpResponse(response.status(), response.headers(), redacted.getBytes(StandardCharsets.UTF_8));
    }
}
