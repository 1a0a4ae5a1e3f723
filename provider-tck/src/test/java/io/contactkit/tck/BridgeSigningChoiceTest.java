package io.contactkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contactkit.ports.AuthenticationException;
import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.Secret;
import io.contactkit.simulator.BridgeSimulator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Bridge's page does not say whether the signed {@code REQUEST_PATH} includes the query string: the
 * adapter signs the path alone by default and the path with its query when configured, and the
 * simulator verifies whichever it is configured with. A listing (which has a query) succeeds exactly
 * when both agree.
 */
class BridgeSigningChoiceTest {

    private static final String KEY = "signing-choice-key";
    private static final String SECRET = "signing-choice-secret";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aListingSucceedsExactlyWhenClientAndServerSignTheSamePath() {
        for (boolean serverWithQuery : new boolean[] {false, true}) {
            try (BridgeSimulator bridge = BridgeSimulator.builder().apiKey(KEY).signingSecret(SECRET).signsQueryString(serverWithQuery).start()) {
                for (Boolean clientWithQuery : new Boolean[] {null, false, true}) {
                    boolean agree = serverWithQuery == Boolean.TRUE.equals(clientWithQuery);
                    try (ContactProvider legacy = Providers.create("bridge", settings(bridge, clientWithQuery))) {
                        if (agree) {
                            assertEquals(0, legacy.list("ws_signing", ListQuery.builder().pageSize(10).build()).collectList().block(WAIT).size());
                        } else {
                            assertThrows(AuthenticationException.class,
                                    () -> legacy.list("ws_signing", ListQuery.builder().pageSize(10).build()).collectList().block(WAIT));
                        }
                    }
                }
            }
        }
    }

    private static ProviderSettings settings(BridgeSimulator bridge, Boolean withQuery) {
        ProviderSettings.Builder b = ProviderSettings.builder()
                .option("api", "legacy")
                .option("baseUrl", bridge.baseUrl())
                .option("allowInsecureHttp", "true")
                .secret("apiKey", Secret.of(KEY))
                .secret("signingSecret", Secret.of(SECRET));
        if (withQuery != null) {
            b.option("signQueryString", withQuery.toString());
        }
        return b.build();
    }
}
