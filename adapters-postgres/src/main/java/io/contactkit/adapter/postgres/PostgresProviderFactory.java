package io.contactkit.adapter.postgres;

import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ProviderFactory;
import io.contactkit.ports.ProviderSettings;

/**
 * Discovers the PostgreSQL store under the id {@code postgres}. Settings: see {@link PostgresSettings#from};
 * the URL comes as the secret {@code url} (it may hold the password).
 */
public final class PostgresProviderFactory implements ProviderFactory {

    @Override
    public String id() {
        return PostgresContactProvider.ID;
    }

    @Override
    public ContactProvider create(ProviderSettings settings) {
        return new PostgresContactProvider(PostgresSettings.from(settings));
    }
}
