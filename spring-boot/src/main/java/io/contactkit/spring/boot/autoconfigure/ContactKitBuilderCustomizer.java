package io.contactkit.spring.boot.autoconfigure;

import io.contactkit.api.ContactKit;

/**
 * Customizes the {@link ContactKit.Builder} of the auto-configured {@link ContactKit} bean (retry
 * policy, clock, ...), after the {@code contactkit.*} properties and the provider are applied. Every
 * such bean is applied, in {@code @Order}.
 */
@FunctionalInterface
public interface ContactKitBuilderCustomizer {

    /**
     * Changes the builder before the bean is built.
     *
     * @param builder the builder, with the properties and the provider already applied
     */
    void customize(ContactKit.Builder builder);
}
