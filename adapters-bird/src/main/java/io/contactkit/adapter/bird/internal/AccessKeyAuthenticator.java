package io.contactkit.adapter.bird.internal;

import io.contactkit.adapter.http.HttpRequest;
import io.contactkit.adapter.http.RequestAuthenticator;
import io.contactkit.ports.Secret;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code Authorization: AccessKey <key>}. Bird's reference panels say {@code Bearer}, but every worked
 * example and every live client uses {@code AccessKey}.
 */
public final class AccessKeyAuthenticator implements RequestAuthenticator {

    static final String SCHEME = "AccessKey ";

    private final Secret key;

    public AccessKeyAuthenticator(Secret key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    @Override
    public Map<String, String> headers(HttpRequest request) {
        return Map.of("Authorization", SCHEME + key.reveal());
    }

    @Override
    public List<String> credentials() {
        return List.of(key.reveal());
    }

    @Override
    public String toString() {
        return "AccessKeyAuthenticator[redacted]";
    }
}
