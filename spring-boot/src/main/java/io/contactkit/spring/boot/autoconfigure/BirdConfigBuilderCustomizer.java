package io.contactkit.spring.boot.autoconfigure;

import io.contactkit.adapter.bird.BirdConfig;

/**
 * Customizes the {@link BirdConfig.Builder} of the auto-configured Bird client, after the
 * {@code contactkit.bird.*} properties are applied. Every such bean is applied, in {@code @Order}.
 */
@FunctionalInterface
public interface BirdConfigBuilderCustomizer {

    /**
     * Changes the builder before the bean is built.
     *
     * @param builder the builder, with the properties already applied
     */
    void customize(BirdConfig.Builder builder);
}
