package io.contactkit.samples;

import io.contactkit.adapter.bird.BirdProviderFactory;
import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import io.contactkit.simulator.BirdSimulator;
import io.contactkit.tck.ContractSubject;
import io.contactkit.tck.ProviderContractTest;

class BirdProviderContractTest extends ProviderContractTest {

    private static final String WORKSPACE = "6f1c0b7e-2d54-4c1a-9b1e-3f5a6c7d8e90";

    @Override
    protected ContractSubject subject() {                    // called before every test, closed after it
        BirdSimulator server = BirdSimulator.builder()       // a sandbox, a stub or a simulator
                .accessKey("test-key").workspace(WORKSPACE).start();
        return ContractSubject.builder(new BirdProviderFactory().create(settings(server, "test-key")), WORKSPACE)
                .badCredentials(() -> new BirdProviderFactory().create(settings(server, "wrong-key")))
                .requestCounter(server::requestCount)         // enables the one-page-per-demand and nothing-sent checks
                .secrets("test-key", "wrong-key")             // checked never to appear in an error message
                .onClose(server::close)
                .build();
    }

    private static ProviderSettings settings(BirdSimulator server, String key) {
        return ProviderSettings.builder()
                .option("baseUrl", server.baseUrl())          // plain http: accepted for loopback hosts
                .option("responseTimeout", "PT5S")
                .secret("accessKey", Secret.of(key))
                .build();
    }
}
