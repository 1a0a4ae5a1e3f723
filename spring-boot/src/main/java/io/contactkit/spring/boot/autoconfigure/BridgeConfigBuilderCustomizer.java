package io.contactkit.spring.boot.autoconfigure;

import io.contactkit.adapter.bridge.BridgeConfig;

/**
 * Customizes the {@link BridgeConfig.Builder} of the auto-configured Bridge client, after the
 * {@code contactkit.bridge.*} properties are applied. Every such bean is applied, in {@code @Order}.
 */
@FunctionalInterface
public interface BridgeConfigBuilderCustomizer {

    /**
     * Changes the builder before the bean is built.
     *
     * @param builder the builder, with the properties already applied
     */
    void customize(BridgeConfig.Builder builder);
}
