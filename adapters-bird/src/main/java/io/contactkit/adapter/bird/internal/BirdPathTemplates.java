package io.contactkit.adapter.bird.internal;

import io.contactkit.adapter.http.PathTemplates;

/** Bird's endpoints (those {@link BirdRequests} builds) as templates, so logs and observations name paths without their values. */
public final class BirdPathTemplates {

    public static final PathTemplates ALL = PathTemplates.of(
            "/workspaces/{workspaceId}/contacts",
            "/workspaces/{workspaceId}/contacts/search",
            "/workspaces/{workspaceId}/contacts/{contactId}",
            "/workspaces/{workspaceId}/contacts/{contactId}/identifiers",
            "/workspaces/{workspaceId}/contacts/identifiers/{identifierKey}/{identifierValue}",
            "/workspaces/{workspaceId}/attribute-definitions",
            "/workspaces/{workspaceId}/attribute-definitions/{key}");

    private BirdPathTemplates() {
    }
}
