package io.contactkit.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Deduplicator;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The contacts written on every core: byte for byte what one writer writing them in turn gives. */
class ContactLinesTest {

    /** Text that every JSON writer must escape or encode with care. */
    static final String AWKWARD = "\"\\/\u0000\u0001\u001f\u007f\u00e9\u00df\u2028\u2029\ud83d\ude00\t\n\r\b\f <>&'";

    @Test
    void contactsReadInPlaceWriteExactlyWhatTheBuiltContactsWriteUnderEveryStrategy() {
        for (Strategy strategy : Strategy.values()) {
            for (long seed = 1; seed <= 3; seed++) {
                Deduplicator engine = book(2_000, seed * 131 + strategy.ordinal(), strategy);
                byte[] built = sequential(engine);
                ByteArrayOutputStream inPlace = new ByteArrayOutputStream();
                try (NdjsonWriter writer = new NdjsonWriter(inPlace)) {
                    engine.viewContacts(0, engine.contactNumbers(), writer::contact);
                }
                assertArrayEquals(built, inPlace.toByteArray(), strategy + ", seed " + seed);
                String text = new String(built, StandardCharsets.UTF_8);
                // the generated books reach what the comparison is for
                for (String expected : new String[] {"\\u0000", "\\\"", "\u00e9", "\ud83d\ude00", "\"attributes\":{}", "\"\"",
                        "\"displayName\":null", "\"anonymous\":true", "\"Ωmega", "[\"\","}) {
                    assertTrue(text.contains(expected), strategy + ": no " + expected + " in the output");
                }
                if (strategy == Strategy.MERGE) {
                    assertTrue(engine.summary().merged() > 0, "merges");
                }
            }
        }
    }

    @Test
    void linesOfContactsReadInPlaceAreTheLinesOfTheBuiltContacts() throws IOException {
        for (Strategy strategy : Strategy.values()) {
            Deduplicator engine = book(2_000, 977 + strategy.ordinal(), strategy);
            byte[] built = sequential(engine);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            io.contactkit.cli.engine.Lines lines = new io.contactkit.cli.engine.Lines();
            engine.viewContacts(0, engine.contactNumbers(), v -> {
                try {
                    lines.contact(v, out);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertArrayEquals(built, out.toByteArray(), strategy.toString());
            assertTrue(built.length > 0);
        }
    }

    @Test
    void parallelRangesWriteExactlyWhatOneWriterWrites() {
        for (int records : new int[] {0, 1, 2, 50, 3_000}) {
            Deduplicator engine = book(records, records * 31L + 1);
            byte[] sequential = sequential(engine);
            assertEquals(records == 0, sequential.length == 0);
            for (int workers : new int[] {1, 2, 3}) {
                for (int range : new int[] {1, 3, 64, 100_000}) {
                    ByteArrayOutputStream parallel = new ByteArrayOutputStream();
                    new ContactLines(workers, range).write(engine, parallel);
                    assertArrayEquals(sequential, parallel.toByteArray(), records + " records, " + workers + " workers, ranges of " + range);
                }
            }
        }
    }

    @Test
    void linesWrittenDirectlyAreTheGeneratorsForEveryCharacter() {
        // every character of the Basic Multilingual Plane but the surrogates, in attribute values and display names, where a
        // name may hold it in attribute names,
        // and, where an identifier may hold it, in identifier values (stored one byte per character or two); surrogate
        // pairs; texts repeated (kept encoded) and texts that share a cache slot
        Deduplicator engine = new Deduplicator("ws", Instant.parse("2026-01-01T00:00:00Z"));
        long record = 0;
        for (int from = 0; from < 0x10000; from += 48) {
            StringBuilder chars = new StringBuilder();
            for (int c = from; c < Math.min(0x10000, from + 48); c++) {
                if (!Character.isSurrogate((char) c)) {
                    chars.append((char) c);
                }
            }
            String text = chars.toString();
            StringBuilder p = new StringBuilder();
            text.chars().forEach(c -> p.append(Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.UNASSIGNED ? '_' : (char) c));
            String printable = p.toString();
            UpsertCommand.Builder b = UpsertCommand.builder().strategy(Strategy.MERGE)
                    .identifier(Identifier.of("crmId", "k" + from + printable))
                    .set("n" + printable, text)
                    .set("firstName", from % 96 == 0 ? text : "F" + (from % 7))
                    .set("city", "C\u00e9" + (from % 5));
            if (from % 3 == 0) {
                b.identifier(Identifier.of(Identifier.EMAIL, "p" + (from % 11) + "@x.io"));
            }
            var built = b.build(IdentifierPolicy.defaults());
            if (built.isInvalid()) {
                throw new AssertionError(from + ": " + built.getError().mkString("; "));
            }
            engine.apply(++record, built.get());
        }
        for (String text : new String[] {"\ud83d\ude00", "a\ud83d\ude00b\u00e9", "\ud800\udc00\udbff\udfff"}) {
            engine.apply(++record, UpsertCommand.builder().strategy(Strategy.MERGE).identifier(Identifier.of("crmId", "s" + text))
                    .set("n" + text, text).build(IdentifierPolicy.defaults()).get());
        }
        byte[] sequential = sequential(engine);
        for (int workers : new int[] {1, 2}) {
            ByteArrayOutputStream parallel = new ByteArrayOutputStream();
            new ContactLines(workers, 7).write(engine, parallel);
            assertArrayEquals(sequential, parallel.toByteArray(), workers + " workers");
        }
        assertTrue(new String(sequential, StandardCharsets.UTF_8).contains("\\u001F") || new String(sequential, StandardCharsets.UTF_8).contains("\\u001f"));
    }

    @Test
    void moreKeysAndNamesThanTheBufferKeepsRunsForAreWrittenAsTheGeneratorWritesThem() {
        // twelve identifier keys (the buffer keeps the bytes of eight), names that are equal but other objects in every record,
        // and twenty names (it keeps sixteen): what it keeps no run for takes the general path, with the same bytes
        Deduplicator engine = new Deduplicator("ws", Instant.parse("2026-01-01T00:00:00Z"));
        Random random = new Random(5);
        for (int r = 1; r <= 3_000; r++) {
            UpsertCommand.Builder b = UpsertCommand.builder().strategy(Strategy.MERGE)
                    .identifier(Identifier.of("key" + random.nextInt(12), "v" + random.nextInt(1_500)));
            if (random.nextInt(4) == 0) {
                b.identifier(Identifier.of(Identifier.VISITOR, "v" + random.nextInt(1_500)));
            }
            b.set(new String("first\"Name".toCharArray()), "F" + random.nextInt(9))
                    .set("attribute" + random.nextInt(20), "\u00e9" + random.nextInt(50));
            engine.apply(r, b.build(IdentifierPolicy.defaults()).get());
        }
        byte[] sequential = sequential(engine);
        for (int workers : new int[] {1, 2}) {
            ByteArrayOutputStream parallel = new ByteArrayOutputStream();
            new ContactLines(workers, 64).write(engine, parallel);
            assertArrayEquals(sequential, parallel.toByteArray(), workers + " workers");
        }
        String text = new String(sequential, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"key11\"") && text.contains("\"attribute19\"") && text.contains("\"first\\\"Name\""), "keys and names");
        assertTrue(text.contains("\"anonymous\":false") && text.contains("\"visitorid\""), "visitors");
    }

    @Test
    void recordNumbersOfEveryLengthAreWrittenAsTheGeneratorWritesThem() {
        Deduplicator engine = new Deduplicator("ws", Instant.parse("2026-01-01T00:00:00Z"));
        long[] records = {1, 9, 10, 11, 99, 100, 101, 999, 1_000, 12_345, 99_999, 100_000, 999_999, 1_000_000, 1_234_567, 9_999_999,
            10_000_000, 99_999_999, 100_000_000, 999_999_999, 1_000_000_000, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L,
            1_000_000_000_000L, Long.MAX_VALUE};
        for (int k = 0; k < records.length; k++) {
            engine.apply(records[k], UpsertCommand.builder().strategy(Strategy.MERGE).identifier(Identifier.of(Identifier.EMAIL, "p" + (k % 3) + "@x.io"))
                    .build(IdentifierPolicy.defaults()).get());
        }
        ByteArrayOutputStream parallel = new ByteArrayOutputStream();
        new ContactLines(1, 2).write(engine, parallel);
        assertArrayEquals(sequential(engine), parallel.toByteArray());
        assertTrue(new String(parallel.toByteArray(), StandardCharsets.US_ASCII).contains("," + Long.MAX_VALUE + "]"));
    }

    @Test
    void aFailedWriteIsTheRunsFailureAndNoWorkerIsLeftBehind() {
        Deduplicator engine = book(2_000, 3);
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };
        RuntimeException e = assertThrows(RuntimeException.class, () -> new ContactLines(2, 16).write(engine, broken));
        assertTrue(String.valueOf(e.getMessage()).contains("disk full"), e.toString());
        // a second walk after the failure still works: the engine was only read
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        new ContactLines(2, 16).write(engine, again);
        assertArrayEquals(sequential(engine), again.toByteArray());
    }

    private static byte[] sequential(Deduplicator engine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (NdjsonWriter writer = new NdjsonWriter(out)) {
            engine.forEachContact(c -> writer.contact(c.contact(), c.sourceRecords().stream().mapToLong(Long::longValue).toArray()));
        }
        return out.toByteArray();
    }

    /**
     * A merge run over generated records: e-mail, phone, visitor and CRM identifiers drawn from small pools
     * (so records join and merge), and attributes of every kind, with text full of characters JSON escapes.
     */
    static Deduplicator book(int records, long seed) {
        return book(records, seed, Strategy.MERGE);
    }

    /**
     * As {@link #book(int, long)} under any strategy, with identifier values beyond Latin-1, records naming
     * nobody, attributes removed again, empty and blank text, and padded names.
     */
    static Deduplicator book(int records, long seed, Strategy strategy) {
        Random random = new Random(seed);
        Deduplicator engine = new Deduplicator("ws", Instant.parse("2026-01-01T00:00:00Z"));
        int pool = Math.max(2, records / 2);
        for (int r = 1; r <= records; r++) {
            UpsertCommand.Builder b = UpsertCommand.builder().strategy(strategy);
            switch (random.nextInt(6)) {
                case 0 -> b.identifier(Identifier.of(Identifier.VISITOR, "v" + random.nextInt(pool)));
                case 1 -> b.identifier(Identifier.of(Identifier.EMAIL, "p" + random.nextInt(pool) + "@x.io"))
                        .identifier(Identifier.of(Identifier.PHONE, "+3161" + (1_000_000 + random.nextInt(pool))));
                case 2 -> b.identifier(Identifier.of("crmId", "crm-" + text(random).replaceAll("\\p{Cntrl}|\\s", "_")));
                case 3 -> b.identifier(Identifier.of("crmId", "Ωmega-" + random.nextInt(pool)))
                        .identifier(Identifier.of(Identifier.PHONE, "+3161" + (1_000_000 + random.nextInt(pool))));
                case 4 -> {
                    if (random.nextInt(4) != 0) {
                        b.identifier(Identifier.of(Identifier.VISITOR, "v" + random.nextInt(pool)))
                                .identifier(Identifier.of(Identifier.EMAIL, "p" + random.nextInt(pool) + "@x.io"));
                    }
                }
                default -> b.identifier(Identifier.of(Identifier.EMAIL, "p" + random.nextInt(pool) + "@x.io"));
            }
            if (random.nextBoolean()) {
                b.set("firstName", text(random));
            }
            if (random.nextInt(3) == 0) {
                b.set("displayName", text(random));
            }
            switch (random.nextInt(8)) {
                case 0 -> b.set("firstName", "");
                case 1 -> b.set("displayName", "  " + text(random) + "\t");
                case 2 -> b.remove("firstName");
                case 3 -> b.set("firstName", AttributeValue.of(random.nextLong()));
                case 4 -> b.set("tags", AttributeValue.of(List.of(AttributeValue.of(""), AttributeValue.of(text(random)))));
                case 5 -> b.set("displayName", " ");
                default -> { }
            }
            if (random.nextInt(3) == 0) {
                b.set("score", AttributeValue.of(new BigDecimal(random.nextInt(2_000_000) - 1_000_000).scaleByPowerOfTen(-random.nextInt(8))));
            }
            if (random.nextInt(4) == 0) {
                b.set("vip", AttributeValue.of(random.nextBoolean()));
            }
            if (random.nextInt(5) == 0) {
                b.set("tags", AttributeValue.of(List.of(AttributeValue.of(text(random)), AttributeValue.of(random.nextLong()))));
            }
            var built = b.build(IdentifierPolicy.defaults());
            if (built.isInvalid()) {
                throw new AssertionError(built.getError().mkString("; "));
            }
            UpsertCommand command = built.get();
            engine.apply(r, command);
        }
        return engine;
    }

    private static String text(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(12); i >= 0; i--) {
            int k = random.nextInt(AWKWARD.length() + 26);
            if (k < AWKWARD.length()) {
                char c = AWKWARD.charAt(k);
                s.append(c);
                if (Character.isHighSurrogate(c)) {
                    s.append(AWKWARD.charAt(k + 1));
                }
            } else {
                s.append((char) ('a' + k - AWKWARD.length()));
            }
        }
        return new String(s.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
