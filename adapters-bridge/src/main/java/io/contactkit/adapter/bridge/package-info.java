/**
 * The Bridge adapter, both API generations: {@link io.contactkit.adapter.bridge.BridgeContactsClient}
 * (the {@code bridge} provider, Bridge's custom-attribute settings and the classification prediction),
 * {@link io.contactkit.adapter.bridge.BridgeConfig} and its discovery through
 * {@link io.contactkit.adapter.bridge.BridgeProviderFactory}. The client of each API generation, the
 * checks before sending, the body writers and the wire formats stay in the {@code internal} package.
 */
package io.contactkit.adapter.bridge;
