package io.contactkit.ports;

/**
 * Makes providers; registered in {@code META-INF/services/io.contactkit.ports.ProviderFactory} so the
 * facade can discover providers by id through {@link java.util.ServiceLoader}.
 */
public interface ProviderFactory {

    /**
     * The id users name the provider by.
     *
     * @return {@code memory}, {@code bird}, {@code bridge}, ...
     */
    String id();

    /**
     * A new provider. The caller owns it and closes it. A factory refuses option and secret names it
     * does not read ({@link ProviderSettings#requireKnownNames}), so a misspelled setting fails
     * instead of silently leaving a default (such as a production base URL) in place.
     *
     * @param settings the options and secrets
     * @return the provider
     * @throws IllegalArgumentException when the settings are invalid or name an unknown setting (the
     *         message names no secret's value)
     */
    ContactProvider create(ProviderSettings settings);
}
