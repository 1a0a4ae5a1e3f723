package io.contactkit.tck;

import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import io.contactkit.simulator.BirdSimulator;
import org.junit.jupiter.api.Nested;

/**
 * The kit against the Bird adapter talking to the Bird simulator, in both of the simulator's modes:
 * answering the identifier upsert with 201 for a creation, and answering every upsert with 200 as
 * Bird's upsert page documents it, where the adapter tells created from updated by the answer itself.
 * The second mode authenticates with a Bearer access token, the first with an access key.
 */
class BirdAdapterContractTest {

    private static final String KEY = "tck-bird-access-key";
    private static final String WORKSPACE = "b4e02c85-c6d2-4b15-8885-e09671799c61";

    /** Creations answered 201; {@code Authorization: AccessKey}. */
    @Nested
    class Answering201 extends ProviderContractTest {
        @Override
        protected ContractSubject subject() {
            return subjectFor(false, "accessKey");
        }
    }

    /** Every upsert answered 200, as documented; {@code Authorization: Bearer}. */
    @Nested
    class Answering200AsDocumented extends ProviderContractTest {
        @Override
        protected ContractSubject subject() {
            return subjectFor(true, "accessToken");
        }
    }

    private static ContractSubject subjectFor(boolean upsertAnswers200, String credential) {
        BirdSimulator.Builder b = BirdSimulator.builder().workspace(WORKSPACE).upsertAnswers200(upsertAnswers200);
        BirdSimulator bird = (credential.equals("accessKey") ? b.accessKey(KEY) : b.accessToken(KEY)).start();
        return ContractSubject.builder(Providers.create("bird", settings(bird, credential, KEY)), WORKSPACE)
                .badCredentials(() -> Providers.create("bird", settings(bird, credential, "not-the-key")))
                .requestCounter(bird::requestCount)
                .secrets(KEY, "not-the-key")
                .onClose(bird::close)
                .build();
    }

    private static ProviderSettings settings(BirdSimulator bird, String credential, String key) {
        return ProviderSettings.builder()
                .option("baseUrl", bird.baseUrl())
                .option("allowInsecureHttp", "true")
                .option("responseTimeout", "PT5S")
                .secret(credential, Secret.of(key))
                .build();
    }
}
