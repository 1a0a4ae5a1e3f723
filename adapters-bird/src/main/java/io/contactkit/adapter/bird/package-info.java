/**
 * The Bird Contacts API adapter: {@link io.contactkit.adapter.bird.BirdContactsClient} (the
 * {@code bird} provider and Bird's own identifier and attribute-definition endpoints),
 * {@link io.contactkit.adapter.bird.BirdConfig} and its discovery through
 * {@link io.contactkit.adapter.bird.BirdProviderFactory}. Wire formats stay in the {@code internal} package.
 */
package io.contactkit.adapter.bird;
