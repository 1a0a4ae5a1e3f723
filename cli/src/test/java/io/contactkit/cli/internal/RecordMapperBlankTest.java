package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordMapperBlankTest {

    /** The shortcut answers as {@link String#isBlank()} for every string of up to two characters from a wide range, and a few more. */
    @Test
    void answersAsStringIsBlank() {
        List<String> samples = new ArrayList<>(List.of("", " ", "\t\n", " a", "a ", "\u2003", "\u2003x", "\u00A0", "\u00A0x", "\u200B",
                "\uFEFF", "\u001C", "\u007F", "\u0085", " \u3000 ", "Ann", "  ann@example.com "));
        for (char a = 0; a < 0x3100; a++) {
            samples.add(String.valueOf(a));
            samples.add(a + " ");
            samples.add(a + "x");
        }
        for (String s : samples) {
            assertEquals(s.isBlank(), RecordMapper.isBlank(s), () -> "for " + s.codePoints().mapToObj(Integer::toHexString).toList());
        }
    }
}
