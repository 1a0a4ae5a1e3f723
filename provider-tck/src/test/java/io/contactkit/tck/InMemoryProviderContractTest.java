package io.contactkit.tck;

import io.contactkit.ports.ProviderSettings;

/** The kit against the embedded in-memory provider, found by its id like the facade finds it. */
class InMemoryProviderContractTest extends ProviderContractTest {

    @Override
    protected ContractSubject subject() {
        return ContractSubject.builder(Providers.create("memory", ProviderSettings.empty()), "tck-workspace").build();
    }
}
