package io.contactkit.ports;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Configuration handed to a {@link ProviderFactory}: plain options (base URL, API generation,
 * timeouts, ...) and secrets kept apart, so printing the settings never prints a credential.
 */
public final class ProviderSettings {

    private static final ProviderSettings EMPTY = builder().build();

    private final Map<String, String> options;
    private final Map<String, Secret> secrets;
    private final Map<Class<?>, Object> components;

    private ProviderSettings(Builder b) {
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(b.options));
        this.secrets = Collections.unmodifiableMap(new LinkedHashMap<>(b.secrets));
        this.components = Collections.unmodifiableMap(new LinkedHashMap<>(b.components));
    }

    /**
     * No options, secrets or components.
     *
     * @return the empty settings
     */
    public static ProviderSettings empty() {
        return EMPTY;
    }

    /**
     * A builder of settings.
     *
     * @return a new, empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A plain option.
     *
     * @param name the option's name, such as {@code baseUrl}
     * @return its value, empty when not set
     */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /**
     * A secret.
     *
     * @param name the secret's name, such as {@code apiKey}
     * @return it, empty when not set
     */
    public Optional<Secret> secret(String name) {
        return Optional.ofNullable(secrets.get(name));
    }

    /**
     * Every plain option.
     *
     * @return the options by name, in the order set (unmodifiable)
     */
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

    /**
     * An object handed to the factory by type rather than as text, such as Micrometer's
     * {@code ObservationRegistry}; a factory uses the types it knows and ignores the others.
     *
     * @param type the component's type
     * @param <T> the component's type
     * @return the component, empty when none of this type was given
     */
    public <T> Optional<T> component(Class<T> type) {
        return Optional.ofNullable(components.get(type)).map(type::cast);
    }

    /**
     * These settings with one more component (replacing one of the same type).
     *
     * @param type the component's type
     * @param value the component
     * @param <T> the component's type
     * @return new settings; these are unchanged
     */
    public <T> ProviderSettings withComponent(Class<T> type, T value) {
        Builder b = new Builder();
        b.options.putAll(options);
        b.secrets.putAll(secrets);
        b.components.putAll(components);
        return b.component(type, value).build();
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        options.forEach((k, v) -> shown.put(k, shown(v)));
        return "ProviderSettings[options=" + shown + ", secrets=" + secrets.keySet() + "]";
    }

    /**
     * An option's value as {@link #toString()} shows it: as given, but for the parts of a URL that can hold a secret (its
     * user name and password, its query and fragment), which are starred, and a value with an {@code @} and no scheme
     * ({@code user:password@host}), starred whole. Secrets belong in {@link Builder#secret}, but a value given as an option
     * may hold one all the same, and settings get logged.
     */
    static String shown(String value) {
        int scheme = value.indexOf("://");
        if (scheme < 0) {
            return value.indexOf('@') >= 0 ? "***" : value;
        }
        int from = scheme + 3;
        int end = value.length();
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        // the authority ends at the first '/' after the scheme; the user-info is what comes before its last '@'
        int slash = value.indexOf('/', from);
        int authorityEnd = slash < 0 || slash > end ? end : slash;
        int at = value.lastIndexOf('@', authorityEnd - 1);
        StringBuilder out = new StringBuilder(value.length()).append(value, 0, from);
        if (at >= from) {
            out.append("***");
            out.append(value, at, end);
        } else {
            out.append(value, from, end);
        }
        if (end < value.length()) {
            out.append(value.charAt(end)).append("***");
        }
        return out.toString();
    }

    /** Builds {@link ProviderSettings}. */
    public static final class Builder {
        private final Map<String, String> options = new LinkedHashMap<>();
        private final Map<String, Secret> secrets = new LinkedHashMap<>();
        private final Map<Class<?>, Object> components = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds a component; see {@link ProviderSettings#component(Class)}.
         *
         * @param type the component's type
         * @param value the component; {@code null} removes the one of this type
         * @param <T> the component's type
         * @return this builder
         */
        public <T> Builder component(Class<T> type, @Nullable T value) {
            Objects.requireNonNull(type, "type");
            if (value == null) {
                components.remove(type);
            } else {
                components.put(type, type.cast(value));
            }
            return this;
        }

        /**
         * Sets a plain option.
         *
         * @param name the option's name
         * @param value its value; {@code null} leaves the option unset
         * @return this builder
         */
        public Builder option(String name, @Nullable String value) {
            if (value != null) {
                options.put(Objects.requireNonNull(name, "name"), value);
            }
            return this;
        }

        /**
         * Sets a secret.
         *
         * @param name the secret's name
         * @param value the secret; {@code null} leaves it unset
         * @return this builder
         */
        public Builder secret(String name, @Nullable Secret value) {
            if (value != null) {
                secrets.put(Objects.requireNonNull(name, "name"), value);
            }
            return this;
        }

        /**
         * The settings.
         *
         * @return settings holding what was set so far
         */
        public ProviderSettings build() {
            return new ProviderSettings(this);
        }
    }
}
