package io.contactkit.spark.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.cli.engine.PreparedRecord;
import io.contactkit.cli.engine.RecordMapping;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RecordBlocksTest {

    private static final RecordMapping CSV = RecordMapping.csv(List.of("email", "phone", "firstName"), Strategy.MERGE, "US", List.of());

    @Test
    void eachStageReadsBackWhatTheRowPerRecordFormHeld() {
        SplittableRandom r = new SplittableRandom(21);
        IdentityRules rules = IdentityRules.NONE;
        RecordBlocks.Builder builder = new RecordBlocks.Builder(CSV, rules);
        List<Row> valid = new ArrayList<>();
        List<Row> pairs = new ArrayList<>();
        List<Row> rejects = new ArrayList<>();
        // keys of a part read: part 3, places 1, 2, ...; gaps of any size too
        long key = Numbering.key(3, 0);
        for (int i = 0; i < 4_000; i++) {
            key += r.nextInt(20) == 0 ? 1 + r.nextInt(1 << 20) : 1;
            String[] cells = {r.nextInt(5) == 0 ? "bad@" : "u" + r.nextInt(500) + "@example.com",
                r.nextInt(3) == 0 ? null : "(201) 402-" + (1000 + r.nextInt(9000)), r.nextBoolean() ? "Zoë 東京" : null};
            PreparedRecord p = CSV.cells(key, cells.clone());
            builder.add(p, cells);
            // the row per record the stages read before: Prepare.prepared
            Row row = Prepare.prepared(CSV, rules, p, null, cells, null);
            if (p.isRejected()) {
                rejects.add(row);
                continue;
            }
            valid.add(row);
            for (long id : (long[]) row.get(3)) {
                pairs.add(org.apache.spark.sql.RowFactory.create(key, id));
            }
        }
        byte[] block = builder.take();
        assertTrue(builder.isEmpty());
        List<Row> gotValid = new ArrayList<>();
        RecordBlocks.valid(block).forEachRemaining(gotValid::add);
        assertEquals(valid.size(), gotValid.size());
        assertEquals(valid.size(), RecordBlocks.validCount(block));
        for (int i = 0; i < valid.size(); i++) {
            assertEquals(valid.get(i).getLong(0), gotValid.get(i).getLong(0));
            assertArrayEquals((byte[]) valid.get(i).get(4), (byte[]) gotValid.get(i).get(1));
        }
        List<Row> gotPairs = new ArrayList<>();
        RecordBlocks.pairs(block).forEachRemaining(gotPairs::add);
        assertEquals(pairs, gotPairs);
        Numbering numbering = Numbering.parts(new long[] {10, 20, 30, Long.MAX_VALUE >>> 24});
        List<Row> gotRejects = new ArrayList<>();
        RecordBlocks.rejects(block, numbering).forEachRemaining(gotRejects::add);
        assertEquals(rejects.size(), gotRejects.size());
        assertTrue(rejects.size() > 400 && valid.size() > 2_000, rejects.size() + " rejects, " + valid.size() + " valid");
        for (int i = 0; i < rejects.size(); i++) {
            Row want = rejects.get(i);
            assertEquals(List.of(numbering.record(want.getLong(0)), want.getString(1), want.getString(2)),
                    List.of(gotRejects.get(i).getLong(0), gotRejects.get(i).getString(1), gotRejects.get(i).getString(2)));
        }
    }

    @Test
    void blockedValuesLinkNobody() {
        String[] cells = {"shared@example.com", "(201) 402-1234", null};
        PreparedRecord p = CSV.cells(1, cells.clone());
        Identifier blocked = p.command().identifiers().get(0);
        IdentityRules rules = IdentityRules.NONE.withBlocked(List.of(blocked));
        RecordBlocks.Builder builder = new RecordBlocks.Builder(CSV, rules);
        builder.add(p, cells);
        List<Long> expected = new ArrayList<>();
        for (Identifier i : p.command().identifiers()) {
            if (!i.equals(blocked)) {
                expected.add(Prepare.hash(i));
            }
        }
        assertEquals(1, expected.size(), "an e-mail and a phone, one blocked");
        List<Long> pairs = new ArrayList<>();
        RecordBlocks.pairs(builder.take()).forEachRemaining(row -> pairs.add(row.getLong(1)));
        assertEquals(List.of(expected.get(0)), pairs);
    }

    @Test
    void aCommandWrittenInPlaceReadsBackAsTheOneCarriedWhateverItsLength() {
        // a command under 2 MB takes a length of three bytes; a longer one (here 40 texts of 60,000 characters) is moved up to
        // make room for a longer length; one the compact form cannot carry (here with a language) travels as its cells; the
        // hashes come from the bytes written
        List<String> header = new ArrayList<>(List.of("email", "phone"));
        for (int i = 0; i < 40; i++) {
            header.add("a" + i);
        }
        RecordMapping wide = RecordMapping.csv(header, Strategy.MERGE, "US", List.of());
        String[] shortCells = new String[header.size()];
        shortCells[0] = "short@example.com";
        shortCells[2] = "Zoë 東京";
        String[] longCells = new String[header.size()];
        longCells[0] = "long@example.com";
        longCells[1] = "(201) 402-1234";
        for (int i = 2; i < longCells.length; i++) {
            longCells[i] = Character.toString('a' + i % 26).repeat(60_000);
        }
        String[] languageCells = new String[header.size()];
        languageCells[0] = "lang@example.com";
        languageCells[2] = "Ann";
        UpsertCommand withLanguage = UpsertCommand.builder().strategy(Strategy.MERGE).identifier("email", "lang@example.com").set("a0", "Ann")
                .language("fr").build(io.contactkit.domain.IdentifierPolicy.builder().build()).get();
        List<PreparedRecord> records = List.of(wide.cells(1, shortCells.clone()), wide.cells(2, longCells.clone()),
                new PreparedRecord(3, withLanguage, null, null), wide.cells(4, shortCells.clone()));
        List<String[]> cells = List.of(shortCells, longCells, languageCells, shortCells);
        RecordBlocks.Builder builder = new RecordBlocks.Builder(wide, IdentityRules.NONE);
        List<Long> hashes = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            assertTrue(!records.get(i).isRejected(), records.get(i).toString());
            builder.add(records.get(i), cells.get(i));
            records.get(i).command().identifiers().forEach(id -> hashes.add(Prepare.hash(id)));
        }
        byte[] block = builder.take();
        List<Row> valid = new ArrayList<>();
        RecordBlocks.valid(block).forEachRemaining(valid::add);
        assertEquals(records.size(), valid.size());
        for (int i = 0; i < records.size(); i++) {
            long n = records.get(i).number();
            byte[] carried = (byte[]) valid.get(i).get(1);
            assertEquals(n, valid.get(i).getLong(0));
            assertArrayEquals(Prepare.carry(wide, records.get(i).command(), null, cells.get(i), null), carried, "record " + n);
            // the carried record made again: the command the tool maps the cells to
            assertEquals(wide.cells(n, cells.get(i).clone()), Prepare.carried(wide, n, carried), "record " + n);
        }
        assertTrue(((byte[]) valid.get(1).get(1)).length > 2 << 20, "a command over 2 MB");
        assertEquals(0, ((byte[]) valid.get(2).get(1))[0], "a record's cells, not the compact form");
        List<Long> got = new ArrayList<>();
        RecordBlocks.pairs(block).forEachRemaining(row -> got.add(row.getLong(1)));
        assertEquals(hashes, got);
    }
}
