package io.contactkit.adapter.postgres;

import io.contactkit.tck.ContractSubject;
import io.contactkit.tck.ProviderContractTest;

/** The provider compatibility kit against the PostgreSQL store, one workspace per test in a shared schema. */
class PostgresProviderContractTest extends ProviderContractTest {

    private static final PostgresSettings SETTINGS = TestDatabase.freshSchema().toBuilder().poolInitialSize(1).poolMaxSize(4).build();

    @Override
    protected ContractSubject subject() {
        return ContractSubject.builder(new PostgresContactProvider(SETTINGS), TestDatabase.workspace()).build();
    }
}
