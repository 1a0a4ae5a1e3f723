package io.contactkit.adapter.memory;

import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ProviderFactory;
import io.contactkit.ports.ProviderSettings;

/** Discovers the in-memory provider under the id {@code memory}. It takes no settings. */
public final class InMemoryProviderFactory implements ProviderFactory {

    @Override
    public String id() {
        return InMemoryContactProvider.ID;
    }

    @Override
    public ContactProvider create(ProviderSettings settings) {
        return new InMemoryContactProvider();
    }
}
