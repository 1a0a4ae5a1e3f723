package io.contactkit.adapter.bridge;

import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ProviderFactory;
import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Discovers Bridge under the id {@code bridge}. Options: {@code api} ({@code connect}, the default, or
 * {@code legacy}), {@code baseUrl}, {@code allowInsecureHttp} ({@code true}/{@code false}),
 * {@code connectTimeout}, {@code responseTimeout}, {@code callTimeout}, {@code attributeSettingsTtl},
 * {@code maxClockSkew}, and for the connection pool {@code pendingAcquireTimeout}, {@code maxIdleTime},
 * {@code maxLifeTime}, {@code evictionInterval} (ISO-8601 durations such as {@code PT10S}),
 * {@code maxConnections} and {@code pendingAcquireMaxCount} (integers); secrets: {@code apiKey}, and
 * {@code signingSecret} for the legacy API.
 */
public final class BridgeProviderFactory implements ProviderFactory {

    /** Every option the factory reads; any other name is refused. */
    public static final Set<String> OPTIONS = Set.of("api", "baseUrl", "allowInsecureHttp", "connectTimeout", "responseTimeout",
            "callTimeout", "attributeSettingsTtl", "maxClockSkew", "maxConnections", "pendingAcquireMaxCount",
            "pendingAcquireTimeout", "maxIdleTime", "maxLifeTime", "evictionInterval", "signQueryString");
    /** Every secret the factory reads; any other name is refused. */
    public static final Set<String> SECRETS = Set.of("apiKey", "signingSecret");

    @Override
    public String id() {
        return BridgeContactsClient.ID;
    }

    @Override
    public ContactProvider create(ProviderSettings settings) {
        return new BridgeContactsClient(config(settings));
    }

    /**
     * The configuration the settings describe.
     *
     * @param settings the options and secrets
     * @return the configuration
     * @throws IllegalArgumentException naming the setting, never a secret: an unknown or invalid
     *         option or secret, or a missing {@code apiKey}
     */
    public static BridgeConfig config(ProviderSettings settings) {
        settings.requireKnownNames(BridgeContactsClient.ID, OPTIONS, SECRETS);
        Secret key = settings.secret("apiKey")
                .orElseThrow(() -> new IllegalArgumentException("the bridge provider needs the secret setting apiKey"));
        BridgeConfig.Builder b = BridgeConfig.builder().apiKey(key);
        settings.option("api").ifPresent(v -> b.api(BridgeApiGeneration.parse(v)
                .orElseThrow(() -> new IllegalArgumentException("setting api must be connect or legacy"))));
        settings.secret("signingSecret").ifPresent(b::signingSecret);
        settings.option("baseUrl").ifPresent(b::baseUrl);
        apply(settings, "allowInsecureHttp", BridgeProviderFactory::bool, b::allowInsecureHttp);
        apply(settings, "connectTimeout", BridgeProviderFactory::duration, b::connectTimeout);
        apply(settings, "responseTimeout", BridgeProviderFactory::duration, b::responseTimeout);
        apply(settings, "callTimeout", BridgeProviderFactory::duration, b::callTimeout);
        apply(settings, "attributeSettingsTtl", BridgeProviderFactory::duration, b::attributeSettingsTtl);
        apply(settings, "maxClockSkew", BridgeProviderFactory::duration, b::maxClockSkew);
        apply(settings, "signQueryString", BridgeProviderFactory::bool, b::signQueryString);
        apply(settings, "maxConnections", Integer::valueOf, b::maxConnections);
        apply(settings, "pendingAcquireMaxCount", Integer::valueOf, b::pendingAcquireMaxCount);
        apply(settings, "pendingAcquireTimeout", BridgeProviderFactory::duration, b::pendingAcquireTimeout);
        apply(settings, "maxIdleTime", BridgeProviderFactory::duration, b::maxIdleTime);
        apply(settings, "maxLifeTime", BridgeProviderFactory::duration, b::maxLifeTime);
        apply(settings, "evictionInterval", BridgeProviderFactory::duration, b::evictionInterval);
        settings.component(io.micrometer.observation.ObservationRegistry.class).ifPresent(b::observationRegistry);
        return b.build();
    }

    /** Parses one option; any parse failure names the option and what it must be. */
    private static <T> void apply(ProviderSettings settings, String name, Function<String, T> parse, Consumer<T> target) {
        settings.option(name).ifPresent(raw -> {
            T value;
            try {
                value = parse.apply(raw.strip());
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalArgumentException("setting " + name + " is invalid: " + expected(name));
            }
            target.accept(value);
        });
    }

    private static String expected(String name) {
        return switch (name) {
            case "allowInsecureHttp", "signQueryString" -> "true or false";
            case "maxConnections", "pendingAcquireMaxCount" -> "an integer";
            default -> "an ISO-8601 duration such as PT10S";
        };
    }

    private static Boolean bool(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        if (!s.equals("true") && !s.equals("false")) {
            throw new IllegalArgumentException(v);
        }
        return Boolean.valueOf(s);
    }

    private static Duration duration(String v) {
        return Duration.parse(v);
    }
}
