package io.contactkit.ports;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration handed to a {@link ProviderFactory}: plain options (base URL, API generation,
 * timeouts, ...) and secrets kept apart, so printing the settings never prints a credential.
 */
public final class ProviderSettings {

    private static final ProviderSettings EMPTY = builder().build();

    private final Map<String, String> options;
    private final Map<String, Secret> secrets;

    private ProviderSettings(Builder b) {
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(b.options));
        this.secrets = Collections.unmodifiableMap(new LinkedHashMap<>(b.secrets));
    }

    public static ProviderSettings empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    public Optional<Secret> secret(String name) {
        return Optional.ofNullable(secrets.get(name));
    }

    public Map<String, String> options() {
        return options;
    }

    /**
     * Refuses every option and secret name the provider does not know, so a misspelled setting
     * ({@code baseURL} for {@code baseUrl}) fails instead of being silently ignored. The message
     * lists the valid names and the closest one; it never contains a value.
     *
     * @param provider the provider's id, for the message
     * @param optionNames every option the provider reads
     * @param secretNames every secret the provider reads
     * @return these settings
     * @throws IllegalArgumentException naming each unknown option or secret
     */
    public ProviderSettings requireKnownNames(String provider, Collection<String> optionNames, Collection<String> secretNames) {
        List<String> problems = new ArrayList<>();
        SettingNames.unknown(provider, "option", options.keySet(), optionNames, secretNames, problems);
        SettingNames.unknown(provider, "secret", secrets.keySet(), secretNames, optionNames, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return this;
    }

    @Override
    public String toString() {
        return "ProviderSettings[options=" + options + ", secrets=" + secrets.keySet() + "]";
    }

    /** Builds {@link ProviderSettings}. */
    public static final class Builder {
        private final Map<String, String> options = new LinkedHashMap<>();
        private final Map<String, Secret> secrets = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder option(String name, String value) {
            if (value != null) {
                options.put(Objects.requireNonNull(name, "name"), value);
            }
            return this;
        }

        public Builder secret(String name, Secret value) {
            if (value != null) {
                secrets.put(Objects.requireNonNull(name, "name"), value);
            }
            return this;
        }

        public ProviderSettings build() {
            return new ProviderSettings(this);
        }
    }
}
