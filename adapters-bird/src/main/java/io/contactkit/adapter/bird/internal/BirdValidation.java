package io.contactkit.adapter.bird.internal;

import io.contactkit.adapter.bird.BirdWriteOptions;
import io.contactkit.adapter.http.JsonSupport;
import io.contactkit.adapter.http.PathSegments;
import io.contactkit.domain.AttributeChange;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.PhoneCheck;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.Violation;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.UnsupportedCapabilityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import io.vavr.control.Validation;
import org.jspecify.annotations.Nullable;

/**
 * Bird's documented request rules, checked before anything is sent. Each check adds to a list so a
 * request reports every problem at once.
 */
public final class BirdValidation {

    public static final int MAX_DISPLAY_NAME = 150;
    public static final int MAX_PATH_KEY = 250;
    public static final int MAX_PATH_VALUE = 500;
    public static final int MAX_BODY_KEY = 64;
    public static final int MAX_BODY_VALUE = 500;
    public static final int MAX_PROPERTY_KEY = 64;
    public static final int MAX_MEMBERSHIP_IDS = 10;
    public static final int MAX_PAGE_SIZE = 100;
    public static final int MAX_PAGE_TOKEN = ListQuery.MAX_TOKEN_LENGTH;
    public static final int MAX_ID_LENGTH = 128;
    /** Identifier keys Bird mirrors into read-only attributes. */
    public static final Set<String> READ_ONLY_ATTRIBUTES = Set.of(Identifier.EMAIL, Identifier.PHONE);

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern PROPERTY_KEY = Pattern.compile("[A-Za-z0-9]{1," + MAX_PROPERTY_KEY + "}");
    /** Canonical form only, not validity: a number of a test range is canonical if it is E.164. */
    private static final IdentifierPolicy CANONICAL = IdentifierPolicy.builder().phoneCheck(PhoneCheck.POSSIBLE).build();

    private final String provider;

    public BirdValidation(String provider) {
        this.provider = provider;
    }

    /** What Bird cannot do at all: the {@code merge} strategy, owners, languages; {@code null} when it can. Nothing is sent. */
    public @Nullable UnsupportedCapabilityException unsupported(UpsertCommand command) {
        if (command.strategy() == Strategy.MERGE) {
            return new UnsupportedCapabilityException(provider, "strategy:merge",
                    "Bird applies strict_alias, first_alias and first; merge is a deduplication strategy it does not have");
        }
        if (command.owner().isPresent()) {
            return new UnsupportedCapabilityException(provider, "owner", "Bird contacts have no owner field");
        }
        if (command.language().isPresent()) {
            return new UnsupportedCapabilityException(provider, "language", "Bird contacts have no language field");
        }
        return null;
    }

    /** Both Bird pages type {@code workspaceId} as {@code string · uuid}. */
    public void workspace(String workspace, List<Violation> problems) {
        if (workspace == null || !UUID.matcher(workspace).matches()) {
            problems.add(Violation.of("workspace", "invalid_uuid", "Bird's workspaceId is a UUID, got '" + abbreviate(workspace) + "'"));
        }
    }

    public void contactId(String contactId, List<Violation> problems) {
        id("contactId", contactId, problems);
    }

    private static void id(String field, String value, List<Violation> problems) {
        if (value == null || value.isBlank() || value.length() > MAX_ID_LENGTH || unsendable(value)) {
            problems.add(Violation.of(field, "invalid_id", field + " must be 1-" + MAX_ID_LENGTH + " characters without control characters or lone surrogates"));
        }
    }

    /** The identifier upsert: a primary identifier for the path, the rest of the patch body. */
    public void upsert(UpsertCommand command, BirdWriteOptions options, List<Violation> problems) {
        Optional<Identifier> primary = command.primaryIdentifier();
        if (primary.isEmpty()) {
            problems.add(Violation.of("identifiers", "missing_identifier",
                    "an upsert needs at least one identifier: the first goes into the request path"));
        } else {
            pathIdentifier(primary.get(), problems);
        }
        patch(command, options, problems);
    }

    /** The update by id: the same body as the upsert. */
    public void update(UpsertCommand command, BirdWriteOptions options, List<Violation> problems) {
        patch(command, options, problems);
    }

    /**
     * The plain create: a display name (given or derived), identifiers, attributes, memberships. What a
     * create cannot do is a violation, never silently dropped: removing attributes, identifiers, lists
     * or accounts (a new contact has none), and memberships given both as the command's additions and
     * as {@code listIds}/{@code accountIds} (the create body has one field for each).
     */
    public void create(UpsertCommand command, BirdWriteOptions options, String displayName, List<Violation> problems) {
        command.attributes().forEach((name, change) -> {
            if (!(change instanceof AttributeChange.Set)) {
                problems.add(Violation.of("attributes." + name, "not_applicable", "a created contact has no attribute " + name + " to remove"));
            }
        });
        if (!command.removeIdentifiers().isEmpty()) {
            problems.add(Violation.of("removeIdentifiers", "not_applicable", "a created contact has no identifier to remove"));
        }
        if (!command.removeFromLists().isEmpty()) {
            problems.add(Violation.of("removeFromLists", "not_applicable", "a created contact is in no list to leave"));
        }
        if (!command.removeFromAccounts().isEmpty()) {
            problems.add(Violation.of("removeFromAccounts", "not_applicable", "a created contact is in no account to leave"));
        }
        if (options.listIds().isPresent() && !command.addToLists().isEmpty()) {
            problems.add(Violation.of("listIds", "conflicting_lists",
                    "a create takes its lists once: as the command's addToLists or as listIds, not both"));
        }
        if (options.accountIds().isPresent() && !command.addToAccounts().isEmpty()) {
            problems.add(Violation.of("accountIds", "conflicting_accounts",
                    "a create takes its accounts once: as the command's addToAccounts or as accountIds, not both"));
        }
        if (displayName == null) {
            problems.add(Violation.of("displayName", "missing_display_name",
                    "a created contact needs a display name: give a displayName or firstName attribute, an emailaddress or a phonenumber"));
        } else if (displayName.isBlank() || displayName.length() > MAX_DISPLAY_NAME) {
            problems.add(Violation.of("displayName", "out_of_range", "displayName must be 1-" + MAX_DISPLAY_NAME + " characters"));
        }
        identifiers("identifiers", command.identifiers(), options, problems);
        attributes(command.attributes(), problems);
        createIds("listIds", options.listIds().orElse(command.addToLists()), options.listIds().isPresent(), problems);
        createIds("accountIds", options.accountIds().orElse(command.addToAccounts()), options.accountIds().isPresent(), problems);
        companyRefs(options, problems);
        BirdExtraProperties.check(options.otherProperties(), BirdExtraProperties.CREATE_FIELDS, problems);
    }

    /**
     * The create page types {@code listIds} and {@code accountIds} as {@code string[]} of 1-10 items,
     * with no UUID format (unlike the upsert page). An explicitly given empty list breaks the minimum
     * and is refused; ids from the command's additions are sent only when there are some.
     */
    private static void createIds(String field, List<String> ids, boolean explicit, List<Violation> problems) {
        if (explicit && ids.isEmpty()) {
            problems.add(Violation.of(field, "too_few", field + " holds 1-" + MAX_MEMBERSHIP_IDS + " ids on a create; leave it out for none"));
        }
        if (ids.size() > MAX_MEMBERSHIP_IDS) {
            problems.add(Violation.of(field, "too_many", ids.size() + " ids; Bird takes at most " + MAX_MEMBERSHIP_IDS));
        }
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH || unsendable(id)) {
                problems.add(Violation.of(field + "[" + i + "]", "invalid_id",
                        "a " + field + " item must be 1-" + MAX_ID_LENGTH + " characters without control characters, got '" + abbreviate(id) + "'"));
            }
        }
    }

    private void patch(UpsertCommand command, BirdWriteOptions options, List<Violation> problems) {
        identifiers("identifiers", command.identifiers(), options, problems);
        identifiers("removeIdentifiers", command.removeIdentifiers(), BirdWriteOptions.none(), problems);
        attributes(command.attributes(), problems);
        memberships("addToLists", command.addToLists(), problems);
        memberships("removeFromLists", command.removeFromLists(), problems);
        memberships("addToAccounts", command.addToAccounts(), problems);
        memberships("removeFromAccounts", command.removeFromAccounts(), problems);
        replacement("listIds", options.listIds().orElse(null), 0, problems);
        replacement("accountIds", options.accountIds().orElse(null), 1, problems);
        if (options.companyRefs().isPresent()) {
            problems.add(Violation.of("companyRefs", "not_applicable", "companyRefs can only be given when creating a contact"));
        }
        BirdExtraProperties.check(options.otherProperties(), BirdExtraProperties.PATCH_FIELDS, problems);
        if (options.displayName().isPresent()) {
            problems.add(Violation.of("displayName", "not_applicable",
                    "an explicit displayName is for creates; set the displayName attribute instead"));
        }
    }

    /** Bird's path parameters: {@code identifierKey} 1-250, {@code identifierValue} 1-500. */
    public void pathIdentifier(Identifier id, List<Violation> problems) {
        if (id.key().isEmpty() || id.key().length() > MAX_PATH_KEY) {
            problems.add(Violation.of("identifierKey", "out_of_range", "identifierKey must be 1-" + MAX_PATH_KEY + " characters"));
        }
        if (id.value().isEmpty() || id.value().length() > MAX_PATH_VALUE) {
            problems.add(Violation.of("identifierValue", "out_of_range", "identifierValue must be 1-" + MAX_PATH_VALUE + " characters"));
        }
    }

    /**
     * A path identifier given as text: {@code identifierKey} 1-250 and {@code identifierValue} 1-500
     * characters, as the page says, and (contactkit's rule) neither with control characters or lone
     * surrogates, which could not reach Bird unchanged.
     */
    public void pathText(String key, String value, List<Violation> problems) {
        if (key == null || key.isEmpty() || key.length() > MAX_PATH_KEY || unsendable(key)) {
            problems.add(Violation.of("identifierKey", "out_of_range", "identifierKey must be 1-" + MAX_PATH_KEY
                    + " characters without control characters or lone surrogates"));
        }
        if (value == null || value.isEmpty() || value.length() > MAX_PATH_VALUE || unsendable(value)) {
            problems.add(Violation.of("identifierValue", "out_of_range", "identifierValue must be 1-" + MAX_PATH_VALUE
                    + " characters without control characters or lone surrogates"));
        }
    }

    /** An identifier in a body: {@code key} 1-64, {@code value} 1-500, property keys 1-64 letters or digits. */
    public void bodyIdentifier(String field, Identifier id, Map<String, AttributeValue> properties, List<Violation> problems) {
        if (!Identifier.isValidKey(id.key()) || id.key().length() > MAX_BODY_KEY) {
            problems.add(Violation.of(field + ".key", "invalid_key", "identifier key must be 1-" + MAX_BODY_KEY + " letters, digits, '_' or '-'"));
        }
        if (id.value().isEmpty() || id.value().length() > MAX_BODY_VALUE || unsendable(id.value())) {
            problems.add(Violation.of(field + ".value", "out_of_range",
                    "identifier value must be 1-" + MAX_BODY_VALUE + " characters without control characters or lone surrogates"));
        }
        properties.forEach((key, value) -> {
            if (!JsonSupport.isSendable(value)) {
                problems.add(outOfRangeNumber(field + ".properties." + key));
            }
        });
        for (String key : properties.keySet()) {
            if (key == null || !PROPERTY_KEY.matcher(key).matches()) {
                problems.add(Violation.of(field + ".properties", "invalid_key",
                        "property keys must be 1-" + MAX_PROPERTY_KEY + " letters or digits, got '" + abbreviate(key) + "'"));
            }
        }
    }

    /**
     * An identifier given as an object rather than through a command (search, addIdentifier,
     * removeIdentifier): Bird's rules, and its value must already be canonical by the domain's
     * normalization (e-mail addresses trimmed and lower case, phone numbers in E.164, other values
     * trimmed), since Bird matches values exactly and a non-canonical one would never match.
     */
    public void givenIdentifier(String field, Identifier id, Map<String, AttributeValue> properties, List<Violation> problems) {
        bodyIdentifier(field, id, properties, problems);
        if (!Identifier.isValidKey(id.key()) || id.value().isEmpty()) {
            return;
        }
        Validation<Violation, Identifier> canonical = CANONICAL.normalize(id.key(), id.value());
        if (canonical.isInvalid()) {
            problems.add(canonical.getError().under(field));
        } else if (!canonical.get().value().equals(id.value())) {
            problems.add(Violation.of(field + ".value", "not_canonical", id.key() + " '" + abbreviate(id.value())
                    + "' is not in canonical form; give '" + abbreviate(canonical.get().value()) + "'"));
        }
    }

    private void identifiers(String field, List<Identifier> ids, BirdWriteOptions options, List<Violation> problems) {
        for (int i = 0; i < ids.size(); i++) {
            bodyIdentifier(field + "[" + i + "]", ids.get(i), options.propertiesOf(ids.get(i)), problems);
        }
    }

    private static void attributes(Map<String, AttributeChange> attributes, List<Violation> problems) {
        for (Map.Entry<String, AttributeChange> e : attributes.entrySet()) {
            String name = e.getKey();
            if (READ_ONLY_ATTRIBUTES.contains(name)) {
                problems.add(Violation.of("attributes." + name, "read_only",
                        name + " is a read-only attribute that mirrors identifiers: add or remove " + name + " identifiers instead"));
            }
            if (e.getValue() instanceof AttributeChange.Set set && !JsonSupport.isSendable(set.value())) {
                problems.add(outOfRangeNumber("attributes." + name));
            }
        }
    }

    private static Violation outOfRangeNumber(String field) {
        return Violation.of(field, "out_of_range", "a number's decimal exponent must be within +/-" + JsonSupport.MAX_NUMBER_SCALE);
    }

    private static void memberships(String field, List<String> ids, List<Violation> problems) {
        if (ids.size() > MAX_MEMBERSHIP_IDS) {
            problems.add(Violation.of(field, "too_many", ids.size() + " ids; Bird takes at most " + MAX_MEMBERSHIP_IDS));
        }
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id == null || !UUID.matcher(id).matches()) {
                problems.add(Violation.of(field + "[" + i + "]", "invalid_uuid", "Bird list and account ids are UUIDs, got '" + abbreviate(id) + "'"));
            }
        }
    }

    /** {@code listIds}/{@code accountIds}: replace the memberships; {@code null} when not replacing. */
    private static void replacement(String field, List<String> ids, int min, List<Violation> problems) {
        if (ids == null) {
            return;
        }
        if (ids.size() < min) {
            problems.add(Violation.of(field, "too_few", field + " needs at least " + min + " id"));
        }
        memberships(field, ids, problems);
    }

    private static void companyRefs(BirdWriteOptions options, List<Violation> problems) {
        List<String> refs = options.companyRefs().orElse(List.of());
        for (int i = 0; i < refs.size(); i++) {
            String ref = refs.get(i);
            if (ref == null || ref.isBlank() || ref.length() > MAX_ID_LENGTH || unsendable(ref)) {
                problems.add(Violation.of("companyRefs[" + i + "]", "invalid_id", "a company reference must be 1-" + MAX_ID_LENGTH + " characters"));
            }
        }
    }

    /** Bird's paging: {@code limit} 1-100, {@code pageToken} at most 8000 characters; no owner or text filters. */
    public List<Violation> page(ListQuery query) {
        List<Violation> problems = new ArrayList<>();
        query.pageSize().filter(s -> s < 1 || s > MAX_PAGE_SIZE).ifPresent(s ->
                problems.add(Violation.of("pageSize", "out_of_range", "Bird serves 1-" + MAX_PAGE_SIZE + " items per page, got " + s)));
        query.pageToken().filter(t -> t.isEmpty() || t.length() > MAX_PAGE_TOKEN).ifPresent(t ->
                problems.add(Violation.of("pageToken", "out_of_range", "pageToken must be 1-" + MAX_PAGE_TOKEN + " characters")));
        return problems;
    }

    /** What Bird's listings cannot filter by: owner and text; {@code null} when it can. */
    public @Nullable UnsupportedCapabilityException unsupported(ListQuery query) {
        if (query.owner().isPresent()) {
            return new UnsupportedCapabilityException(provider, "list:owner", "Bird cannot filter contacts by owner");
        }
        if (query.search().isPresent()) {
            return new UnsupportedCapabilityException(provider, "list:search",
                    "Bird cannot filter its contact list by text; search by identifier instead");
        }
        return null;
    }

    /**
     * Text that cannot be sent as given: a control character, or a lone surrogate (not valid Unicode;
     * UTF-8 would replace it, so Bird would receive another value).
     */
    public static boolean unsendable(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return !PathSegments.isWellFormed(s);
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
