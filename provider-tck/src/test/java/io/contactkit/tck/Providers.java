package io.contactkit.tck;

import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ProviderFactory;
import io.contactkit.ports.ProviderSettings;
import java.util.ServiceLoader;

/** Finds providers the way the facade does: by id, through {@link ServiceLoader}. */
final class Providers {

    private Providers() {
    }

    static ContactProvider create(String id, ProviderSettings settings) {
        for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class)) {
            if (f.id().equals(id)) {
                return f.create(settings);
            }
        }
        throw new IllegalStateException("no provider factory registered for " + id);
    }
}
