package io.contactkit.simulator.internal.bird;

import io.contactkit.domain.Contact;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.simulator.internal.Json;
import io.contactkit.simulator.internal.PathCodec;
import io.contactkit.simulator.internal.PathTemplate;
import io.contactkit.simulator.internal.PathVariables;
import io.contactkit.simulator.internal.Problems;
import io.contactkit.simulator.internal.RouteTable;
import io.contactkit.simulator.internal.SimRequest;
import io.contactkit.simulator.internal.SimResponse;
import io.contactkit.simulator.internal.SimServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Bird's Contacts API over one {@link io.contactkit.domain.ContactBook} per workspace. A request
 * passes the credential check, then the workspace check (a UUID the credential may use), then has
 * its body parsed, and then goes to the endpoint its method and path select in the route table
 * ({@code search} and {@code identifiers} are contact ids too for the methods their own routes lack).
 * Every endpoint works in memory under the workspace's monitor and returns; nothing blocks.
 */
public final class BirdApi implements Function<SimRequest, SimResponse>, SimServer.Clocked {

    private static final PathTemplate IN_WORKSPACE = PathTemplate.of("/workspaces/{workspace}/*/**");
    private static final PathTemplate UNDER_CONTACT = PathTemplate.of("/workspaces/{workspace}/contacts/{id}/**");

    private final byte[] authorization;
    private final String scheme;
    private final Set<String> workspaces;
    private final Clock clock;
    private final ConcurrentHashMap<String, BirdWorkspace> state = new ConcurrentHashMap<>();
    private final RouteTable<BirdCall> routes;

    /**
     * @param scheme           {@code AccessKey} or {@code Bearer}: the only scheme accepted
     * @param credential       the only key or token accepted in {@code Authorization: <scheme> <credential>}
     * @param workspaces       the workspaces the credential may use (UUIDs); empty: any
     * @param upsertAnswers200 answer every successful identifier upsert with 200, the one answer Bird's page documents,
     *                         instead of 201 for a creation
     */
    public BirdApi(String scheme, String credential, Set<String> workspaces, List<BirdDefinition> customDefinitions, Clock clock,
                   boolean upsertAnswers200) {
        this.scheme = scheme;
        this.authorization = (scheme + " " + credential).getBytes(StandardCharsets.UTF_8);
        this.workspaces = Set.copyOf(workspaces);
        this.clock = clock;
        IdentifierPolicy policy = IdentifierPolicy.defaults();
        BirdReader read = new BirdReader(policy);
        BirdContacts contacts = new BirdContacts(read, policy, clock, upsertAnswers200);
        BirdIdentifiers identifiers = new BirdIdentifiers(read, policy, clock);
        BirdDefinitions definitions = new BirdDefinitions(customDefinitions);
        String ws = "/workspaces/{workspace}";
        this.routes = new RouteTable<BirdCall>(BirdApi::noRoute, BirdErrors::notAllowed)
                .on("POST", ws + "/contacts", objectBody(contacts::create))
                .on("GET", ws + "/contacts", contacts::list)
                .on("POST", ws + "/contacts/search", contacts::search)
                .on("PATCH", ws + "/contacts/identifiers/{key}/{value}", objectBody(contacts::upsert))
                .on("GET", ws + "/contacts/identifiers/{key}/{value}", identifiers::lookupRefused)
                .on("GET", ws + "/contacts/{id}", contacts::get)
                .on("PATCH", ws + "/contacts/{id}", objectBody(contacts::update))
                .on("DELETE", ws + "/contacts/{id}", contacts::delete)
                .on("POST", ws + "/contacts/{id}/identifiers", BirdIdentifiers.ofContact(identifiers::add))
                .on("GET", ws + "/contacts/{id}/identifiers", BirdIdentifiers.ofContact(identifiers::list))
                .on("DELETE", ws + "/contacts/{id}/identifiers", BirdIdentifiers.ofContact(identifiers::remove))
                .on("GET", ws + "/attribute-definitions", definitions::list)
                .on("GET", ws + "/attribute-definitions/{key}", definitions::get)
                .refuse(ws + "/attribute-definitions/{key}/*/**")
                // a contact id that does not decode names no contact, whatever the method
                .check("id", raw -> PathCodec.decode(raw) == null ? BirdErrors.notFound(raw) : null);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** A consistent copy of a workspace's contacts, in creation order. */
    public List<Contact> contacts(String workspace) {
        BirdWorkspace ws = workspace(workspace);
        synchronized (ws) {
            return ws.book.contacts();
        }
    }

    @Override
    public SimResponse apply(SimRequest r) {
        String auth = r.header("Authorization");
        if (auth == null || !MessageDigest.isEqual(authorization, auth.strip().getBytes(StandardCharsets.UTF_8))) {
            return BirdErrors.unauthorized(scheme);
        }
        PathVariables prefix = IN_WORKSPACE.match(r.segments());
        if (prefix == null) {
            return BirdErrors.noSuchEndpoint(r);
        }
        String wsId = prefix.decoded("workspace");
        if (wsId != null && !BirdReader.UUID_TEXT.matcher(wsId).matches()) {
            return BirdErrors.invalid(new Problems().add("workspaceId", "must be a UUID"));
        }
        if (wsId == null || (!workspaces.isEmpty() && !workspaces.contains(wsId))) {
            return BirdErrors.forbiddenWorkspace();
        }
        BirdWorkspace ws = workspace(wsId);
        JsonNode body;
        try {
            body = Json.parse(r.body());
        } catch (Json.Malformed e) {
            return BirdErrors.invalid(new Problems().add("body", e.getMessage()));
        }
        synchronized (ws) {
            return routes.dispatch(r, new BirdCall(r, ws, body));
        }
    }

    /** The handler, for a body that is a JSON object; 422 for any other. */
    private static RouteTable.Handler<BirdCall> objectBody(RouteTable.Handler<BirdCall> handler) {
        return (call, path) -> call.body().isObject() ? handler.handle(call, path)
                : BirdErrors.invalid(new Problems().add("body", "must be a JSON object"));
    }

    /** No endpoint: a contact id that does not decode names no contact, on any path under it; else no such endpoint. */
    private static SimResponse noRoute(SimRequest r) {
        PathVariables underContact = UNDER_CONTACT.match(r.segments());
        if (underContact != null && underContact.decoded("id") == null) {
            return BirdErrors.notFound(underContact.raw("id"));
        }
        return BirdErrors.noSuchEndpoint(r);
    }

    private BirdWorkspace workspace(String id) {
        return state.computeIfAbsent(id, BirdWorkspace::new);
    }
}
