package io.contactkit.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathSegmentsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a+b@x.com       | a+b@x.com",
            "+14084029292    | +14084029292",
            "AZaz09-._~      | AZaz09-._~",
            "../../x         | ..%2F..%2Fx",
            "..              | %2E%2E",
            ".               | %2E",
            "...             | ...",
            "a/b             | a%2Fb",
            "a?b             | a%3Fb",
            "a#b             | a%23b",
            "100%            | 100%25",
            "%2F             | %252F",
            "a;b             | a%3Bb",
            "a b             | a%20b",
            "a=b&c           | a%3Db%26c",
            "ü               | %C3%BC",
            "😀              | %F0%9F%98%80"
    })
    void encodesOneSegment(String raw, String encoded) {
        assertEquals(encoded, PathSegments.encode(raw));
    }

    @Test
    void controlCharactersAreEncoded() {
        assertEquals("a%0Ab%00", PathSegments.encode("a\nb\u0000"));
    }

    /** getBytes(UTF_8) would send a lone surrogate as "?": a different value than the one given. */
    @Test
    void aLoneSurrogateIsRefusedNotReplaced() {
        assertThrows(IllegalArgumentException.class, () -> PathSegments.encode("a\uD800b"));
        assertThrows(IllegalArgumentException.class, () -> PathSegments.encode("\uDC00"));
        assertThrows(IllegalArgumentException.class, () -> PathSegments.encode("x\uD83D"));
        assertEquals("%F0%9F%98%80", PathSegments.encode("\uD83D\uDE00"));
        assertFalse(PathSegments.isWellFormed("\uDE00\uD83D"));
        assertTrue(PathSegments.isWellFormed("a\uD83D\uDE00b"));
    }

    @Test
    void anEmptySegmentIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PathSegments.encode(""));
    }

    @Test
    void pathJoinsEncodedSegments() {
        assertEquals("/workspaces/w%2F1/contacts/identifiers/emailaddress/a@b.c",
                PathSegments.path("workspaces", "w/1", "contacts", "identifiers", "emailaddress", "a@b.c"));
    }
}
