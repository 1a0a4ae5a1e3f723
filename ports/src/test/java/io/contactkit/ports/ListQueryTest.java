package io.contactkit.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contactkit.domain.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListQueryTest {

    @Test
    void outOfRangeValuesAreListedTogether() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> ListQuery.builder().pageSize(0).pageToken("").owner("a\nb").build());
        assertEquals(List.of("pageSize", "pageToken", "owner"), e.violations().stream().map(Violation::field).toList());
        assertEquals(List.of("out_of_range", "out_of_range", "control_character"), e.violations().stream().map(Violation::code).toList());
    }

    /** A lone surrogate cannot be encoded as UTF-8: it would reach the provider as "?", another token or filter. */
    @Test
    void textWithALoneSurrogateIsRefused() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> ListQuery.builder().pageToken("abc\uD800").search("\uDC00x").build());
        assertEquals(List.of("malformed_text", "malformed_text"), e.violations().stream().map(Violation::code).toList());
        assertEquals("a\uD83D\uDE00b", ListQuery.builder().search("a\uD83D\uDE00b").build().search().orElseThrow());
    }
}
