package io.contactkit.ports;

/**
 * Makes providers; registered in {@code META-INF/services/io.contactkit.ports.ProviderFactory} so the
 * facade can discover providers by id through {@link java.util.ServiceLoader}.
 */
public interface ProviderFactory {

    /** The id users name the provider by: {@code memory}, {@code bird}, {@code bridge}, ... */
    String id();

    /**
     * A new provider. The caller owns it and closes it.
     *
     * @throws IllegalArgumentException when the settings are invalid (the message names no secret)
     */
    ContactProvider create(ProviderSettings settings);
}
