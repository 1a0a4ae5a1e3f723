package io.contactkit.adapter.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** New identifier rows come out sorted by key, then by the value's UTF-8 bytes, each with its owner, as rows of COPY's binary format. */
class IdentifierRowsTest {

    @Test
    void rowsComeOutInKeyOrderWithTheirOwners() {
        Random random = new Random(7);
        String[] keys = {"phonenumber", "emailaddress", "crm_id", "z"};
        String[] alphabet = {"a", "b", "+1", "0", "9", "é", "\u00ff", "\u4e2d", "\uD83D\uDE00", "\\", "\t", "ab", "abcdefg"};
        // ids that need escaping too: each is encoded once, as its rows' column
        String[] owners = {"o0", "o\t1", "o中2"};
        IdentifierRows rows = new IdentifierRows();
        for (String o : owners) {
            rows.owner(o);
        }
        List<String[]> expected = new ArrayList<>();
        for (int n = 0; n < 5_000; n++) {
            StringBuilder value = new StringBuilder();
            for (int c = random.nextInt(12); c >= 0; c--) {
                value.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String key = keys[random.nextInt(keys.length)];
            int owner = random.nextInt(4) - 1;
            rows.add(key, value.toString(), owner);
            expected.add(new String[] {key, value.toString(), owner < 0 ? null : owners[owner]});
        }
        Comparator<String[]> order = Comparator.<String[], String>comparing(r -> r[0])
                .thenComparing((a, b) -> Arrays.compareUnsigned(a[1].getBytes(StandardCharsets.UTF_8), b[1].getBytes(StandardCharsets.UTF_8)));
        expected.sort(order);
        rows.sort();
        CopyRows written = CopyRows.binary(64);
        CopyRows wanted = CopyRows.binary(64);
        for (int i = 0; i < rows.size(); i++) {
            rows.write(i, CopyRows.encodeBinary("ws"), written);
            String[] e = expected.get(i);
            wanted.row(4).text("ws").text(e[0]).text(e[1]).text(e[2]).endRow();
        }
        // equal values may differ in owner (the sort keeps them in the order added, the expected list as well)
        assertEquals(bytes(wanted), bytes(written));
    }

    @Test
    void rowsPastOneBlockAndALongerValueThanABlockComeOutWhole() {
        // more bytes than several blocks hold, in parts as a run adds them, and one value longer than a block
        String[] owners = new String[3000];
        Arrays.setAll(owners, k -> "owner-" + k);
        String huge = "h".repeat(IdentifierRows.BLOCK + 17) + "é";
        IdentifierRows joined = new IdentifierRows();
        List<String[]> expected = new ArrayList<>();
        Random random = new Random(3);
        int ownersSoFar = 0;
        for (int part = 0; part < 30; part++) {
            IdentifierRows rows = new IdentifierRows();
            for (int k = 0; k < 100; k++) {
                rows.owner(owners[ownersSoFar + k]);
            }
            for (int n = 0; n < 6000; n++) {
                String value = Long.toString(random.nextLong() & Long.MAX_VALUE, 7) + "\t" + n;
                int owner = random.nextInt(101) - 1;
                rows.add(part % 2 == 0 ? "phone" : "email", value, owner);
                expected.add(new String[] {part % 2 == 0 ? "phone" : "email", value, owner < 0 ? null : owners[ownersSoFar + owner]});
            }
            if (part == 17) {
                rows.add("email", huge, 99);
                expected.add(new String[] {"email", huge, owners[ownersSoFar + 99]});
            }
            joined.addAll(rows);
            ownersSoFar += 100;
        }
        expected.sort(Comparator.<String[], String>comparing(r -> r[0])
                .thenComparing((a, b) -> Arrays.compareUnsigned(a[1].getBytes(StandardCharsets.UTF_8), b[1].getBytes(StandardCharsets.UTF_8))));
        joined.sort();
        CopyRows wanted = CopyRows.binary(64);
        for (String[] e : expected) {
            wanted.row(4).text("ws").text(e[0]).text(e[1]).text(e[2]).endRow();
        }
        assertEquals(expected.size(), joined.size());
        assertEquals(bytes(wanted), written(joined));
    }

    @Test
    void aRowNamesOnlyAnOwnerNumbered() {
        IdentifierRows rows = new IdentifierRows();
        assertThrows(IllegalArgumentException.class, () -> rows.add("k", "v", 0));
        assertEquals(0, rows.owner("a"));
        assertEquals(1, rows.owner("b"));
        rows.add("k", "v", 1);
        rows.add("k", "u", -1);
        assertThrows(IllegalArgumentException.class, () -> rows.add("k", "w", 2));
        assertThrows(IllegalArgumentException.class, () -> rows.add("k", "w", -2));
        rows.sort();
        // in COPY's binary format: per row its field count, then each field's length (-1: null) and bytes
        String ws = "\0\0\0\2ws";
        String k = "\0\0\0\1k";
        assertEquals("\0\4" + ws + k + "\0\0\0\1u" + "\377\377\377\377" + "\0\4" + ws + k + "\0\0\0\1v" + "\0\0\0\1b", written(rows));
    }

    @Test
    void rowsAddedInPartsAreTheRowsAddedOneByOne() {
        Random random = new Random(11);
        String[] keys = {"phonenumber", "emailaddress", "crm_id"};
        String[] owners = new String[40];
        Arrays.setAll(owners, k -> "o" + k);
        IdentifierRows whole = new IdentifierRows();
        for (String o : owners) {
            whole.owner(o);
        }
        IdentifierRows joined = new IdentifierRows();
        joined.addAll(new IdentifierRows());   // an empty part adds nothing
        int ownersSoFar = 0;
        for (int part = 0; part < 8; part++) {
            // each part numbers its own owners from 0 and meets the keys in its own order
            IdentifierRows rows = new IdentifierRows();
            int partOwners = random.nextInt(5);
            for (int k = 0; k < partOwners; k++) {
                rows.owner(owners[ownersSoFar + k]);
            }
            for (int n = random.nextInt(3) == 0 ? 0 : random.nextInt(300); n > 0; n--) {
                String key = keys[(part + random.nextInt(keys.length)) % keys.length];
                String value = "v\té" + random.nextInt(1000);
                int owner = partOwners == 0 ? -1 : random.nextInt(partOwners + 1) - 1;
                rows.add(key, value, owner);
                whole.add(key, value, owner < 0 ? -1 : ownersSoFar + owner);
            }
            joined.addAll(rows);
            ownersSoFar += partOwners;
        }
        assertEquals(whole.size(), joined.size());
        assertEquals(written(whole), written(joined), "in the order added");
        whole.sort();
        joined.sort();
        assertEquals(written(whole), written(joined), "sorted");
    }

    @Test
    void partsSortedWhereTheyAreMadeAreMergedIntoTheOrderOfAWholeSort() {
        Random random = new Random(5);
        String[] keys = {"phonenumber", "emailaddress", "crm_id", "k"};
        IdentifierRows whole = new IdentifierRows();
        IdentifierRows joined = new IdentifierRows();
        int owners = 0;
        for (int part = 0; part < 40; part++) {
            // most parts sorted where made, some not; values that tie past their first sixteen bytes, and equal values
            IdentifierRows rows = new IdentifierRows();
            int partOwners = 1 + random.nextInt(4);
            for (int k = 0; k < partOwners; k++) {
                rows.owner("o" + (owners + k));
                whole.owner("o" + (owners + k));
            }
            for (int n = random.nextInt(4) == 0 ? 0 : random.nextInt(200); n > 0; n--) {
                String key = keys[random.nextInt(keys.length)];
                String value = random.nextBoolean() ? "a-long-common-prefix-" + random.nextInt(50) : "v\u00e9" + random.nextInt(100);
                int owner = random.nextInt(partOwners + 1) - 1;
                rows.add(key, value, owner);
                whole.add(key, value, owner < 0 ? -1 : owners + owner);
            }
            if (random.nextInt(5) > 0) {
                rows.sort();
            }
            joined.addAll(rows);
            owners += partOwners;
        }
        // rows added one by one after the parts (the identifiers left with no owner)
        for (int n = 0; n < 30; n++) {
            String value = "loose" + random.nextInt(20);
            joined.add("emailaddress", value, -1);
            whole.add("emailaddress", value, -1);
        }
        whole.sort();
        // the rows taken one at a time as the runs are merged: the order of the whole sort, and the merge not kept
        IdentifierRows.Sorted merging = joined.sorted();
        CopyRows taken = CopyRows.binary(64);
        while (merging.hasNext()) {
            merging.writeNext(CopyRows.encodeBinary("ws"), taken);
        }
        assertEquals(written(whole), bytes(taken));
        assertThrows(java.util.NoSuchElementException.class, () -> merging.writeNext(CopyRows.encodeBinary("ws"), taken));
        joined.sort();
        assertEquals(written(whole), written(joined));
        joined.sort();
        assertEquals(written(whole), written(joined), "sorted twice");
        // a sorted set added to another, and more rows after it
        IdentifierRows again = new IdentifierRows();
        again.addAll(joined);
        again.add("crm_id", "0", -1);
        whole.add("crm_id", "0", -1);
        again.sort();
        whole.sort();
        assertEquals(written(whole), written(again));
    }

    private static String written(IdentifierRows rows) {
        CopyRows out = CopyRows.binary(64);
        for (int i = 0; i < rows.size(); i++) {
            rows.write(i, CopyRows.encodeBinary("ws"), out);
        }
        return bytes(out);
    }

    /** The rows' bytes, one char each (binary rows are no UTF-8 text). */
    private static String bytes(CopyRows rows) {
        return new String(rows.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aColumnWrittenAsBytesIsEscapedAsText() throws java.io.IOException {
        String json = "{\"a\":\"tab\\there \\\\ back\",\"b\":\"é中\"}\t\n\r\\";
        CopyRows viaText = new CopyRows(8).text("x").text(json).text("y").endRow();
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        CopyRows viaBytes = new CopyRows(8).text("x");
        java.io.OutputStream column = viaBytes.column();
        column.write(utf8, 0, 5);
        column.write(utf8[5]);
        column.write(utf8, 6, utf8.length - 6);
        viaBytes.text("y").endRow();
        assertEquals(new String(viaText.toByteArray(), StandardCharsets.UTF_8), new String(viaBytes.toByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void numbersAndEncodedColumnsAreWrittenAsText() {
        CopyRows viaText = new CopyRows(8);
        CopyRows direct = new CopyRows(8);
        for (long n : new long[] {0, 7, 10, 99, 1234567890123L, Long.MAX_VALUE, -5, Long.MIN_VALUE}) {
            viaText.text(Long.toString(n)).text("wé\t").endRow();
            direct.number(n).encoded(CopyRows.encode("wé\t")).endRow();
        }
        assertEquals(new String(viaText.toByteArray(), StandardCharsets.UTF_8), new String(direct.toByteArray(), StandardCharsets.UTF_8));
    }
}
