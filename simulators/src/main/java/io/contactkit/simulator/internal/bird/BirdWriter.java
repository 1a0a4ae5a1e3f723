package io.contactkit.simulator.internal.bird;

import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.simulator.internal.Json;
import io.contactkit.simulator.internal.Tokens;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Bird's JSON for contacts, identifiers and token pages. */
final class BirdWriter {

    /** The identifier keys Bird mirrors into read-only attributes. */
    static final Set<String> READ_ONLY = Set.of(Identifier.EMAIL, Identifier.PHONE);

    private BirdWriter() {
    }

    static ObjectNode contact(BirdWorkspace ws, Contact c) {
        ObjectNode o = Json.object();
        o.put("id", c.id());
        c.displayName().ifPresent(n -> o.put("computedDisplayName", n));
        o.put("createdAt", Json.timestamp(c.createdAt()));
        o.put("updatedAt", Json.timestamp(c.updatedAt()));
        o.put("workspaceId", c.workspace());
        ArrayNode featured = o.putArray("featuredIdentifiers");
        for (Identifier i : c.identifiers()) {
            featured.addObject().put("key", i.key()).put("value", i.value());
        }
        ObjectNode attributes = o.putObject("attributes");
        c.attributes().forEach((k, v) -> attributes.set(k, Json.value(v)));
        for (String mirrored : READ_ONLY) {
            ArrayNode values = Json.array();
            c.identifiers().stream().filter(i -> i.key().equals(mirrored)).forEach(i -> values.add(i.value()));
            if (!values.isEmpty()) {
                attributes.set(mirrored, values);
            }
        }
        o.put("identifierCount", c.identifiers().size());
        ArrayNode accounts = o.putArray("accountIds");
        c.accounts().forEach(accounts::add);
        ArrayNode lists = o.putArray("listIds");
        c.lists().forEach(lists::add);
        ArrayNode companies = o.putArray("companyRefs");
        ws.companyRefs.getOrDefault(c.id(), List.of()).forEach(companies::add);
        o.put("isAnonymous", c.isAnonymous());
        return o;
    }

    static ObjectNode identifier(BirdWorkspace ws, Identifier id) {
        ObjectNode o = Json.object();
        o.put("key", id.key());
        o.put("value", id.value());
        JsonNode props = ws.properties.get(id);
        if (props != null) {
            o.set("properties", props);
        }
        return o;
    }

    /** {@code {results, nextPageToken}} for {@code limit} items of {@code all} from {@code from}, the token of kind {@code kind}. */
    static <T> ObjectNode page(List<T> all, long from, int limit, char kind, Function<T, JsonNode> json) {
        ObjectNode out = Json.object();
        ArrayNode results = out.putArray("results");
        long end = Math.min(all.size(), from + limit);
        for (long i = from; i < end; i++) {
            results.add(json.apply(all.get((int) i)));
        }
        nextPageToken(out, end < all.size() ? end : -1, kind);
        return out;
    }

    /** {@code nextPageToken}: a token for {@code next}, or null when {@code next} is negative (the last page). */
    static void nextPageToken(ObjectNode out, long next, char kind) {
        if (next >= 0) {
            out.put("nextPageToken", Tokens.encode(kind, next));
        } else {
            out.putNull("nextPageToken");
        }
    }
}
