package io.contactkit.adapter.bridge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.contactkit.adapter.http.HttpRequest;
import io.contactkit.adapter.http.PathTemplates;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every request Bridge's adapter builds, in both API generations, has a template. */
class BridgePathTemplatesTest {

    private static final byte[] BODY = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @Test
    void everyRequestMatchesATemplateThatKeepsOnlyTheWorkspaceAndContactIds() {
        List<HttpRequest> requests = List.of(
                BridgeRequests.upsert("ws-1", BODY),
                BridgeRequests.get("ws-1", "c-1"),
                BridgeRequests.update("ws-1", "c-1", BODY),
                BridgeRequests.cursorList("ws-1", "owner@example.com", "jane", 10, "cursor"),
                BridgeRequests.attributeSettings("ws-1"),
                BridgeRequests.create("ws-1", BODY),
                BridgeRequests.legacyUpdate("ws-1", "c-1", BODY),
                BridgeRequests.delete("ws-1", "c-1"),
                BridgeRequests.pagedList("ws-1", "owner-1", "jane", 2, 10));
        for (HttpRequest r : requests) {
            PathTemplates.Route route = BridgePathTemplates.ALL.match(r.path());
            assertFalse(route.template().equals(PathTemplates.UNMATCHED), r.name() + " " + r.path());
            assertEquals("ws-1", route.workspaceId(), r.name());
            assertFalse(route.template().contains("ws-1") || route.template().contains("c-1"));
        }
        assertEquals("/bridge/api/health", BridgePathTemplates.ALL.match(BridgeRequests.health().path()).template());
        assertEquals("/bridge/api/v1/workspaces/{workspaceId}/contacts/partial",
                BridgePathTemplates.ALL.match(BridgeRequests.upsert("ws-1", BODY).path()).template());
        assertEquals("c-1", BridgePathTemplates.ALL.match(BridgeRequests.delete("ws-1", "c-1").path()).contactId());
    }
}
