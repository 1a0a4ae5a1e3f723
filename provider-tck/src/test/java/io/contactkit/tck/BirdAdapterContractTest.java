package io.contactkit.tck;

import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import io.contactkit.simulator.BirdSimulator;

/** The kit against the Bird adapter talking to the Bird simulator. */
class BirdAdapterContractTest extends ProviderContractTest {

    private static final String KEY = "tck-bird-access-key";
    private static final String WORKSPACE = "b4e02c85-c6d2-4b15-8885-e09671799c61";

    @Override
    protected ContractSubject subject() {
        BirdSimulator bird = BirdSimulator.builder().accessKey(KEY).workspace(WORKSPACE).start();
        return ContractSubject.builder(Providers.create("bird", settings(bird, KEY)), WORKSPACE)
                .badCredentials(() -> Providers.create("bird", settings(bird, "not-the-key")))
                .requestCounter(bird::requestCount)
                .secrets(KEY, "not-the-key")
                .onClose(bird::close)
                .build();
    }

    private static ProviderSettings settings(BirdSimulator bird, String key) {
        return ProviderSettings.builder()
                .option("baseUrl", bird.baseUrl())
                .option("allowInsecureHttp", "true")
                .option("responseTimeout", "PT5S")
                .secret("accessKey", Secret.of(key))
                .build();
    }
}
