package io.contactkit.adapter.postgres.internal;

import io.contactkit.domain.AttributeChange;
import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactView;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.SkippedIdentifier;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.TextChange;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.ValueStamps;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON of what the store keeps: contact state, commands and decisions. Numbers inside attribute values
 * are written as strings (exact, whatever their scale); the only JSON numbers are log sequences.
 */
public final class Codec {

    // buffers recycled per thread: a deduplication run writes three documents per record on one thread, and the default
    // pool (a concurrent deque) cost a few per cent of the run's CPU in taking and returning them
    private static final JsonFactory FACTORY = JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build();
    private static final JsonMapper MAPPER = JsonMapper.builder(FACTORY).build();
    /** For {@link Documents}: documents one after the other with nothing between them. */
    private static final JsonFactory CONSECUTIVE = JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool())
            .rootValueSeparator((String) null).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static {
        // builds the mapper's (de)serializers now: their caches take a lock the first time, which must
        // not happen concurrently on event-loop threads
        state(state(new ContactState(List.of(Identifier.of("k", "v")), Map.of("a", new ContactState.Stamp(AttributeValue.of(1), 1)),
                List.of("l"), List.of(), null, null)));
    }

    private Codec() {
    }

    /** Initializes the mapper on the calling thread. */
    public static void warmUp() {
        // the static initializer did the work
    }

    /** A document as text. */
    private static String text(int size, Consumer<JsonGenerator> body) {
        StringWriter out = new StringWriter(size);
        // streamed by the factory's own generator: a mapper's would build a serialization context per document, unused here
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.accept(g);
        }
        return out.toString();
    }

    /** A document in UTF-8, the same text as {@link #text}. */
    private static void bytes(OutputStream out, Consumer<JsonGenerator> body) {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.accept(g);
        }
    }

    /**
     * One generator for many documents written to the same stream, each flushed to it whole as soon as
     * written (the same text as the static methods give): for a deduplication run, which writes a few
     * documents per record, instead of a generator (and its contexts) per document. Not thread-safe.
     */
    public static final class Documents {

        private final JsonGenerator g;

        /** @param out where every document goes, each as soon as written */
        public Documents(OutputStream out) {
            g = CONSECUTIVE.createGenerator(out);
        }

        /** Writes a command's JSON, as {@link Codec#command(UpsertCommand, OutputStream)}. */
        public void command(UpsertCommand c) {
            Codec.command(g, c);
            g.flush();
        }

        /** Writes a decision's compact JSON, as {@link Codec#audit(AuditEntry, List, List, UpsertCommand, String, OutputStream)}. */
        public void audit(AuditEntry a, List<Identifier> removed, List<Identifier> ignored, UpsertCommand command, String contactId) {
            Codec.audit(g, a, removed, ignored, command.identifiers(), contactId);
            g.flush();
        }

        /** Writes a contact's state, as {@link Codec#state(ContactState, OutputStream)}. */
        public void state(ContactState s) {
            Codec.state(g, s);
            g.flush();
        }

        /**
         * Writes the state of the contact a view is at (nothing merged into it), read in place, without building the
         * contact: the same text as {@link #state(ContactState)} of {@link Codec#stateOf(Contact, ValueStamps, int, LongUnaryOperator)}
         * of that contact, its stamps and its count of merges.
         * The view's identifier cursor is not used: the contact's identifiers are given, in order.
         *
         * @param v      the view, at the contact
         * @param keys   the keys of the contact's identifiers, in the first {@code n} places
         * @param values their values
         * @param n      how many identifiers
         * @param merges the contacts it has absorbed, as the engine counts them for the rules' cap ({@code ContactBook.mergeCount})
         * @param seqOf  the log sequence of a command's number
         */
        public void state(ContactView v, String[] keys, String[] values, int n, int merges, LongUnaryOperator seqOf) {
            Codec.state(g, v, keys, values, n, merges, seqOf);
            g.flush();
        }
    }

    // ---- contact state ------------------------------------------------------------------------

    public static String state(ContactState s) {
        return text(160, g -> state(g, s));
    }

    /** The state's JSON in UTF-8, the same text as {@link #state(ContactState)}: straight into a {@code COPY} column. */
    public static void state(ContactState s, OutputStream out) {
        bytes(out, g -> state(g, s));
    }

    // streamed, not built as a tree: a deduplication run writes one per contact
    private static void state(JsonGenerator g, ContactState s) {
        g.writeStartObject();
        g.writeName("i");
        identifiers(g, s.identifiers());
        if (!s.attributes().isEmpty()) {
            g.writeName("a");
            g.writeStartArray();
            for (Map.Entry<String, ContactState.Stamp> e : s.attributes().entrySet()) {
                g.writeStartArray();
                g.writeString(e.getKey());
                value(g, e.getValue().value());
                g.writeNumber(e.getValue().seq());
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        strings(g, "l", s.lists());
        strings(g, "c", s.accounts());
        stamp(g, "o", s.owner());
        stamp(g, "g", s.language());
        merges(g, s.merges());
        g.writeEndObject();
    }

    // "m", only when above zero: the key a split looks for when it starts the counts afresh
    private static void merges(JsonGenerator g, int merges) {
        if (merges > 0) {
            g.writeName("m");
            g.writeNumber(merges);
        }
    }

    /**
     * The state the store keeps for a contact of the engine: its values, each with the log sequence {@code seqOf}
     * gives for the engine's number of the command that last wrote it ({@link ValueStamps}); an attribute the contact no
     * longer holds keeps its removal; and {@code merges}, the contacts it has absorbed as the engine counts them for the
     * rules' cap on merges per contact ({@code ContactBook.mergeCount}), so that the cap holds in later runs.
     */
    public static ContactState stateOf(Contact c, ValueStamps stamps, int merges, LongUnaryOperator seqOf) {
        Map<String, ContactState.Stamp> attributes = new LinkedHashMap<>();
        stamps.attributes().forEach((name, n) -> attributes.put(name, new ContactState.Stamp(c.attributes().get(name), seqOf.applyAsLong(n))));
        return new ContactState(c.identifiers(), attributes, c.lists(), c.accounts(), stamp(c.owner().orElse(null), stamps.owner(), seqOf),
                stamp(c.language().orElse(null), stamps.language(), seqOf), merges);
    }

    private static ContactState.Stamp stamp(String value, long n, LongUnaryOperator seqOf) {
        return n < 0 ? null : new ContactState.Stamp(value == null ? null : AttributeValue.of(value), seqOf.applyAsLong(n));
    }

    // the text of state(g, stateOf(c, stamps, merges, seqOf)) for the contact a view is at, written from the view itself
    private static void state(JsonGenerator g, ContactView v, String[] keys, String[] values, int n, int merges, LongUnaryOperator seqOf) {
        g.writeStartObject();
        g.writeName("i");
        g.writeStartArray();
        for (int k = 0; k < n; k++) {
            g.writeStartArray();
            g.writeString(keys[k]);
            g.writeString(values[k]);
            g.writeEndArray();
        }
        g.writeEndArray();
        int places = v.attributePlaces();
        if (places > 0) {
            g.writeName("a");
            g.writeStartArray();
            for (int i = 0; i < places; i++) {
                g.writeStartArray();
                g.writeString(v.attributeNameAt(i));
                value(g, v.attributeValueAt(i));
                g.writeNumber(seqOf.applyAsLong(v.attributeStampAt(i)));
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        strings(g, "l", v.lists());
        strings(g, "c", v.accounts());
        textStamp(g, "o", v.owner(), v.ownerStamp(), seqOf);
        textStamp(g, "g", v.language(), v.languageStamp(), seqOf);
        merges(g, merges);
        g.writeEndObject();
    }

    private static void textStamp(JsonGenerator g, String field, String value, long n, LongUnaryOperator seqOf) {
        if (n >= 0) {
            g.writeName(field);
            g.writeStartArray();
            if (value == null) {
                g.writeNull();
            } else {
                g.writeString(value);
            }
            g.writeNumber(seqOf.applyAsLong(n));
            g.writeEndArray();
        }
    }

    public static ContactState state(String json) {
        JsonNode o = MAPPER.readTree(json);
        Map<String, ContactState.Stamp> attributes = new LinkedHashMap<>();
        if (o.has("a")) {
            for (JsonNode e : o.get("a")) {
                attributes.put(e.get(0).stringValue(), new ContactState.Stamp(value(e.get(1)), e.get(2).longValue()));
            }
        }
        return new ContactState(identifiers(o.get("i")), attributes, strings(o.get("l")), strings(o.get("c")),
                stamp(o.get("o")), stamp(o.get("g")), o.has("m") ? o.get("m").intValue() : 0);
    }

    private static void stamp(JsonGenerator g, String field, ContactState.Stamp s) {
        if (s != null) {
            g.writeName(field);
            g.writeStartArray();
            value(g, s.value());
            g.writeNumber(s.seq());
            g.writeEndArray();
        }
    }

    private static ContactState.Stamp stamp(JsonNode n) {
        return n == null ? null : new ContactState.Stamp(value(n.get(0)), n.get(1).longValue());
    }

    // ---- values -------------------------------------------------------------------------------

    static JsonNode value(AttributeValue v) {
        if (v == null || v instanceof AttributeValue.Null) {
            return v == null ? NODES.nullNode() : NODES.objectNode().put("z", true);
        }
        if (v instanceof AttributeValue.Text t) {
            return NODES.stringNode(t.value());
        }
        if (v instanceof AttributeValue.Bool b) {
            return NODES.booleanNode(b.value());
        }
        if (v instanceof AttributeValue.Num n) {
            return NODES.objectNode().put("n", n.value().toString());
        }
        if (v instanceof AttributeValue.Multi m) {
            ArrayNode a = NODES.arrayNode();
            m.values().forEach(x -> a.add(value(x)));
            return a;
        }
        AttributeValue.Struct s = (AttributeValue.Struct) v;
        ObjectNode fields = NODES.objectNode();
        s.fields().forEach((k, x) -> fields.set(k, value(x)));
        ObjectNode o = NODES.objectNode();
        o.set("s", fields);
        return o;
    }

    static AttributeValue value(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isString()) {
            return new AttributeValue.Text(n.stringValue());
        }
        if (n.isBoolean()) {
            return new AttributeValue.Bool(n.booleanValue());
        }
        if (n.isArray()) {
            List<AttributeValue> values = new ArrayList<>(n.size());
            n.forEach(x -> values.add(value(x)));
            return new AttributeValue.Multi(values);
        }
        if (n.has("n")) {
            return new AttributeValue.Num(new BigDecimal(n.get("n").stringValue()));
        }
        if (n.has("z")) {
            return AttributeValue.Null.INSTANCE;
        }
        Map<String, AttributeValue> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.get("s").properties()) {
            fields.put(e.getKey(), value(e.getValue()));
        }
        return new AttributeValue.Struct(fields);
    }

    // ---- commands -----------------------------------------------------------------------------

    public static String command(UpsertCommand c) {
        return text(160, g -> command(g, c));
    }

    /** The command's JSON in UTF-8, the same text as {@link #command(UpsertCommand)}: straight into a {@code COPY} column. */
    public static void command(UpsertCommand c, OutputStream out) {
        bytes(out, g -> command(g, c));
    }

    private static void command(JsonGenerator g, UpsertCommand c) {
        g.writeStartObject();
        g.writeStringProperty("strategy", c.strategy().wireName());
        g.writeName("identifiers");
        identifiers(g, c.identifiers());
        int changes = c.attributeCount();
        if (changes > 0) {
            g.writeName("attributes");
            g.writeStartArray();
            // read in place, in the patch's order: no map of the changes is made per command
            for (int k = 0; k < changes; k++) {
                g.writeStartArray();
                g.writeString(c.attributeName(k));
                AttributeValue set = c.attributeValue(k);
                if (set != null) {
                    value(g, set);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        if (!c.removeIdentifiers().isEmpty()) {
            g.writeName("removeIdentifiers");
            identifiers(g, c.removeIdentifiers());
        }
        strings(g, "addToLists", c.addToLists());
        strings(g, "removeFromLists", c.removeFromLists());
        strings(g, "addToAccounts", c.addToAccounts());
        strings(g, "removeFromAccounts", c.removeFromAccounts());
        text(g, "owner", c.owner());
        text(g, "language", c.language());
        g.writeEndObject();
    }

    /** The command a log entry holds; its identifiers are canonical, so the default policy keeps them as they are. */
    public static UpsertCommand command(String json) {
        return command(json, null);
    }

    /**
     * Objects that many decoded entries may share, for a caller that holds them all (a replay of a workspace's log): equal
     * times, identifier keys, and attributes set to equal text, are one object each. Bounded: past {@value #SHARED_VALUES}
     * distinct texts (or keys), further ones are not shared. Not thread-safe: one decoding thread.
     */
    public static final class Shared {
        private final Map<String, AttributeChange> texts = new HashMap<>();
        // identifier keys: few per workspace, bounded as the texts are
        private final Map<String, String> keys = new HashMap<>();
        private @Nullable Instant lastTime;

        /** {@return the time, or an equal one seen just before} */
        public Instant time(Instant at) {
            if (at.equals(lastTime)) {
                return lastTime;
            }
            lastTime = at;
            return at;
        }

        String key(String key) {
            return shared(keys, key, k -> k);
        }

        AttributeChange text(String value) {
            return shared(texts, value, v -> AttributeChange.set(new AttributeValue.Text(v)));
        }

        /** The object held for {@code key}, else one made, and held while fewer than {@value #SHARED_VALUES} are. */
        private static <V> V shared(Map<String, V> held, String key, java.util.function.Function<String, V> make) {
            V v = held.get(key);
            if (v == null) {
                v = make.apply(key);
                if (held.size() < SHARED_VALUES) {
                    held.put(key, v);
                }
            }
            return v;
        }
    }

    /** Distinct attribute texts a {@link Shared} holds at most (about 5 MB of short values). */
    static final int SHARED_VALUES = 65_536;

    /**
     * {@link #command(String)}, sharing what {@code shared} holds across entries (when not null). Read token by token, as
     * it streams: no tree of the document is made (a replay of a workspace's log decodes every command of it).
     */
    public static UpsertCommand command(String json, @Nullable Shared shared) {
        UpsertCommand.Builder b = UpsertCommand.builder();
        boolean strategy = false;
        try (JsonParser p = FACTORY.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT);
            for (String field = p.nextName(); field != null; field = p.nextName()) {
                switch (field) {
                    case "strategy" -> {
                        b.strategy(Strategy.parse(p.nextStringValue()).orElseThrow());
                        strategy = true;
                    }
                    // the keys are values of the JSON, each its own string unless shared: a handful of them across every entry
                    case "identifiers" -> pairs(p, (key, value) -> b.identifier(shared == null ? key : shared.key(key), value));
                    case "attributes" -> attributes(p, b, shared);
                    case "removeIdentifiers" -> pairs(p, b::removeIdentifier);
                    case "addToLists" -> strings(p, b::addToList);
                    case "removeFromLists" -> strings(p, b::removeFromList);
                    case "addToAccounts" -> strings(p, b::addToAccount);
                    case "removeFromAccounts" -> strings(p, b::removeFromAccount);
                    case "owner" -> b.owner(p.nextToken() == JsonToken.VALUE_NULL ? null : p.getString());
                    case "language" -> b.language(p.nextToken() == JsonToken.VALUE_NULL ? null : p.getString());
                    default -> {
                        p.nextToken();
                        p.skipChildren();
                    }
                }
            }
        }
        if (!strategy) {
            throw new IllegalStateException("a logged command is not well formed: it names no strategy");
        }
        // made again as it was logged, not normalized a second time: a logged command was built (normalized and checked)
        // before it was written, and its replay must give what it gave then, even where a later version normalizes a value
        // otherwise (an e-mail domain's xn-- label, say), or the log would no longer replay to the stored state
        try {
            return b.rebuildChecked();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IllegalStateException("a logged command is not well formed: " + e.getMessage(), e);
        }
    }

    private static void expect(JsonParser p, JsonToken found, JsonToken expected) {
        if (found != expected) {
            throw new IllegalStateException("a logged command is not well formed: " + expected + " expected, " + found + " found at "
                    + p.currentLocation().getCharOffset());
        }
    }

    /** An array of {@code [key, value]} pairs, each given to {@code each}. */
    private static void pairs(JsonParser p, java.util.function.BiConsumer<String, String> each) {
        expect(p, p.nextToken(), JsonToken.START_ARRAY);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            expect(p, t, JsonToken.START_ARRAY);
            String key = p.nextStringValue();
            String value = p.nextStringValue();
            expect(p, p.nextToken(), JsonToken.END_ARRAY);
            each.accept(key, value);
        }
    }

    private static void strings(JsonParser p, Consumer<String> each) {
        expect(p, p.nextToken(), JsonToken.START_ARRAY);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            each.accept(p.getString());
        }
    }

    /** The attribute patch: {@code [name]} removes, {@code [name, value]} sets. */
    private static void attributes(JsonParser p, UpsertCommand.Builder b, @Nullable Shared shared) {
        expect(p, p.nextToken(), JsonToken.START_ARRAY);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            expect(p, t, JsonToken.START_ARRAY);
            String name = p.nextStringValue();
            JsonToken v = p.nextToken();
            if (v == JsonToken.END_ARRAY) {
                b.remove(name);
                continue;
            }
            if (shared != null && v == JsonToken.VALUE_STRING) {
                b.change(name, shared.text(p.getString()));
            } else {
                b.change(name, AttributeChange.set(value(p, v)));
            }
            expect(p, p.nextToken(), JsonToken.END_ARRAY);
        }
    }

    /** The value whose first token is {@code t}, as {@link #value(JsonNode)} reads it from a tree; read up to its last token. */
    private static AttributeValue value(JsonParser p, JsonToken t) {
        switch (t) {
            case VALUE_NULL:
                return null;
            case VALUE_STRING:
                return new AttributeValue.Text(p.getString());
            case VALUE_TRUE:
                return new AttributeValue.Bool(true);
            case VALUE_FALSE:
                return new AttributeValue.Bool(false);
            case START_ARRAY: {
                List<AttributeValue> values = new ArrayList<>();
                for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) {
                    values.add(value(p, x));
                }
                return new AttributeValue.Multi(values);
            }
            case START_OBJECT: {
                // {"n": "1.50"}, {"z": true} or {"s": {fields}}; of several, the first of these, as the tree's reading takes
                AttributeValue num = null;
                AttributeValue none = null;
                AttributeValue struct = null;
                for (String field = p.nextName(); field != null; field = p.nextName()) {
                    if (field.equals("n")) {
                        num = new AttributeValue.Num(new BigDecimal(p.nextStringValue()));
                    } else if (field.equals("z")) {
                        p.nextToken();
                        p.skipChildren();
                        none = AttributeValue.Null.INSTANCE;
                    } else if (field.equals("s")) {
                        expect(p, p.nextToken(), JsonToken.START_OBJECT);
                        Map<String, AttributeValue> fields = new LinkedHashMap<>();
                        for (String f = p.nextName(); f != null; f = p.nextName()) {
                            fields.put(f, value(p, p.nextToken()));
                        }
                        struct = new AttributeValue.Struct(fields);
                    } else {
                        p.nextToken();
                        p.skipChildren();
                    }
                }
                AttributeValue out = num != null ? num : none != null ? none : struct;
                if (out == null) {
                    throw new IllegalStateException("a logged command is not well formed: a value of no known kind");
                }
                return out;
            }
            default:
                throw new IllegalStateException("a logged command is not well formed: a value expected, " + t + " found");
        }
    }

    // ---- decisions ----------------------------------------------------------------------------

    public static String audit(AuditEntry a, List<Identifier> removed, List<Identifier> ignored) {
        return text(128, g -> audit(g, a, removed, ignored));
    }

    /** The decision's JSON in UTF-8, the same text as {@link #audit(AuditEntry, List, List)}: straight into a {@code COPY} column. */
    public static void audit(AuditEntry a, List<Identifier> removed, List<Identifier> ignored, OutputStream out) {
        bytes(out, g -> audit(g, a, removed, ignored));
    }

    /**
     * The decision's JSON in UTF-8 in its compact form, for a log row whose command is {@code command} and whose
     * {@code contact_id} is {@code contactId}: the contact is left out when it is the row's, and an identifier matched or
     * added that the command names is written as its position in the command's identifiers. {@link #audit(long, String,
     * String, String)} reads both forms.
     */
    public static void audit(AuditEntry a, List<Identifier> removed, List<Identifier> ignored, UpsertCommand command, String contactId,
                             OutputStream out) {
        bytes(out, g -> audit(g, a, removed, ignored, command.identifiers(), contactId));
    }

    private static void audit(JsonGenerator g, AuditEntry a, List<Identifier> removed, List<Identifier> ignored) {
        audit(g, a, removed, ignored, List.of(), null);
    }

    private static void audit(JsonGenerator g, AuditEntry a, List<Identifier> removed, List<Identifier> ignored, List<Identifier> given,
                              String contactId) {
        g.writeStartObject();
        g.writeStringProperty("action", a.action().name().toLowerCase(java.util.Locale.ROOT));
        if (contactId == null || !contactId.equals(a.contactId())) {
            g.writeStringProperty("contact", a.contactId());
        }
        strings(g, "merged", a.contactsMerged());
        if (!a.identifiersSkipped().isEmpty()) {
            g.writeName("skipped");
            g.writeStartArray();
            for (int k = 0; k < a.identifiersSkipped().size(); k++) {
                SkippedIdentifier x = a.identifiersSkipped().get(k);
                g.writeStartArray();
                g.writeString(x.identifier().key());
                g.writeString(x.identifier().value());
                if (x.ownerId() == null) {
                    g.writeNull();
                } else {
                    g.writeString(x.ownerId());
                }
                g.writeString(x.reason().name());
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        positionsIfAny(g, "matched", a.matchedBy(), given);
        positionsIfAny(g, "added", a.identifiersAdded(), given);
        identifiersIfAny(g, "removed", removed);
        identifiersIfAny(g, "ignored", ignored);
        strings(g, "rules", a.rulesFired());
        g.writeEndObject();
    }

    /** What a split was asked and drew, as its log entry's command. */
    public static String split(io.contactkit.adapter.postgres.LoggedCommand.Split split) {
        ObjectNode o = NODES.objectNode();
        ArrayNode contacts = o.putArray("contacts");
        split.contacts().forEach(contacts::add);
        ArrayNode fresh = o.putArray("fresh");
        split.freshIds().forEach(fresh::add);
        return MAPPER.writeValueAsString(o);
    }

    public static io.contactkit.adapter.postgres.LoggedCommand.Split split(String json) {
        JsonNode o = MAPPER.readTree(json);
        return new io.contactkit.adapter.postgres.LoggedCommand.Split(strings(o.get("contacts")), strings(o.get("fresh")));
    }

    /** A split's decision: the contacts it replaced and those that resulted. */
    public static String splitDecision(List<String> replaced, List<String> contacts) {
        ObjectNode o = NODES.objectNode().put("action", "split");
        ArrayNode r = o.putArray("replaced");
        replaced.forEach(r::add);
        ArrayNode k = o.putArray("contacts");
        contacts.forEach(k::add);
        return MAPPER.writeValueAsString(o);
    }

    public static String deletion(String contactId) {
        return MAPPER.writeValueAsString(NODES.objectNode().put("action", "deleted").put("contact", contactId));
    }

    /**
     * The audit entry of a logged decision ({@code null} for a deletion), numbered by its log sequence; a compact
     * decision takes its contact from the row's {@code contact_id} and the identifiers it gives by position from the
     * logged command.
     */
    public static AuditEntry audit(long seq, String json, String contactId, String command) {
        JsonNode o = MAPPER.readTree(json);
        String action = o.get("action").stringValue();
        if (action.equals("deleted") || action.equals("split")) {
            return null;
        }
        List<SkippedIdentifier> skipped = new ArrayList<>();
        if (o.has("skipped")) {
            for (JsonNode s : o.get("skipped")) {
                skipped.add(new SkippedIdentifier(Identifier.of(s.get(0).stringValue(), s.get(1).stringValue()),
                        s.get(2).isNull() ? null : s.get(2).stringValue(), SkippedIdentifier.Reason.valueOf(s.get(3).stringValue())));
            }
        }
        JsonNode matched = o.get("matched");
        JsonNode added = o.get("added");
        List<Identifier> given = List.of();
        if (positional(matched) || positional(added)) {
            given = identifiers(MAPPER.readTree(command).get("identifiers"));
        }
        return new AuditEntry(seq, AuditEntry.Action.valueOf(action.toUpperCase(java.util.Locale.ROOT)),
                o.has("contact") ? o.get("contact").stringValue() : contactId, strings(o.get("merged")), skipped, null, null,
                identifiers(matched, given), identifiers(added, given), strings(o.get("rules")));
    }

    // ---- identity rules -----------------------------------------------------------------------

    /**
     * The rules' canonical JSON, in the shape of a rules file: keys in order, blocked values and patterns
     * sorted, caps only when set. Hub rules are left out: they act on whole deduplication runs, never on
     * one command, so they do not change what the store decides.
     */
    public static String rules(IdentityRules r) {
        ObjectNode o = NODES.objectNode();
        java.util.TreeMap<String, IdentityRules.KeyRules> keys = new java.util.TreeMap<>(r.keys());
        if (!keys.isEmpty()) {
            ObjectNode ids = o.putObject("identifiers");
            keys.forEach((key, k) -> {
                ObjectNode x = ids.putObject(key);
                if (!k.blocked().isEmpty()) {
                    ArrayNode a = x.putArray("blocked");
                    new java.util.TreeSet<>(k.blocked()).forEach(a::add);
                }
                if (!k.blockedPatterns().isEmpty()) {
                    ArrayNode a = x.putArray("blockedPatterns");
                    k.blockedPatterns().stream().map(java.util.regex.Pattern::pattern).sorted().forEach(a::add);
                }
                if (k.maxPerContact() > 0) {
                    x.put("maxPerContact", k.maxPerContact());
                }
            });
        }
        if (r.maxContactsPerMerge().isPresent() || r.maxMergesPerContact().isPresent()) {
            ObjectNode m = o.putObject("merge");
            r.maxContactsPerMerge().ifPresent(v -> m.put("maxContactsPerMerge", v));
            r.maxMergesPerContact().ifPresent(v -> m.put("maxMergesPerContact", v));
        }
        return MAPPER.writeValueAsString(o);
    }

    /**
     * Rules from their canonical JSON ({@link #rules(IdentityRules)}), as the store keeps them: every key under
     * {@code identifiers} is the identifier key itself (blocked values are normalized by the default policy).
     *
     * @throws IllegalArgumentException naming every problem, when the text is not such rules
     */
    public static IdentityRules rules(String json) {
        return rules(json, false);
    }

    /**
     * Rules a user gave as JSON in the shape of a rules file, read as the command line's {@code --rules} reads one
     * ({@link IdentityRules#fromFile}): {@code email}, {@code Phone Number}, {@code id:crm} name those identifier keys.
     *
     * @throws IllegalArgumentException naming every problem, when the text is not such rules
     */
    public static IdentityRules rulesFile(String json) {
        return rules(json, true);
    }

    private static IdentityRules rules(String json, boolean file) {
        Map<?, ?> tree;
        try {
            tree = MAPPER.readValue(json, Map.class);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("rules must be a JSON object in the shape of a rules file: " + e.getOriginalMessage());
        }
        var read = file ? IdentityRules.fromFile(tree, IdentifierPolicy.defaults()) : IdentityRules.fromTree(tree, IdentifierPolicy.defaults());
        if (read.isInvalid()) {
            throw new IllegalArgumentException("invalid rules: " + read.getError().map(v -> v.field() + ": " + v.message()).mkString("; "));
        }
        return read.get();
    }

    /**
     * SQL for a {@code timestamptz} expression as microseconds since the epoch ({@code int8}), exact on every supported
     * server: whole seconds (an integer even where {@code extract} answers in {@code double precision}, before PostgreSQL 14)
     * plus the microseconds within the second. A row then carries a number for the driver to read, not a text for it to
     * parse (its text parse of {@code timestamptz} cost several microseconds a value: a third of a log read's event loop).
     *
     * @param expression a {@code timestamptz} expression
     * @return the SQL (without an alias)
     */
    public static String epochMicros(String expression) {
        return "(extract(epoch from date_trunc('second', " + expression + "))::int8 * 1000000 + extract(microseconds from (" + expression
                + ") at time zone 'UTC')::int8 % 1000000)";
    }

    /**
     * The instant read from {@link #epochMicros}.
     *
     * @param micros microseconds since the epoch
     * @return the instant
     */
    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** The fingerprint of canonical rules: the SHA-256 of their JSON, in hex. */
    public static String fingerprint(String canonical) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Writes a value as {@link #value(AttributeValue)} builds it, without building the tree. */
    static void value(JsonGenerator g, AttributeValue v) {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof AttributeValue.Null) {
            g.writeStartObject();
            g.writeBooleanProperty("z", true);
            g.writeEndObject();
        } else if (v instanceof AttributeValue.Text t) {
            g.writeString(t.value());
        } else if (v instanceof AttributeValue.Bool b) {
            g.writeBoolean(b.value());
        } else if (v instanceof AttributeValue.Num n) {
            g.writeStartObject();
            g.writeStringProperty("n", n.value().toString());
            g.writeEndObject();
        } else if (v instanceof AttributeValue.Multi m) {
            g.writeStartArray();
            m.values().forEach(x -> value(g, x));
            g.writeEndArray();
        } else {
            AttributeValue.Struct s = (AttributeValue.Struct) v;
            g.writeStartObject();
            g.writeName("s");
            g.writeStartObject();
            s.fields().forEach((k, x) -> {
                g.writeName(k);
                value(g, x);
            });
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /** Identifiers, each as its position in {@code given} where it is there, else as a key and value. */
    private static void positionsIfAny(JsonGenerator g, String field, List<Identifier> ids, List<Identifier> given) {
        if (!ids.isEmpty()) {
            g.writeName(field);
            g.writeStartArray();
            for (int k = 0; k < ids.size(); k++) {
                Identifier i = ids.get(k);
                int at = given.indexOf(i);
                if (at >= 0) {
                    g.writeNumber(at);
                } else {
                    g.writeStartArray();
                    g.writeString(i.key());
                    g.writeString(i.value());
                    g.writeEndArray();
                }
            }
            g.writeEndArray();
        }
    }

    private static boolean positional(JsonNode a) {
        if (a != null) {
            for (JsonNode e : a) {
                if (e.isNumber()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Identifier> identifiers(JsonNode a, List<Identifier> given) {
        if (a == null) {
            return List.of();
        }
        List<Identifier> out = new ArrayList<>(a.size());
        for (JsonNode e : a) {
            out.add(e.isNumber() ? given.get(e.intValue()) : Identifier.of(e.get(0).stringValue(), e.get(1).stringValue()));
        }
        return out;
    }

    private static void identifiersIfAny(JsonGenerator g, String field, List<Identifier> ids) {
        if (!ids.isEmpty()) {
            g.writeName(field);
            identifiers(g, ids);
        }
    }

    /** Indexed loops here and below: the client compiler the launcher runs with allocates an iterator for each for-each loop. */
    private static void identifiers(JsonGenerator g, List<Identifier> ids) {
        g.writeStartArray();
        for (int k = 0; k < ids.size(); k++) {
            Identifier i = ids.get(k);
            g.writeStartArray();
            g.writeString(i.key());
            g.writeString(i.value());
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) {
        if (!values.isEmpty()) {
            g.writeName(field);
            g.writeStartArray();
            for (int k = 0; k < values.size(); k++) {
                g.writeString(values.get(k));
            }
            g.writeEndArray();
        }
    }

    private static void strings(JsonGenerator g, String field, java.util.Collection<String> values) {
        if (!values.isEmpty()) {
            g.writeName(field);
            g.writeStartArray();
            for (String value : values) {
                g.writeString(value);
            }
            g.writeEndArray();
        }
    }

    private static void text(JsonGenerator g, String field, java.util.Optional<TextChange> change) {
        if (change.isPresent()) {
            g.writeName(field);
            if (change.get().isRemoval()) {
                g.writeNull();
            } else {
                g.writeString(change.get().newValue());
            }
        }
    }

    private static List<Identifier> identifiers(JsonNode a) {
        if (a == null) {
            return List.of();
        }
        List<Identifier> out = new ArrayList<>(a.size());
        for (JsonNode e : a) {
            out.add(Identifier.of(e.get(0).stringValue(), e.get(1).stringValue()));
        }
        return out;
    }

    private static List<String> strings(JsonNode a) {
        if (a == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(a.size());
        a.forEach(x -> out.add(x.stringValue()));
        return out;
    }
}
