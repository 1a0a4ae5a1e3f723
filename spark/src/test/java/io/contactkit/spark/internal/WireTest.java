package io.contactkit.spark.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.cli.engine.PreparedRecord;
import io.contactkit.cli.engine.RecordMapping;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.Strategy;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WireTest {

    /** The columns {@link #row} fills. */
    private static final RecordMapping CSV = RecordMapping.csv(List.of("email", "phone", "id:crm", "firstName", "company"), Strategy.MERGE, "US", List.of("phone"));

    private static final String[] PIECES = {"", " ", "a", "Ann", "ann@example.com", " User7@Example.COM ", "+1 201 402 0013",
        "(201) 402-0013", "555-01", "bad@", "crm-1", "Zoë", "東京", "😀 emoji", "x".repeat(130), "y".repeat(20_000), ",\"quoted\"", "\n"};

    @Test
    void recordsComeBackCellForCellAndLinesCharForChar() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 5_000; i++) {
            String[] cells = new String[r.nextInt(8)];
            for (int c = 0; c < cells.length; c++) {
                cells[c] = r.nextInt(6) == 0 ? null : PIECES[r.nextInt(PIECES.length)] + (r.nextBoolean() ? PIECES[r.nextInt(PIECES.length)] : "");
            }
            assertArrayEquals(cells, Wire.cells(Wire.record(cells, null)));
            String line = "{\"email\":\"" + PIECES[r.nextInt(PIECES.length)] + "\"}";
            byte[] json = Wire.record(null, line);
            assertEquals(null, Wire.cells(json));
            assertEquals(line, Wire.json(json));
        }
    }

    @Test
    void numbersOfEverySizeComeBack() {
        long[] values = {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE, 1L << 35, Long.MAX_VALUE, -1, Long.MIN_VALUE};
        Wire.Out out = new Wire.Out(1);
        for (long v : values) {
            out.varint(v).text(null).bytes(new byte[] {(byte) v});
        }
        Wire.In in = new Wire.In(out.toBytes());
        for (long v : values) {
            assertEquals(v, in.varint());
            assertEquals(null, in.text());
            assertArrayEquals(new byte[] {(byte) v}, in.bytes());
        }
        assertEquals(true, in.atEnd());
    }

    @Test
    void hashesTakeEightBytesAndComeBackAmongOtherFields() {
        long[] values = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 0x0123_4567_89AB_CDEFL};
        Wire.Out out = new Wire.Out(1);
        for (long v : values) {
            out.varint(7).fixed64(v);
        }
        byte[] bytes = out.toBytes();
        assertEquals(values.length * 9, bytes.length);
        Wire.In in = new Wire.In(bytes);
        for (long v : values) {
            assertEquals(7, in.varint());
            assertEquals(v, in.fixed64());
        }
        assertEquals(true, in.atEnd());
    }

    @Test
    void theReplayMapsTheBytesToTheCommandTheToolMapsTheCellsTo() {
        RecordMapping mapping = CSV;
        SplittableRandom r = new SplittableRandom(3);
        int valid = 0;
        for (long n = 1; n <= 3_000; n++) {
            String[] cells = row(r);
            PreparedRecord direct = mapping.cells(n, cells.clone());
            PreparedRecord replayed = Prepare.prepare(mapping, n, Wire.record(cells, null));
            assertEquals(direct, replayed);
            valid += direct.isRejected() ? 0 : 1;
        }
        // both outcomes were tried
        assertEquals(true, valid > 500 && valid < 2_900, "valid: " + valid);
    }

    @Test
    void aCarriedCommandIsMadeAgainEqualToTheOneTheToolMapsTheCellsTo() {
        RecordMapping csv = CSV;
        SplittableRandom r = new SplittableRandom(5);
        int compact = 0;
        for (long n = 1; n <= 3_000; n++) {
            String[] cells = row(r);
            PreparedRecord direct = csv.cells(n, cells.clone());
            if (direct.isRejected()) {
                continue;
            }
            byte[] carried = Prepare.carry(csv, direct.command(), Wire.record(cells, null), null, null);
            compact += carried[0] == 1 ? 1 : 0;
            PreparedRecord again = Prepare.carried(csv, n, carried);
            assertEquals(direct, again);
            assertEquals(direct.command().attributes().keySet().stream().toList(), again.command().attributes().keySet().stream().toList());
        }
        assertEquals(true, compact > 500, "compact: " + compact);
        // an NDJSON line's command with more than identifiers and texts travels as the line, mapped again
        RecordMapping ndjson = RecordMapping.ndjson(Strategy.MERGE, "US", List.of());
        for (String line : List.of("{\"email\":\"a@example.com\",\"firstName\":\"Ann\"}",
                "{\"email\":\"a@example.com\",\"age\":41,\"vip\":true}",
                "{\"email\":\"a@example.com\",\"city\":null}")) {
            PreparedRecord direct = ndjson.json(7, line);
            assertEquals(false, direct.isRejected(), line + ": " + direct);
            byte[] carried = Prepare.carry(ndjson, direct.command(), null, null, line);
            assertEquals(direct, Prepare.carried(ndjson, 7, carried), line);
        }
    }

    @Test
    void keysAndNamesReadBackAreTheSameStringEachTimeAndTheWellKnownKeysTheDomainsOwn() {
        Prepare.Names names = new Prepare.Names();
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            texts.add("name" + i);
        }
        texts.addAll(List.of("Zoë", "東京", "😀", "x".repeat(300), Identifier.EMAIL, Identifier.PHONE, Identifier.VISITOR, "a", "b"));
        Wire.Out out = new Wire.Out(64);
        // each text three times, in turns: far more texts than the table's slots, so slots are taken over again and again
        for (int round = 0; round < 3; round++) {
            for (String t : texts) {
                out.text(t);
            }
        }
        out.text(null);
        Wire.In in = new Wire.In(out.toBytes());
        for (int round = 0; round < 3; round++) {
            for (String t : texts) {
                assertEquals(t, names.text(in));
            }
        }
        assertNull(names.text(in));
        assertTrue(in.atEnd());
        // read back right after itself: the same string
        Wire.Out twice = new Wire.Out(64).text("firstName").text("firstName").text("emailaddress").text("phonenumber").text("visitorid");
        Wire.In back = new Wire.In(twice.toBytes());
        assertSame(names.text(back), names.text(back));
        assertSame(Identifier.EMAIL, names.text(back));
        assertSame(Identifier.PHONE, names.text(back));
        assertSame(Identifier.VISITOR, names.text(back));
    }

    @Test
    void aCarriedCommandsWellKnownKeysAreTheDomainsConstants() {
        PreparedRecord direct = CSV.cells(1, new String[] {"ann@example.com", "(201) 402-0013", "crm-1", "Ann", "Acme"});
        PreparedRecord again = Prepare.carried(CSV, 1, Prepare.carry(CSV, direct.command(), null, new String[0], null));
        assertEquals(direct, again);
        for (Identifier id : again.command().identifiers()) {
            if (id.key().equals(Identifier.EMAIL)) {
                assertSame(Identifier.EMAIL, id.key());
            } else if (id.key().equals(Identifier.PHONE)) {
                assertSame(Identifier.PHONE, id.key());
            }
        }
        assertEquals(List.of("firstName", "company"), List.copyOf(again.command().attributes().keySet()));
    }

    /** A row of {@code email, phone, id:crm, firstName, company}: random pieces, a third of them with a valid e-mail and phone. */
    private static String[] row(SplittableRandom r) {
        String[] cells = new String[5];
        for (int c = 0; c < cells.length; c++) {
            cells[c] = r.nextInt(4) == 0 ? null : PIECES[r.nextInt(PIECES.length)];
        }
        if (r.nextInt(3) == 0) {
            cells[0] = "user" + r.nextInt(100) + "@Example.com";
            cells[1] = "(201) 402-" + (1000 + r.nextInt(9000));
        }
        return cells;
    }
}
