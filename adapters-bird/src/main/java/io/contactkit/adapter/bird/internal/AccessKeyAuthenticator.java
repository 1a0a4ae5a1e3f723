package io.contactkit.adapter.bird.internal;

import io.contactkit.adapter.http.HttpRequest;
import io.contactkit.adapter.http.RequestAuthenticator;
import io.contactkit.ports.Secret;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Bird's {@code Authorization} header, in either form its pages show: {@code AccessKey <key>} (every
 * worked example and live client) or {@code Bearer <token>} (the upsert page's request panel; the
 * create page's "access token issued to a user").
 */
public final class AccessKeyAuthenticator implements RequestAuthenticator {

    static final String SCHEME = "AccessKey ";
    static final String BEARER = "Bearer ";

    private final String scheme;
    private final Secret key;

    /** {@code Authorization: AccessKey <key>}. */
    public AccessKeyAuthenticator(Secret key) {
        this(SCHEME, key);
    }

    private AccessKeyAuthenticator(String scheme, Secret key) {
        this.scheme = scheme;
        this.key = Objects.requireNonNull(key, "key");
    }

    /** {@code Authorization: Bearer <token>}. */
    public static AccessKeyAuthenticator bearer(Secret token) {
        return new AccessKeyAuthenticator(BEARER, token);
    }

    @Override
    public Map<String, String> headers(HttpRequest request) {
        return Map.of("Authorization", scheme + key.reveal());
    }

    @Override
    public List<String> credentials() {
        return List.of(key.reveal());
    }

    @Override
    public String toString() {
        return "AccessKeyAuthenticator[" + scheme.strip() + ", redacted]";
    }
}
