package io.contactkit.simulator.internal.bridge;

import io.contactkit.domain.ContactBook;
import io.contactkit.simulator.internal.Json;
import io.contactkit.simulator.internal.SimRequest;
import tools.jackson.databind.JsonNode;

/** One request to a Bridge endpoint and its workspace's contacts ({@code null} outside a workspace). */
final class BridgeCall {

    private final SimRequest request;
    private final ContactBook book;
    private JsonNode body;

    BridgeCall(SimRequest request, ContactBook book) {
        this.request = request;
        this.book = book;
    }

    SimRequest request() {
        return request;
    }

    ContactBook book() {
        return book;
    }

    /**
     * The body as JSON, parsed once, when an endpoint reads it (an empty body: an empty object).
     *
     * @throws Json.Malformed when it is not JSON
     */
    JsonNode body() {
        if (body == null) {
            body = Json.parse(request.body());
        }
        return body;
    }
}
