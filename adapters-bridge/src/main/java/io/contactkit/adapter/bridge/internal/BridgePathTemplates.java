package io.contactkit.adapter.bridge.internal;

import io.contactkit.adapter.http.PathTemplates;

/** Bridge's endpoints of both generations (those {@link BridgeRequests} builds) as templates, so logs and observations name paths without their values. */
public final class BridgePathTemplates {

    public static final PathTemplates ALL = PathTemplates.of(
            "/bridge/api/v1/workspaces/{workspaceId}/contacts",
            "/bridge/api/v1/workspaces/{workspaceId}/contacts/partial",
            "/bridge/api/v1/workspaces/{workspaceId}/contacts/{contactId}",
            "/bridge/api/v1/workspaces/{workspaceId}/settings/attributes",
            "/bridge/api/health",
            "/v1/workspaces/{workspaceId}/contacts",
            "/v1/workspaces/{workspaceId}/contacts/{contactId}");

    private BridgePathTemplates() {
    }
}
