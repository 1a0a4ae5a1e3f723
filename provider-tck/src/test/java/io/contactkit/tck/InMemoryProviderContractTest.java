package io.contactkit.tck;

import io.contactkit.adapter.memory.InMemoryContactProvider;
import io.contactkit.ports.ProviderSettings;

/**
 * The kit against the embedded in-memory provider, found by its id like the facade finds it; its
 * request count (writes, gets, searches and page reads served) enables the paging and nothing-sent checks.
 */
class InMemoryProviderContractTest extends ProviderContractTest {

    @Override
    protected ContractSubject subject() {
        InMemoryContactProvider memory = (InMemoryContactProvider) Providers.create("memory", ProviderSettings.empty());
        return ContractSubject.builder(memory, "tck-workspace").requestCounter(memory::requestCount).build();
    }
}
