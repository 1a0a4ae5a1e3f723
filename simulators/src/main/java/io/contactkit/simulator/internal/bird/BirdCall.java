package io.contactkit.simulator.internal.bird;

import io.contactkit.simulator.internal.SimRequest;
import tools.jackson.databind.JsonNode;

/** One request to a Bird endpoint, its workspace resolved and its body parsed (an empty body: an empty object). */
record BirdCall(SimRequest request, BirdWorkspace ws, JsonNode body) {
}
