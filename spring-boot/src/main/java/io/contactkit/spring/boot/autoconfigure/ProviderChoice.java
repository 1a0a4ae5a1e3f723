package io.contactkit.spring.boot.autoconfigure;

import io.contactkit.api.ContactKit;
import io.contactkit.api.UnknownProviderException;
import io.contactkit.ports.ContactProvider;
import java.util.List;
import java.util.Locale;

/** Which provider the auto-configured {@link ContactKit} uses. */
final class ProviderChoice {

    private ProviderChoice() {
    }

    /**
     * The provider {@code contactkit.provider} names among the provider beans, else a provider found
     * through {@link java.util.ServiceLoader} that needs no settings (such as {@code memory}); without
     * {@code contactkit.provider}, the only provider bean.
     *
     * @throws IllegalStateException when the choice is missing or names a provider that is not configured
     */
    static void apply(String wanted, List<ContactProvider> beans, ContactKit.Builder builder) {
        List<String> configured = beans.stream().map(ContactProvider::id).sorted().toList();
        if (wanted == null || wanted.isBlank()) {
            if (beans.size() != 1) {
                throw new IllegalStateException("Several contact providers are configured " + configured
                        + ": set contactkit.provider to the one the ContactKit bean uses");
            }
            builder.provider(beans.get(0));
            return;
        }
        String id = wanted.strip().toLowerCase(Locale.ROOT);
        for (ContactProvider p : beans) {
            if (p.id().equals(id)) {
                builder.provider(p);
                return;
            }
        }
        String credential = switch (id) {
            case "bird" -> "contactkit.bird.access-key (or contactkit.bird.access-token)";
            case "bridge" -> "contactkit.bridge.api-key";
            case "postgres" -> "contactkit.postgres.url (and contactkit-adapter-postgres on the class path)";
            default -> null;
        };
        if (credential != null) {
            throw new IllegalStateException("contactkit.provider is " + id + " but that provider is not configured: set "
                    + credential + " (configured: " + configured + ")");
        }
        builder.provider(id);
    }

    /**
     * The failure for a provider id no factory offers: one that names {@code contactkit.provider} when the property asked
     * for it (a customizer may have asked instead).
     */
    static RuntimeException unknown(String wanted, UnknownProviderException e) {
        if (wanted != null && wanted.strip().toLowerCase(Locale.ROOT).equals(e.requestedId())) {
            return new IllegalStateException("contactkit.provider names no provider: " + e.getMessage(), e);
        }
        return e;
    }
}
