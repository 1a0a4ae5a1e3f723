package io.contactkit.api;

import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ProviderFactory;
import io.contactkit.ports.ProviderSettings;
import java.util.concurrent.atomic.AtomicReference;

/** A provider discovered by id that keeps the settings its factory was given, so tests can see what the kit hands over. */
public final class ObservedTestFactory implements ProviderFactory {

    static final AtomicReference<ProviderSettings> LAST = new AtomicReference<>();

    @Override
    public String id() {
        return "observed-test";
    }

    @Override
    public ContactProvider create(ProviderSettings settings) {
        LAST.set(settings);
        return new TestProvider();
    }
}
