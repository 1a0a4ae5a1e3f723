package io.contactkit.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Violation;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every range a query checks itself: each bound, each side of it, and every problem reported at once. */
class ListQueryTest {

    private static Map<String, String> problems(Consumer<ListQuery.Builder> spec) {
        ListQuery.Builder b = ListQuery.builder();
        spec.accept(b);
        ValidationException e = assertThrows(ValidationException.class, b::build);
        assertTrue(e.isLocal(), "nothing was sent: the query checked itself");
        return e.violations().stream().collect(Collectors.toMap(Violation::field, Violation::code));
    }

    private static ListQuery valid(Consumer<ListQuery.Builder> spec) {
        ListQuery.Builder b = ListQuery.builder();
        spec.accept(b);
        return b.build();
    }

    @Test
    void pageSizesAreOneToTheMaximum() {
        assertEquals(Map.of("pageSize", "out_of_range"), problems(b -> b.pageSize(0)));
        assertEquals(Map.of("pageSize", "out_of_range"), problems(b -> b.pageSize(-5)));
        assertEquals(Map.of("pageSize", "out_of_range"), problems(b -> b.pageSize(ListQuery.MAX_PAGE_SIZE + 1)));
        assertEquals(1, valid(b -> b.pageSize(1)).pageSize().orElseThrow());
        assertEquals(ListQuery.MAX_PAGE_SIZE, valid(b -> b.pageSize(ListQuery.MAX_PAGE_SIZE)).pageSize().orElseThrow());
        assertTrue(ListQuery.all().pageSize().isEmpty(), "no size: the provider's default");
    }

    @Test
    void pageTokensAreOneTo8000Characters() {
        assertEquals(8000, ListQuery.MAX_TOKEN_LENGTH);
        assertEquals(Map.of("pageToken", "out_of_range"), problems(b -> b.pageToken("t".repeat(ListQuery.MAX_TOKEN_LENGTH + 1))));
        assertEquals(Map.of("pageToken", "out_of_range"), problems(b -> b.pageToken("")));
        assertEquals(ListQuery.MAX_TOKEN_LENGTH, valid(b -> b.pageToken("t".repeat(ListQuery.MAX_TOKEN_LENGTH))).pageToken().orElseThrow().length());
        assertEquals("x", valid(b -> b.pageToken("x")).pageToken().orElseThrow());
    }

    @Test
    void ownerAndSearchAreOneTo500Characters() {
        String longest = "o".repeat(ListQuery.MAX_FILTER_LENGTH);
        for (String field : List.of("owner", "search")) {
            assertEquals(Map.of(field, "out_of_range"), problems(b -> set(b, field, longest + "o")));
            assertEquals(Map.of(field, "out_of_range"), problems(b -> set(b, field, "")));
        }
        ListQuery q = valid(b -> b.owner(longest).search(longest));
        assertEquals(longest, q.owner().orElseThrow());
        assertEquals(longest, q.search().orElseThrow());
    }

    @Test
    void controlCharactersAreRefusedInEveryText() {
        for (String field : List.of("pageToken", "owner", "search")) {
            for (String bad : List.of("a\nb", "\u0000", "tab\there", "bell\u0007", "del\u007f", "c1\u0085")) {
                assertEquals(Map.of(field, "control_character"), problems(b -> set(b, field, bad)), field + " " + bad.codePoints().boxed().toList());
            }
        }
        assertEquals("ann lee ünïcode", valid(b -> b.search("ann lee ünïcode")).search().orElseThrow(), "spaces and letters are fine");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> all = problems(b -> b.pageSize(0).pageToken("").owner("x\n").search("s".repeat(501)));
        assertEquals(Map.of("pageSize", "out_of_range", "pageToken", "out_of_range", "owner", "control_character",
                "search", "out_of_range"), all);
    }

    /** A lone surrogate cannot be encoded as UTF-8: it would reach the provider as "?", another token or filter. */
    @Test
    void textWithALoneSurrogateIsRefused() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> ListQuery.builder().pageToken("abc\uD800").search("\uDC00x").build());
        assertEquals(List.of("malformed_text", "malformed_text"), e.violations().stream().map(Violation::code).toList());
        assertEquals("a\uD83D\uDE00b", ListQuery.builder().search("a\uD83D\uDE00b").build().search().orElseThrow());
    }

    @Test
    void theToStringHidesTheToken() {
        String text = valid(b -> b.pageToken("secret-cursor-123").pageSize(5)).toString();
        assertFalse(text.contains("secret-cursor-123"), text);
        assertTrue(text.contains("pageSize=5"), text);
    }

    private static void set(ListQuery.Builder b, String field, String value) {
        switch (field) {
            case "pageToken" -> b.pageToken(value);
            case "owner" -> b.owner(value);
            case "search" -> b.search(value);
            default -> throw new IllegalArgumentException(field);
        }
    }
}
