package io.contactkit.adapter.bird;

import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ProviderFactory;
import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Discovers Bird under the id {@code bird}. Options: {@code baseUrl}, {@code allowInsecureHttp}
 * ({@code true}/{@code false}), {@code connectTimeout}, {@code responseTimeout}, {@code callTimeout}
 * (ISO-8601 durations such as {@code PT10S}), {@code maxConnections}, {@code maxClockSkew}; secret: {@code accessKey}
 * (sent as {@code AccessKey}) or {@code accessToken} (sent as {@code Bearer}), exactly one; component:
 * an {@code ObservationRegistry}.
 */
public final class BirdProviderFactory implements ProviderFactory {

    /** Every option the factory reads; any other name is refused. */
    public static final Set<String> OPTIONS = Set.of("baseUrl", "allowInsecureHttp", "connectTimeout", "responseTimeout",
            "callTimeout", "maxConnections", "maxClockSkew");
    /** Every secret the factory reads; any other name is refused. */
    public static final Set<String> SECRETS = Set.of("accessKey", "accessToken");

    @Override
    public String id() {
        return BirdContactsClient.ID;
    }

    @Override
    public ContactProvider create(ProviderSettings settings) {
        return new BirdContactsClient(config(settings));
    }

    /**
     * The configuration the settings describe.
     *
     * @param settings the options and secrets
     * @return the configuration
     * @throws IllegalArgumentException naming the setting, never a secret: an unknown or invalid
     *         option or secret, or a missing {@code accessKey}
     */
    public static BirdConfig config(ProviderSettings settings) {
        settings.requireKnownNames(BirdContactsClient.ID, OPTIONS, SECRETS);
        Optional<Secret> key = settings.secret("accessKey");
        Optional<Secret> token = settings.secret("accessToken");
        if (key.isEmpty() && token.isEmpty()) {
            throw new IllegalArgumentException("the bird provider needs the secret setting accessKey or accessToken");
        }
        if (key.isPresent() && token.isPresent()) {
            throw new IllegalArgumentException("the bird provider takes the secret setting accessKey or accessToken, not both");
        }
        BirdConfig.Builder b = BirdConfig.builder();
        key.ifPresent(b::accessKey);
        token.ifPresent(b::accessToken);
        duration(settings, "maxClockSkew").ifPresent(b::maxClockSkew);
        settings.option("baseUrl").ifPresent(b::baseUrl);
        settings.option("allowInsecureHttp").ifPresent(v -> b.allowInsecureHttp(bool("allowInsecureHttp", v)));
        duration(settings, "connectTimeout").ifPresent(b::connectTimeout);
        duration(settings, "responseTimeout").ifPresent(b::responseTimeout);
        duration(settings, "callTimeout").ifPresent(b::callTimeout);
        settings.option("maxConnections").ifPresent(v -> b.maxConnections(integer("maxConnections", v)));
        settings.component(io.micrometer.observation.ObservationRegistry.class).ifPresent(b::observationRegistry);
        return b.build();
    }

    private static boolean bool(String name, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("setting " + name + " must be true or false");
    }

    private static Optional<Duration> duration(ProviderSettings settings, String name) {
        return settings.option(name).map(v -> {
            try {
                return Duration.parse(v.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("setting " + name + " must be an ISO-8601 duration such as PT10S");
            }
        });
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + name + " must be an integer");
        }
    }
}
