package io.contactkit.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contactkit.domain.AttributeValue;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

class JsonSupportTest {

    @Test
    void everyJsonKindBecomesAnAttributeAndBack() {
        JsonNode node = JsonSupport.mapper().readTree(
                "{\"s\":\"x\",\"n\":9.60,\"i\":3,\"b\":false,\"a\":[\"A\",1,true],\"z\":null,\"o\":{\"k\":[1]}}");
        Map<String, AttributeValue> expected = Map.of(
                "s", AttributeValue.of("x"),
                "n", AttributeValue.of(new BigDecimal("9.6")),
                "i", AttributeValue.of(3),
                "b", AttributeValue.of(false),
                "a", AttributeValue.of(List.of(AttributeValue.of("A"), AttributeValue.of(1), AttributeValue.of(true))),
                "z", AttributeValue.Null.INSTANCE,
                "o", new AttributeValue.Struct(Map.of("k", AttributeValue.of(List.of(AttributeValue.of(1))))));
        AttributeValue.Struct all = (AttributeValue.Struct) JsonSupport.toAttribute(node);
        assertEquals(expected, all.fields());
        assertEquals(all, JsonSupport.toAttribute(JsonSupport.toJson(all)));
    }

    @Test
    void numbersStayExact() {
        AttributeValue big = JsonSupport.toAttribute(JsonSupport.mapper().readTree("12345678901234567890.5"));
        assertEquals(AttributeValue.of(new BigDecimal("12345678901234567890.5")), big);
        assertEquals("0.1", JsonSupport.mapper().writeValueAsString(JsonSupport.toJson(AttributeValue.of(new BigDecimal("0.1")))));
        assertEquals("1000", JsonSupport.mapper().writeValueAsString(JsonSupport.toJson(AttributeValue.of(new BigDecimal("1E+3")))));
    }

    @Test
    void unknownPropertiesAreIgnoredWhenBinding() {
        record Small(String id) {
        }
        assertEquals("1", JsonSupport.mapper().readValue("{\"id\":\"1\",\"other\":2}", Small.class).id());
    }

    @Test
    void hostileNestingFailsFast() {
        String deep = "[".repeat(JsonSupport.MAX_NESTING_DEPTH + 10) + "]".repeat(JsonSupport.MAX_NESTING_DEPTH + 10);
        assertThrows(JacksonException.class, () -> JsonSupport.mapper().readTree(deep));
    }

    /** 1e999999999 is eleven characters of JSON and two billion once printed in plain notation. */
    @Test
    void numbersWithAbsurdExponentsAreRefusedWhileParsing() {
        assertThrows(JacksonException.class, () -> JsonSupport.mapper().readTree("{\"n\":1e999999999}"));
        assertThrows(JacksonException.class, () -> JsonSupport.mapper().readTree("[1e-1001]"));
        assertEquals(AttributeValue.of(new BigDecimal("1e999")), JsonSupport.toAttribute(JsonSupport.mapper().readTree("1e999")));
        assertTrue(JsonSupport.isSendable(AttributeValue.of(List.of(AttributeValue.of(new BigDecimal("1e-1000"))))));
        assertFalse(JsonSupport.isSendable(AttributeValue.of(List.of(AttributeValue.of(new BigDecimal("1e5000"))))));
    }

    /**
     * A number the adapters send is written in plain notation, up to a thousand digits before the point and a thousand
     * after it; a provider answers it back so, and the answer must read (a contact holding 1e400 made every list fail).
     */
    @Test
    void everySendableNumberReadsBackAsWritten() {
        for (String n : List.of("1e400", "1e999", "-9.99e999", "1e-1000", "-1.5e-999", "-123456789e991", "1.5e-990")) {
            AttributeValue value = AttributeValue.of(new BigDecimal(n));
            assertTrue(JsonSupport.isSendable(value), n);
            String written = JsonSupport.mapper().writeValueAsString(JsonSupport.toJson(AttributeValue.of(List.of(value))));
            assertEquals(AttributeValue.of(List.of(value)), JsonSupport.toAttribute(JsonSupport.mapper().readTree(written)), n);
        }
    }
}
