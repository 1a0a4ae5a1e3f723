package io.contactkit.adapter.http;

import io.contactkit.domain.AttributeValue;
import io.contactkit.ports.TransportException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.ValueNode;

/**
 * The JSON mapper the adapters share, and the conversion between JSON values and attribute values.
 *
 * <p>The mapper ignores unknown properties (a tolerant reader), never uses default typing (no class
 * name from a response is ever instantiated), and bounds nesting depth, string and number lengths so
 * hostile bodies fail fast with a typed error. Decimal numbers in trees are read as {@code BigDecimal}
 * and written in plain notation, so attribute numbers survive a round trip exactly; a number whose
 * plain notation would be absurdly long (an exponent beyond ±{@value #MAX_NUMBER_SCALE}, such as
 * {@code 1e999999999}: two billion characters once printed) is refused while parsing, like any other
 * malformed body, and {@link #isSendable(AttributeValue)} tells the adapters which values to refuse
 * before sending.
 */
public final class JsonSupport {

    /** Deeper documents are rejected. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Numbers with a larger decimal exponent (either sign) are rejected: their plain form is too long to hold. */
    public static final int MAX_NUMBER_SCALE = io.contactkit.domain.Limits.MAX_NUMBER_DIGITS;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxStringLength(1_000_000)
                            // a sendable number in plain notation, as the adapters write it and a provider answers it back:
                            // a sign, the digits before the point, the point and the digits after it
                            .maxNumberLength(2 * MAX_NUMBER_SCALE + 2)
                            .maxNameLength(10_000)
                            .build())
                    .build())
            .nodeFactory(new BoundedNumbers())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // attribute numbers are exact: read tree decimals as BigDecimal, never through double
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    static {
        // Jackson builds and caches a deserializer and a serializer on first use, under a lock that a
        // second thread parks on: done here, on the thread that builds a client, it never happens on an
        // event loop (BlockHound caught two event loops racing for it on a client's first responses)
        MAPPER.readTree("{\"a\":[1,1.5,\"b\",true,null]}");
        MAPPER.writeValueAsBytes(MAPPER.readTree("{\"a\":[1,1.5,\"b\",true,null]}"));
    }

    private JsonSupport() {
    }

    /** Refuses, while a tree is built, numbers whose plain notation would be absurdly long. */
    private static final class BoundedNumbers extends JsonNodeFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public ValueNode numberNode(BigDecimal v) {
            if (v != null && !isSendable(v)) {
                throw new StreamConstraintsException("number out of range: its decimal exponent is beyond +/-" + MAX_NUMBER_SCALE);
            }
            return super.numberNode(v);
        }

        @Override
        public ValueNode numberNode(BigInteger v) {
            if (v != null && v.bitLength() > 4 * MAX_NUMBER_SCALE) {
                throw new StreamConstraintsException("number out of range: more than " + MAX_NUMBER_SCALE + " digits");
            }
            return super.numberNode(v);
        }
    }

    private static boolean isSendable(BigDecimal v) {
        return io.contactkit.domain.Limits.isNumberInRange(v);
    }

    /**
     * Whether an attribute value can be written as JSON as it is: every number within the exponent
     * bound (recursively through lists and nested objects). Jackson refuses to write larger ones in
     * plain notation, and a provider could not hold them either.
     *
     * @param value the value
     * @return true when it can be sent
     */
    public static boolean isSendable(AttributeValue value) {
        if (value instanceof AttributeValue.Num n) {
            return isSendable(n.value());
        }
        if (value instanceof AttributeValue.Multi m) {
            return m.values().stream().allMatch(JsonSupport::isSendable);
        }
        if (value instanceof AttributeValue.Struct st) {
            return st.fields().values().stream().allMatch(JsonSupport::isSendable);
        }
        return true;
    }

    /** {@return the hardened mapper every adapter reads and writes JSON with} */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** {@return the mapper's node factory, for building request bodies} */
    public static JsonNodeFactory nodes() {
        return MAPPER.getNodeFactory();
    }

    /**
     * Any JSON value as an attribute value: null, text, number, boolean, list or nested object.
     *
     * @param node the JSON value
     * @return the attribute value
     */
    public static AttributeValue toAttribute(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return AttributeValue.Null.INSTANCE;
        }
        if (node.isString()) {
            return AttributeValue.of(node.stringValue());
        }
        if (node.isNumber()) {
            return AttributeValue.of(node.decimalValue());
        }
        if (node.isBoolean()) {
            return AttributeValue.of(node.booleanValue());
        }
        if (node.isArray()) {
            List<AttributeValue> items = new ArrayList<>(node.size());
            for (JsonNode item : node) {
                items.add(toAttribute(item));
            }
            return AttributeValue.of(items);
        }
        if (node.isObject()) {
            Map<String, AttributeValue> fields = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                fields.put(e.getKey(), toAttribute(e.getValue()));
            }
            return new AttributeValue.Struct(fields);
        }
        return AttributeValue.of(node.asString());
    }

    /**
     * An attribute value as JSON.
     *
     * @param value the attribute value
     * @return the JSON value
     */
    public static JsonNode toJson(AttributeValue value) {
        JsonNodeFactory f = nodes();
        if (value instanceof AttributeValue.Text t) {
            return f.stringNode(t.value());
        }
        if (value instanceof AttributeValue.Num n) {
            BigDecimal d = n.value();
            return f.numberNode(d);
        }
        if (value instanceof AttributeValue.Bool b) {
            return f.booleanNode(b.value());
        }
        if (value instanceof AttributeValue.Multi m) {
            ArrayNode a = f.arrayNode();
            m.values().forEach(v -> a.add(toJson(v)));
            return a;
        }
        if (value instanceof AttributeValue.Struct s) {
            ObjectNode o = f.objectNode();
            s.fields().forEach((k, v) -> o.set(k, toJson(v)));
            return o;
        }
        return f.nullNode();
    }

    /**
     * A scalar field as text.
     *
     * @param node the object holding the field
     * @param field the field's name
     * @return the text; {@code null} when the field is missing, null or a container
     */
    public static @Nullable String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isMissingNode() || v.isContainer()) {
            return null;
        }
        return v.asString();
    }

    /**
     * An ISO-8601 instant, with {@code Z} or an offset.
     *
     * @param node the JSON value, or {@code null}
     * @return the instant; empty when missing or unreadable
     */
    public static Optional<Instant> instant(JsonNode node) {
        if (node == null || !node.isString()) {
            return Optional.empty();
        }
        String s = node.stringValue();
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(OffsetDateTime.parse(s).toInstant());
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    /**
     * A response body as JSON: an empty body is a missing node, a body that is not JSON fails as a
     * malformed response.
     *
     * @param provider the provider's id, for the error
     * @param response the response
     * @param operation the request's name, for the error
     * @return the body as JSON
     * @throws TransportException when the body is not JSON
     */
    public static JsonNode read(String provider, HttpResponse response, String operation) {
        if (response.body().length == 0) {
            return nodes().missingNode();
        }
        try {
            return MAPPER.readTree(response.body());
        } catch (JacksonException e) {
            throw malformed(provider, response.status(), operation, "the body is not JSON");
        }
    }

    /**
     * The failure of a response this client cannot use.
     *
     * @param provider the provider's id
     * @param status the response's status
     * @param operation the request's name
     * @param why what is wrong with the response
     * @return the failure, {@code "malformed response: <why> (<operation>, HTTP <status>)"}
     */
    public static TransportException malformed(String provider, int status, String operation, String why) {
        return new TransportException(provider, status, null, "malformed response: " + why + " (" + operation + ", HTTP " + status + ")");
    }

    /**
     * An error body as JSON (error bodies are read defensively).
     *
     * @param body the body
     * @return the JSON, or {@code null} when it is empty or not JSON
     */
    public static @Nullable JsonNode parseOrNull(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }
}
