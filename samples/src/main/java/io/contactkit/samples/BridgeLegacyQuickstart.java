package io.contactkit.samples;

import io.contactkit.adapter.bridge.BridgeApiGeneration;
import io.contactkit.adapter.bridge.BridgeConfig;
import io.contactkit.adapter.bridge.BridgeContactsClient;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.Secret;
import java.time.Duration;

public final class BridgeLegacyQuickstart {

    public static void main(String[] args) {
        String workspaceId = System.getenv().getOrDefault("BRIDGE_LEGACY_WORKSPACE", "ws_abc123");  // the older API's opaque ids
        try (BridgeContactsClient legacy = new BridgeContactsClient(BridgeConfig.builder()
                .api(BridgeApiGeneration.LEGACY)
                .apiKey(Secret.of(System.getenv("BRIDGE_API_KEY")))
                .signingSecret(Secret.of(System.getenv("BRIDGE_SIGNING_SECRET")))
                .baseUrl(System.getenv().getOrDefault("BRIDGE_BASE_URL", "https://api.bridge.new"))
                .build())) {
            UpsertCommand command = UpsertCommand.builder()
                    .identifier("phonenumber", "+12125550143")              // the cellphone, firstName and lastName: all required
                    .set("firstName", "Noah").set("lastName", "Wilson")
                    .build(IdentifierPolicy.defaults())
                    .toEither()
                    .getOrElseThrow(problems -> new IllegalArgumentException(problems.mkString("; ")));
            legacy.create(workspaceId, command)                            // POST /v1/workspaces/{ws}/contacts
                .doOnNext(contact -> System.out.println("created " + contact.id()))
                .thenMany(legacy.list(workspaceId, ListQuery.builder().pageSize(50).build()))   // 10-100 per page
                .take(120)                                                 // one page per demand; cancelling stops the requests
                .doOnNext(contact -> System.out.println(contact.id() + " " + contact.displayName().orElse("")))
                .blockLast(Duration.ofMinutes(1));                         // wait before close() disposes the pool
        }
    }
}
