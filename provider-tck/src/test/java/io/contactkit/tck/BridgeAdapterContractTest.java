package io.contactkit.tck;

import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import io.contactkit.simulator.BridgeSimulator;
import io.contactkit.simulator.CustomAttribute;
import org.junit.jupiter.api.Nested;

/**
 * The kit against the Bridge adapter talking to the Bridge simulator, once per API generation: the
 * newer Contacts API (cellphone upsert, get, update, cursor list) and the older signed inbound API
 * (create, update, delete, page-numbered list with 10-100 contacts per page). The newer API runs twice:
 * with the simulator answering 201 for a creation, and answering every upsert with 200 as Bridge
 * documents it, where the adapter tells created from updated by the answer itself.
 */
class BridgeAdapterContractTest {

    private static final String KEY = "tck-bridge-api-key";
    private static final String SECRET = "tck-bridge-signing-secret";
    private static final String WORKSPACE = "5f0c7e2a-9b1d-4c3e-8f6a-2d4b6c8e0a13";

    /** The newer Contacts API. */
    @Nested
    class Connect extends ProviderContractTest {
        @Override
        protected ContractSubject subject() {
            return subjectFor("connect", 1, false);
        }
    }

    /** The newer Contacts API, every upsert answered 200. */
    @Nested
    class ConnectAnswering200 extends ProviderContractTest {
        @Override
        protected ContractSubject subject() {
            return subjectFor("connect", 1, true);
        }
    }

    /** The older inbound API, every request signed. */
    @Nested
    class Legacy extends ProviderContractTest {
        @Override
        protected ContractSubject subject() {
            return subjectFor("legacy", 10, false);
        }
    }

    private static ContractSubject subjectFor(String api, int minPageSize, boolean upsertAnswers200) {
        BridgeSimulator bridge = BridgeSimulator.builder().apiKey(KEY).signingSecret(SECRET).workspace(WORKSPACE)
                .customAttribute(CustomAttribute.open("company"))
                .upsertAnswers200(upsertAnswers200)
                .start();
        return ContractSubject.builder(Providers.create("bridge", settings(bridge, api, KEY)), WORKSPACE)
                .badCredentials(() -> Providers.create("bridge", settings(bridge, api, "not-the-key")))
                .requestCounter(bridge::requestCount)
                .minPageSize(minPageSize)
                .secrets(KEY, SECRET, "not-the-key")
                .onClose(bridge::close)
                .build();
    }

    private static ProviderSettings settings(BridgeSimulator bridge, String api, String key) {
        return ProviderSettings.builder()
                .option("api", api)
                .option("baseUrl", bridge.baseUrl())
                .option("allowInsecureHttp", "true")
                .option("responseTimeout", "PT5S")
                .secret("apiKey", Secret.of(key))
                .secret("signingSecret", Secret.of(SECRET))
                .build();
    }
}
