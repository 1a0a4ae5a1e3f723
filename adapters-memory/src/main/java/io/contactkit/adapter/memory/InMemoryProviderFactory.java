package io.contactkit.adapter.memory;

import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ProviderFactory;
import io.contactkit.ports.ProviderSettings;
import java.util.Set;

/** Discovers the in-memory provider under the id {@code memory}. It takes no settings and refuses any. */
public final class InMemoryProviderFactory implements ProviderFactory {

    @Override
    public String id() {
        return InMemoryContactProvider.ID;
    }

    @Override
    public ContactProvider create(ProviderSettings settings) {
        settings.requireKnownNames(InMemoryContactProvider.ID, Set.of(), Set.of());
        return new InMemoryContactProvider();
    }
}
