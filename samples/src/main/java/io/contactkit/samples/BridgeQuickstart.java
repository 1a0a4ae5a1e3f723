package io.contactkit.samples;

import io.contactkit.adapter.bridge.BridgeConfig;
import io.contactkit.adapter.bridge.BridgeContactsClient;
import io.contactkit.domain.Classification;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Secret;
import java.time.Duration;

public final class BridgeQuickstart {

    public static void main(String[] args) {
        String workspaceId = System.getenv("BRIDGE_WORKSPACE");             // a UUID: the newer API takes no other ids
        try (BridgeContactsClient bridge = new BridgeContactsClient(BridgeConfig.builder()
                .apiKey(Secret.of(System.getenv("BRIDGE_API_KEY")))         // sent as "x-api-key"; never printed
                .baseUrl(System.getenv().getOrDefault("BRIDGE_BASE_URL", "https://api-connect-us.bridge.new"))
                .build())) {
            UpsertCommand command = UpsertCommand.builder()
                    .identifier("phonenumber", "+14084029292")             // required: Bridge keys contacts on the E.164 cellphone
                    .set("email", "maria@acme.com")                        // Bridge's plain email field (not an identifier)
                    .set("firstName", "Maria").set("lastName", "Lopez")
                    .set("company", "Acme")                                // a custom attribute, looked up by keyName (OPEN or CLOSED)
                    .language("EN")                                        // ES or EN, any case
                    .build(IdentifierPolicy.defaults())
                    .toEither()
                    .getOrElseThrow(problems -> new IllegalArgumentException(problems.mkString("; ")));
            bridge.predictClassification(workspaceId, command)             // as a new contact, from exactly what the upsert sends;
                                                                           // give the current contact to predict an update
                .filter(type -> type == Classification.PARTIAL)
                .doOnNext(type -> System.out.println("will stay PARTIAL"))
                .then(bridge.upsert(workspaceId, command))                 // POST .../contacts/partial
                .doOnNext(result -> System.out.println(result.status() + " " + result.providerClassification()  // Bridge's own type
                        + " " + result.warnings()))                        // attributes the workspace lacks, identifiers Bridge cannot hold
                .block(Duration.ofMinutes(1));                             // wait before close() disposes the pool
        }
    }
}
