package io.contactkit.simulator.internal.bridge;

import static io.contactkit.simulator.internal.bridge.BridgeErrors.invalidQuery;
import static io.contactkit.simulator.internal.bridge.BridgeFields.EMAIL;
import static io.contactkit.simulator.internal.bridge.BridgeFields.FIRST_NAME;
import static io.contactkit.simulator.internal.bridge.BridgeFields.LAST_NAME;
import static io.contactkit.simulator.internal.bridge.BridgeFields.text;

import io.contactkit.domain.ClassificationRules;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.simulator.CustomAttribute;
import io.contactkit.simulator.internal.Json;
import io.contactkit.simulator.internal.PathVariables;
import io.contactkit.simulator.internal.Problems;
import io.contactkit.simulator.internal.SimRequest;
import io.contactkit.simulator.internal.SimResponse;
import io.contactkit.simulator.internal.Tokens;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Bridge's listings: both generations' contact lists, the custom attribute settings and the health check. */
final class BridgeListings {

    private final IdentifierPolicy policy;
    private final List<CustomAttribute> settings;
    private final boolean snakeCaseSettings;
    private final Supplier<ClassificationRules> rules;
    private final Clock clock;

    BridgeListings(IdentifierPolicy policy, List<CustomAttribute> settings, boolean snakeCaseSettings, Supplier<ClassificationRules> rules,
                   Clock clock) {
        this.policy = policy;
        this.settings = settings;
        this.snakeCaseSettings = snakeCaseSettings;
        this.rules = rules;
        this.clock = clock;
    }

    /** {@code GET /bridge/api/health}. */
    SimResponse health(BridgeCall call, PathVariables path) {
        return SimResponse.of(200, Json.object().put("status", "ok"));
    }

    /** {@code GET .../contacts} of the newer API: cursor pages, filtered by owner e-mail and a search text. */
    SimResponse cursorList(BridgeCall call, PathVariables path) {
        SimRequest r = call.request();
        ContactBook book = call.book();
        Problems problems = new Problems();
        int limit = BridgeReader.intParam(r, "limit", 20, 1, 100, problems);
        long from = 0;
        String cursor = r.queryParam("cursor");
        if (cursor != null && (from = Tokens.decode('c', cursor)) < 0) {
            problems.add("cursor", "invalid cursor");
        }
        if (!problems.isEmpty()) {
            return invalidQuery(problems);
        }
        String owner = r.queryParam("ownerEmail");
        String search = r.queryParam("search");
        ObjectNode out = Json.object();
        ArrayNode contacts = out.putArray("contacts");
        long next = book.size() == 0 ? -1 : from;
        int found = 0;
        while (next >= 0 && found < limit) {
            ContactBook.Slice slice = book.slice(next, 1);
            next = slice.next();
            for (Contact c : slice.contacts()) {
                if (matches(c, owner, search)) {
                    contacts.add(BridgeWriter.connect(c, rules.get()));
                    found++;
                }
            }
        }
        if (next >= 0) {
            out.put("cursor", Tokens.encode('c', next));
        } else {
            out.putNull("cursor");
        }
        return SimResponse.of(200, out);
    }

    /** {@code GET .../settings/attributes}: the custom attribute settings, filtered by category, archival and requirement. */
    SimResponse settings(BridgeCall call, PathVariables path) {
        SimRequest r = call.request();
        Problems problems = new Problems();
        String category = r.queryParam("category");
        if (category != null && !category.equals("OPEN") && !category.equals("CLOSED")) {
            problems.add("category", "must be OPEN or CLOSED");
        }
        Boolean archived = BridgeReader.boolParam(r, "includeArchived", problems);
        Boolean required = BridgeReader.boolParam(r, "isRequired", problems);
        if (!problems.isEmpty()) {
            return invalidQuery(problems);
        }
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray(snakeCaseSettings ? "custom_attributes" : "customAttributes");
        for (CustomAttribute a : settings) {
            if ((category != null && !a.category().name().equals(category))
                    || (!Boolean.TRUE.equals(archived) && a.archived(clock.instant()))
                    || (required != null && a.isRequired() != required)) {
                continue;
            }
            BridgeWriter.setting(items, a);
        }
        return SimResponse.of(200, out);
    }

    /** {@code GET /v1/.../contacts} of the older API: numbered pages, filtered by owner and a search text. */
    SimResponse pagedList(BridgeCall call, PathVariables path) {
        SimRequest r = call.request();
        ContactBook book = call.book();
        Problems problems = new Problems();
        int page = BridgeReader.intParam(r, "page", 1, 1, Integer.MAX_VALUE, problems);
        int limit = BridgeReader.intParam(r, "limit", 20, 10, 100, problems);
        String owner = r.queryParam("ownerId");
        if (owner != null && policy.normalize(Identifier.EMAIL, owner).isInvalid()) {
            problems.add("ownerId", "must be an e-mail address (string<email>)");
        }
        if (!problems.isEmpty()) {
            return invalidQuery(problems);
        }
        String search = r.queryParam("search");
        List<Contact> matching = new ArrayList<>();
        for (Contact c : book.contacts()) {
            if (matches(c, owner, search)) {
                matching.add(c);
            }
        }
        ObjectNode out = Json.object();
        ArrayNode contacts = out.putArray("contacts");
        long start = (long) (page - 1) * limit;
        for (long i = start; i < Math.min(matching.size(), start + limit); i++) {
            contacts.add(BridgeWriter.legacy(matching.get((int) i)));
        }
        ObjectNode pagination = out.putObject("pagination");
        pagination.put("page", page);
        pagination.put("limit", limit);
        pagination.put("total", matching.size());
        pagination.put("totalPages", (matching.size() + limit - 1) / limit);
        return SimResponse.of(200, out);
    }

    private static boolean matches(Contact c, String owner, String search) {
        if (owner != null && !c.owner().map(o -> o.equalsIgnoreCase(owner.strip())).orElse(false)) {
            return false;
        }
        if (search == null || search.isBlank()) {
            return true;
        }
        String needle = search.strip().toLowerCase(Locale.ROOT);
        String name = (text(c, FIRST_NAME) + " " + text(c, LAST_NAME)).strip().toLowerCase(Locale.ROOT);
        String email = text(c, EMAIL).toLowerCase(Locale.ROOT);
        String phone = c.firstIdentifier(Identifier.PHONE).map(Identifier::value).orElse("");
        return name.contains(needle) || email.contains(needle) || phone.contains(needle);
    }
}
