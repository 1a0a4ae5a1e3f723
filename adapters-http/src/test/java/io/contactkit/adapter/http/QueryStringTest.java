package io.contactkit.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void aLoneSurrogateIsRefusedNotReplaced() {
        assertThrows(IllegalArgumentException.class, () -> new QueryString().add("pageToken", "a\uD800"));
    }

    @Test
    void emptyIsNothing() {
        assertEquals("", new QueryString().add("limit", null).toString());
    }

    @Test
    void encodesNamesAndValuesAndKeepsOrder() {
        assertEquals("?limit=10&pageToken=a%2Bb%2Fc%3D%3D&q=a%20b&x=%C3%BC&attribute=a&attribute=b",
                new QueryString().add("limit", 10).add("pageToken", "a+b/c==").add("q", "a b").add("x", "ü")
                        .add("attribute", "a").add("attribute", "b").toString());
    }
}
