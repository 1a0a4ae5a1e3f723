package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.Contact;
import io.contactkit.domain.DedupContact;
import io.contactkit.domain.Deduplicator;
import io.contactkit.domain.Identifier;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The direct line writer against Jackson's: the same bytes for every contact it takes, nothing for the others. */
class ContactJsonTest {

    @Test
    void everyLineItWritesIsJacksonsLineAndItDeclinesWhatOnlyJacksonWrites() {
        Deduplicator engine = ContactLinesTest.book(4_000, 11);
        int taken = 0;
        int declined = 0;
        for (DedupContact dc : engine.contacts()) {
            long[] sources = dc.sourceRecords().stream().mapToLong(Long::longValue).toArray();
            for (long[] s : new long[][] {sources, null, {0, 9, 10, 99, 100, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Long.MAX_VALUE, -1, Long.MIN_VALUE}}) {
                byte[] jackson = jackson(dc.contact(), s);
                ContactJson direct = new ContactJson(1);
                direct.write('x');   // what is there stays
                boolean took = direct.contact(dc.contact(), s);
                assertEquals(!needsJackson(dc.contact()), took, () -> new String(jackson, java.nio.charset.StandardCharsets.UTF_8));
                if (took) {
                    taken++;
                    byte[] got = direct.toByteArray();
                    assertEquals('x', got[0]);
                    assertArrayEquals(jackson, Arrays.copyOfRange(got, 1, got.length), () -> new String(jackson, java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    declined++;
                    assertEquals(1, direct.size(), "nothing written when declined");
                }
            }
        }
        assertTrue(taken > 1_000 && declined > 100, taken + " taken, " + declined + " declined");
    }

    @Test
    void escapesQuotesAndBackslashesAndEncodesEveryPlaneButSurrogatesAsUtf8() {
        String awkward = "a\"b\\c/d\u007f\u0080\u00e9\u07ff\u0800\u2028\u2029\ufffd\uffff<>&'";
        Contact c = Contact.builder("c1", "ws", Instant.EPOCH)
                .identifier(Identifier.of("crmId", awkward.replace("\u007f", "")))
                .attribute("first\"Name", io.contactkit.domain.AttributeValue.of(awkward))
                .attribute("displayName", io.contactkit.domain.AttributeValue.of(awkward))
                .build();
        ContactJson direct = new ContactJson(4);
        assertTrue(direct.contact(c, new long[] {3, 1_000_000_007L}));
        assertArrayEquals(jackson(c, new long[] {3, 1_000_000_007L}), direct.toByteArray());

        Contact control = Contact.builder("c2", "ws", Instant.EPOCH).attribute("note", io.contactkit.domain.AttributeValue.of("tab\there")).build();
        assertFalse(new ContactJson(4).contact(control, null));
        Contact pair = Contact.builder("c3", "ws", Instant.EPOCH).attribute("note", io.contactkit.domain.AttributeValue.of("smile \ud83d\ude00")).build();
        assertFalse(new ContactJson(4).contact(pair, null));
    }

    /** Whether the contact has a non-text attribute, or text with a control character or a surrogate. */
    private static boolean needsJackson(Contact c) {
        StringBuilder text = new StringBuilder(c.id());
        c.identifiers().forEach(i -> text.append(i.key()).append(i.value()));
        for (var e : c.attributes().entrySet()) {
            if (!(e.getValue() instanceof io.contactkit.domain.AttributeValue.Text t)) {
                return true;
            }
            text.append(e.getKey()).append(t.value());
        }
        text.append(c.displayName().orElse(""));
        return text.chars().anyMatch(ch -> ch < 0x20 || Character.isSurrogate((char) ch));
    }

    private static byte[] jackson(Contact c, long[] sources) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (NdjsonWriter writer = new NdjsonWriter(out)) {
            writer.contact(c, sources);
        }
        return out.toByteArray();
    }
}
