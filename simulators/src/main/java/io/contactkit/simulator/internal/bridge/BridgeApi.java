package io.contactkit.simulator.internal.bridge;

import io.contactkit.domain.ClassificationRules;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.simulator.CustomAttribute;
import io.contactkit.simulator.internal.Ids;
import io.contactkit.simulator.internal.Json;
import io.contactkit.simulator.internal.PathTemplate;
import io.contactkit.simulator.internal.PathVariables;
import io.contactkit.simulator.internal.Problems;
import io.contactkit.simulator.internal.RouteTable;
import io.contactkit.simulator.internal.SimRequest;
import io.contactkit.simulator.internal.SimResponse;
import io.contactkit.simulator.internal.SimServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Bridge's two API generations over one {@link ContactBook} per workspace: the newer Contacts API
 * ({@code /bridge/api/v1/...}, {@code x-api-key}) and the older inbound CRUD API ({@code /v1/...},
 * {@code X-API-Key} plus an HMAC-SHA256 request signature). Both see the same contacts. A contact is
 * stored with its cellphone as a {@code phonenumber} identifier, names and e-mail as attributes,
 * custom attributes under their key names, and the owner and language as the contact's own fields.
 * A request passes its generation's credential check, then the workspace check, and then goes to
 * the endpoint its method and path select in the route table. Every endpoint works in memory under
 * the workspace's monitor and returns; nothing blocks.
 */
public final class BridgeApi implements Function<SimRequest, SimResponse>, SimServer.Clocked {

    /** Everything under {@code /bridge/api/} needs the newer API's key. */
    private static final PathTemplate KEYED = PathTemplate.of("/bridge/api/*/**");
    private static final PathTemplate CONNECT_WORKSPACE = PathTemplate.of("/bridge/api/v1/workspaces/{workspace}/*/**");
    private static final PathTemplate LEGACY_WORKSPACE = PathTemplate.of("/v1/workspaces/{workspace}/contacts/**");

    private final BridgeAuth auth;
    private final Set<String> workspaces;
    private final List<CustomAttribute> settings;
    private final Clock clock;
    private final ConcurrentHashMap<String, ContactBook> books = new ConcurrentHashMap<>();
    private final RouteTable<BridgeCall> routes;

    /**
     * @param signingSecret    the older API's signing secret; {@code null} refuses every older-API request
     * @param workspaces       the workspaces the key may use; empty: any
     * @param upsertAnswers200 answer every successful upsert with 200, as Bridge documents it, instead of 201 for a creation
     */
    public BridgeApi(String apiKey, String signingSecret, Set<String> workspaces, List<CustomAttribute> settings,
                     boolean snakeCaseSettings, boolean upsertAnswers200, Clock clock, boolean signsQueryString) {
        this.auth = new BridgeAuth(apiKey, signingSecret, clock, signsQueryString);
        this.workspaces = Set.copyOf(workspaces);
        this.settings = List.copyOf(settings);
        this.clock = clock;
        IdentifierPolicy policy = IdentifierPolicy.defaults();
        BridgeContacts contacts = new BridgeContacts(new BridgeReader(policy, this.settings, clock), policy, this::rules, clock,
                upsertAnswers200);
        BridgeListings listings = new BridgeListings(policy, this.settings, snakeCaseSettings, this::rules, clock);
        String connect = "/bridge/api/v1/workspaces/{workspace}";
        String legacy = "/v1/workspaces/{workspace}";
        this.routes = new RouteTable<BridgeCall>(BridgeErrors::noSuchEndpoint, BridgeErrors::notAllowed)
                .on("GET", "/bridge/api/health", listings::health)
                .on("GET", connect + "/settings/attributes", listings::settings)
                .on("GET", connect + "/contacts", listings::cursorList)
                .on("POST", connect + "/contacts/partial", objectBody(contacts::partialUpsert))
                .refuse(connect + "/contacts/partial")
                .on("GET", connect + "/contacts/{contactId}", contacts::get)
                .on("PATCH", connect + "/contacts/{contactId}", objectBody(contacts::update))
                .on("POST", legacy + "/contacts", objectBody(contacts::legacyCreate))
                .on("GET", legacy + "/contacts", listings::pagedList)
                .on("PATCH", legacy + "/contacts/{id}", objectBody(contacts::legacyUpdate))
                .on("DELETE", legacy + "/contacts/{id}", contacts::legacyDelete)
                // the newer API types contactId a UUID (seeds 000 and 001): FastAPI refuses anything else first
                .check("contactId", raw -> BridgeErrors.uuidPath("contactId", raw));
    }

    /** The handler, for a body that is a JSON object; 422 for any other. */
    private static RouteTable.Handler<BridgeCall> objectBody(RouteTable.Handler<BridgeCall> handler) {
        return (call, path) -> call.body().isObject() ? handler.handle(call, path)
                : BridgeErrors.invalid(new Problems().add("body", "must be a JSON object"));
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** The rule behind {@code type}: required custom attributes that are not archived. */
    public ClassificationRules rules() {
        List<String> required = new ArrayList<>();
        for (CustomAttribute a : settings) {
            if (a.isRequired() && !a.archived(clock.instant())) {
                required.add(a.keyName());
            }
        }
        return ClassificationRules.requiring(required);
    }

    /** A consistent copy of a workspace's contacts, in creation order. */
    public List<Contact> contacts(String workspace) {
        ContactBook book = book(workspace);
        synchronized (book) {
            return book.contacts();
        }
    }

    private ContactBook book(String workspace) {
        return books.computeIfAbsent(workspace, ws -> new ContactBook(ws, Ids::uuid));
    }

    @Override
    public SimResponse apply(SimRequest r) {
        try {
            return route(r);
        } catch (Json.Malformed e) {
            return BridgeErrors.invalid(new Problems().add("body", "JSON decode error"));
        }
    }

    private SimResponse route(SimRequest r) {
        if (KEYED.match(r.segments()) != null) {
            if (!auth.keyMatches(r.header("x-api-key"))) {
                return BridgeErrors.unauthorized();
            }
            PathVariables inWorkspace = CONNECT_WORKSPACE.match(r.segments());
            if (inWorkspace == null) {
                return routes.dispatch(r, new BridgeCall(r, null));
            }
            SimResponse notUuid = BridgeErrors.uuidPath("workspaceId", inWorkspace.raw("workspace"));
            return notUuid != null ? notUuid : inWorkspace(r, inWorkspace);
        }
        PathVariables legacy = LEGACY_WORKSPACE.match(r.segments());
        if (legacy != null) {
            SimResponse refused = auth.checkSignature(r);
            return refused != null ? refused : inWorkspace(r, legacy);
        }
        return BridgeErrors.noSuchEndpoint(r);
    }

    /** The endpoint's answer within a workspace the key may use, under the workspace's monitor; 403 for any other. */
    private SimResponse inWorkspace(SimRequest r, PathVariables path) {
        String ws = path.decoded("workspace");
        if (ws == null || (!workspaces.isEmpty() && !workspaces.contains(ws))) {
            return BridgeErrors.forbiddenWorkspace();
        }
        ContactBook book = book(ws);
        synchronized (book) {
            return routes.dispatch(r, new BridgeCall(r, book));
        }
    }
}
