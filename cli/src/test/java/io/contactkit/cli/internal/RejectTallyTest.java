package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The count of rejects by code that a run without {@code --rejects} says before its summary. */
class RejectTallyTest {

    @Test
    void countsByCodeMostFirstWithEachCodesFirstRecordFromLinesSplitAnywhere() {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try (NdjsonWriter w = new NdjsonWriter(lines)) {
            w.reject(3, "conflict", "identifiers belong to 2 different contacts");
            w.reject(7, "invalid_identifier", "'x' is not a valid e-mail address: no '@'");
            w.reject(9, "invalid_identifier", "'y' is not a valid e-mail address: no '@'");
        }
        byte[] bytes = lines.toByteArray();
        RejectTally tally = new RejectTally();
        // as a writer's buffer hands them on: in pieces that cut lines anywhere
        for (int i = 0; i < bytes.length; i += 5) {
            tally.write(bytes, i, Math.min(5, bytes.length - i));
        }
        assertEquals(3, tally.total());
        assertEquals("contactkit: 3 rejected records not kept (--rejects FILE keeps them): invalid_identifier 2, first record 7:"
                + " 'x' is not a valid e-mail address: no '@'; conflict 1, first record 3: identifiers belong to 2 different contacts",
                tally.line());
    }

    @Test
    void phoneNumbersRejectedForWantOfARegionAreCountedWhateverTheirPlaceWithWhatToDo() {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try (NdjsonWriter w = new NdjsonWriter(lines)) {
            w.reject(2, "invalid_identifier", "'x' is not a valid e-mail address: no '@'");
            w.reject(5, "invalid_identifier", "'(650) 352-5601' has no country code (+...) and no default region is configured");
        }
        RejectTally tally = new RejectTally();
        byte[] bytes = lines.toByteArray();
        tally.write(bytes, 0, bytes.length);
        assertEquals("contactkit: 2 rejected records not kept (--rejects FILE keeps them): invalid_identifier 2, first record 2:"
                + " 'x' is not a valid e-mail address: no '@'; 1 record has a phone number without its country code: give the country"
                + " with --region (e.g. --region US)", tally.line());
    }

    @Test
    void nothingToSayWithoutRejectsAndOneRecordSaidInTheSingular() {
        RejectTally tally = new RejectTally();
        assertNull(tally.line());
        byte[] one = "{\"record\":1,\"code\":\"too_many_cells\",\"message\":\"3 cells, the header has 2\"}\n".getBytes(StandardCharsets.UTF_8);
        tally.write(one, 0, one.length);
        assertTrue(tally.line().startsWith("contactkit: 1 rejected record not kept"), tally.line());
    }

    @Test
    void aLongMessageIsShortenedAndNoControlCharacterReachesTheTerminal() {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try (NdjsonWriter w = new NdjsonWriter(lines)) {
            w.reject(1, "wrong_type", "value \u001b[31mred\u001b[0m " + "x".repeat(400));
        }
        RejectTally tally = new RejectTally();
        byte[] bytes = lines.toByteArray();
        tally.write(bytes, 0, bytes.length);
        String line = tally.line();
        assertFalse(line.chars().anyMatch(Character::isISOControl), line);
        assertTrue(line.contains("value \\u001b[31mred\\u001b[0m xxx"), line);
        assertTrue(line.endsWith("..."), line);
        assertTrue(line.length() < 300, line);
    }
}
