package io.contactkit.simulator.internal;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Limits;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** JSON helpers shared by the simulators. */
public final class Json {

    /**
     * Numbers are kept exactly, as a provider keeps what it is sent: decimals read as {@code BigDecimal}, never through a
     * double, and as long as the domain allows (a thousand digits either side of the point, in plain notation).
     */
    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(2 * Limits.MAX_NUMBER_DIGITS + 2).build())
                    .build())
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Json() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** Thrown when a request body is not JSON. */
    public static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    /** The body as a JSON tree; an empty body is an empty object. */
    public static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return object();
        }
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new Malformed("the body is not valid JSON");
        }
    }

    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** Millisecond precision, always with three fraction digits, as both providers answer. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** A JSON value for an attribute value. */
    public static JsonNode value(AttributeValue value) {
        if (value instanceof AttributeValue.Text t) {
            return NODES.stringNode(t.value());
        }
        if (value instanceof AttributeValue.Num n) {
            return NODES.numberNode(n.value());
        }
        if (value instanceof AttributeValue.Bool b) {
            return NODES.booleanNode(b.value());
        }
        if (value instanceof AttributeValue.Multi m) {
            ArrayNode a = array();
            m.values().forEach(v -> a.add(value(v)));
            return a;
        }
        if (value instanceof AttributeValue.Struct s) {
            ObjectNode o = object();
            s.fields().forEach((k, v) -> o.set(k, value(v)));
            return o;
        }
        return NODES.nullNode();
    }

    /** An attribute value from JSON: string, number, boolean or a list of those; {@code null} when not one. */
    public static AttributeValue attribute(JsonNode node) {
        if (node.isString()) {
            return AttributeValue.of(node.stringValue());
        }
        if (node.isNumber()) {
            return AttributeValue.of(node.decimalValue());
        }
        if (node.isBoolean()) {
            return AttributeValue.of(node.booleanValue());
        }
        if (node.isArray() && !node.isEmpty()) {
            List<AttributeValue> items = new ArrayList<>();
            for (JsonNode item : node) {
                AttributeValue v = item.isArray() ? null : attribute(item);
                if (v == null) {
                    return null;
                }
                items.add(v);
            }
            return AttributeValue.of(items);
        }
        return null;
    }

    /** Text of a string node, or {@code null} for anything else. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }

}
