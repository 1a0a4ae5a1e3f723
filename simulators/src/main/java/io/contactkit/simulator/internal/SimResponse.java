package io.contactkit.simulator.internal;

import tools.jackson.databind.JsonNode;

/** A simulator's answer: a status and a JSON body ({@code null} for none). */
public record SimResponse(int status, JsonNode body) {

    public static SimResponse of(int status, JsonNode body) {
        return new SimResponse(status, body);
    }

    public static SimResponse noContent() {
        return new SimResponse(204, null);
    }
}
