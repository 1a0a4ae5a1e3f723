package io.contactkit.tck;

import io.contactkit.adapter.memory.InMemoryContactProvider;

/** The kit against the embedded in-memory provider. */
class InMemoryProviderContractTest extends ProviderContractTest {

    @Override
    protected ContractSubject subject() {
        return ContractSubject.builder(new InMemoryContactProvider(), "tck-workspace").build();
    }
}
