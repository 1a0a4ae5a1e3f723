package io.contactkit.adapter.bird.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.contactkit.adapter.http.HttpRequest;
import io.contactkit.adapter.http.PathTemplates;
import io.contactkit.domain.Identifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every request Bird's adapter builds has a template, so no log line or metric tag carries a value from its path. */
class BirdPathTemplatesTest {

    private static final byte[] BODY = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @Test
    void everyRequestMatchesATemplateThatKeepsOnlyTheWorkspaceAndContactIds() {
        List<HttpRequest> requests = List.of(
                BirdRequests.create("ws-1", BODY),
                BirdRequests.upsert("ws-1", Identifier.of("emailaddress", "jane@example.com"), BODY),
                BirdRequests.get("ws-1", "c-1", List.of("email")),
                BirdRequests.update("ws-1", "c-1", BODY),
                BirdRequests.delete("ws-1", "c-1"),
                BirdRequests.list("ws-1", 10, "token", true),
                BirdRequests.search("ws-1", BODY),
                BirdRequests.addIdentifier("ws-1", "c-1", BODY),
                BirdRequests.listIdentifiers("ws-1", "c-1", 10, null),
                BirdRequests.removeIdentifier("ws-1", "c-1", BODY),
                BirdRequests.definitions("ws-1", 10, null),
                BirdRequests.definition("ws-1", "email"));
        for (HttpRequest r : requests) {
            PathTemplates.Route route = BirdPathTemplates.ALL.match(r.path());
            assertFalse(route.template().equals(PathTemplates.UNMATCHED), r.name() + " " + r.path());
            assertEquals("ws-1", route.workspaceId(), r.name());
            assertFalse(route.template().contains("jane") || route.template().contains("ws-1") || route.template().contains("c-1"));
        }
        assertEquals("/workspaces/{workspaceId}/contacts/search", BirdPathTemplates.ALL.match(BirdRequests.search("ws-1", BODY).path()).template());
        assertEquals("c-1", BirdPathTemplates.ALL.match(BirdRequests.get("ws-1", "c-1", List.of()).path()).contactId());
        PathTemplates.Route upsert = BirdPathTemplates.ALL.match(
                BirdRequests.upsert("ws-1", Identifier.of("emailaddress", "jane@example.com"), BODY).path());
        assertEquals("/workspaces/{workspaceId}/contacts/identifiers/{identifierKey}/{identifierValue}", upsert.template());
        assertNull(upsert.contactId());
    }
}
