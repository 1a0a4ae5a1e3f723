package io.contactkit.cli.internal;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns raw records into commands: maps columns or fields to identifiers (in column order, then
 * reordered by the policy's key priority) and attributes (empty and blank values are absent), and
 * normalizes through the domain. Thread-safe: several workers may map records at once.
 */
public final class RecordMapper {

    /** What to do with a record that has no identifier at all. */
    public enum NoIdentifier {
        /** It becomes a contact of its own (deduplication: the engine creates one for it). */
        OWN_CONTACT,
        /** It is rejected with code {@code no_identifier} (an upsert needs a key). */
        REJECT
    }

    /** Made on first use: a CSV run never needs it, and Jackson's object mapping is slow to set up. */
    private static final class Json {
        static final JsonMapper MAPPER = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // decimal numbers as written, never through a double: no digits lost, and 1e400 is a number, not infinity
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }

    private final Field[] columns;
    private final IdentifierPolicy policy;
    private final Strategy strategy;
    private final NoIdentifier noIdentifier;
    private final Map<String, Object> fields = new ConcurrentHashMap<>();
    private final ValueCache values = new ValueCache();
    // one builder and one list for a row's problems per mapping thread, emptied for every row: a command copies what it
    // keeps, so a row's builder and its arrays need not be made again for the next one
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    // the same, found by the thread's id in a small table first: a thread-local look-up made a native call per row under
    // the client compiler (its map's entries are weak references). A slot keeps the scratch of the first thread that
    // took it; a thread whose slot another thread holds uses the thread-local. Read and written without
    // synchronization: a thread reads null, another thread's scratch (its owner field is final) or its own
    private static final int SCRATCH_SLOTS = 64;
    private final Scratch[] scratchByThread = new Scratch[SCRATCH_SLOTS];

    /** What a mapping thread reuses from row to row. */
    private static final class Scratch {
        final long owner = Thread.currentThread().getId();
        final UpsertCommand.Builder builder = UpsertCommand.builder();
        final List<Violation> problems = new ArrayList<>();
    }

    /** This thread's scratch. */
    private Scratch scratch() {
        long id = Thread.currentThread().getId();
        int slot = (int) id & (SCRATCH_SLOTS - 1);
        Scratch s = scratchByThread[slot];
        if (s != null && s.owner == id) {
            return s;
        }
        Scratch mine = scratch.get();
        if (s == null) {
            scratchByThread[slot] = mine;
        }
        return mine;
    }

    /**
     * @param columns the CSV header's fields; null for NDJSON
     */
    public RecordMapper(Field[] columns, IdentifierPolicy policy, Strategy strategy, NoIdentifier noIdentifier) {
        this.columns = columns == null ? null : columns.clone();
        this.policy = policy;
        this.strategy = strategy;
        this.noIdentifier = noIdentifier;
    }

    /** Maps and normalizes one record; never throws for bad data. */
    public Prepared prepare(RawRecord record) {
        if (record instanceof RawRecord.Cells c) {
            return fromCells(c);
        }
        return fromJson((RawRecord.JsonLine) record);
    }

    private Prepared fromCells(RawRecord.Cells record) {
        String[] cells = record.cells();
        if (cells.length > columns.length) {
            return Prepared.rejected(record.number(), "too_many_cells",
                    "the row has " + cells.length + " cells but the header has " + columns.length + " columns");
        }
        Scratch mine = scratch();
        UpsertCommand.Builder b = mine.builder.clear().strategy(strategy);
        boolean anyIdentifier = false;
        boolean anyValue = false;
        for (int i = 0; i < cells.length; i++) {
            String v = cells[i];
            if (v == null || isBlank(v)) {
                continue;
            }
            anyValue = true;
            Field f = columns[i];
            if (f.unnamed()) {
                return Prepared.rejected(record.number(), "unnamed_column", "column " + (i + 1)
                        + " has no name in the header but holds a value in this record: name the column, or remove it");
            }
            if (f.identifier()) {
                b.identifier(f.key(), v);
                anyIdentifier = true;
            } else {
                b.change(f.key(), values.setText(v));
            }
        }
        if (!anyValue) {
            // a row of empty cells (",,," as spreadsheets export below the data) holds nothing to make a contact of
            return Prepared.rejected(record.number(), "empty_record", "every cell of the row is empty");
        }
        return build(record.number(), b, anyIdentifier, mine.problems);
    }

    /**
     * {@link String#isBlank()}, answered from the first character when it is printable ASCII (never
     * white space), as it is in most cells: the full check runs only for the others.
     */
    static boolean isBlank(String v) {
        if (!v.isEmpty()) {
            char c = v.charAt(0);
            if (c > ' ' && c < 0x7F) {
                return false;
            }
        }
        return v.isBlank();
    }

    private Prepared fromJson(RawRecord.JsonLine record) {
        long n = record.number();
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(record.text());
        } catch (JacksonException e) {
            return Prepared.rejected(n, "invalid_json", "the line is not valid JSON: " + JsonProblem.describe(e, true));
        }
        if (node == null || !node.isObject()) {
            return Prepared.rejected(n, "not_an_object", "the line is JSON but not an object");
        }
        UpsertCommand.Builder b = UpsertCommand.builder().strategy(strategy);
        boolean anyIdentifier = false;
        List<String> renamed = null; // this line's fields named otherwise than their attribute (first_name for firstName)
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            Object mapped = fields.computeIfAbsent(e.getKey(), RecordMapper::fieldOrProblem);
            if (mapped instanceof String problem) {
                return Prepared.rejected(n, "invalid_field", problem);
            }
            Field f = (Field) mapped;
            if (!f.identifier() && !f.key().equals(e.getKey())) {
                String other = otherName(node, f.key(), renamed);
                if (other != null) {
                    return Prepared.rejected(n, "invalid_field", "fields '" + Field.abbreviate(other) + "' and '" + Field.abbreviate(e.getKey())
                            + "' both name the attribute " + f.key());
                }
                renamed = renamed == null ? new ArrayList<>(2) : renamed;
                renamed.add(e.getKey());
            }
            JsonNode v = e.getValue();
            String problem = f.identifier() ? identifiers(b, f, v) : attribute(b, f, v);
            if (problem != null) {
                return Prepared.rejected(n, "wrong_type", "field '" + Field.abbreviate(f.name()) + "' " + problem);
            }
            anyIdentifier |= f.identifier() && hasText(v);
        }
        return build(n, b, anyIdentifier, scratch().problems);
    }

    /** Another field of a line that names the attribute {@code key} too, if there is one. */
    private @Nullable String otherName(JsonNode node, String key, @Nullable List<String> renamed) {
        if (node.has(key)) {
            return key;
        }
        if (renamed != null) {
            for (String name : renamed) {
                if (fields.get(name) instanceof Field r && r.key().equals(key)) {
                    return name;
                }
            }
        }
        return null;
    }

    private static Object fieldOrProblem(String name) {
        try {
            return Field.of(name);
        } catch (IllegalArgumentException e) {
            return e.getMessage().replaceFirst("^(a )?column", "$1field");
        }
    }

    private static boolean hasText(JsonNode v) {
        if (v.isString()) {
            return !v.stringValue().isBlank();
        }
        if (v.isArray()) {
            for (JsonNode item : v) {
                if (item.isString() && !item.stringValue().isBlank()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String identifiers(UpsertCommand.Builder b, Field f, JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isString()) {
            if (!v.stringValue().isBlank()) {
                b.identifier(f.key(), v.stringValue());
            }
            return null;
        }
        if (v.isArray()) {
            for (JsonNode item : v) {
                if (item.isNull()) {
                    continue;
                }
                if (!item.isString()) {
                    return "must hold strings, found " + kind(item);
                }
                if (!item.stringValue().isBlank()) {
                    b.identifier(f.key(), item.stringValue());
                }
            }
            return null;
        }
        return "must be a string or an array of strings, found " + kind(v);
    }

    private static String attribute(UpsertCommand.Builder b, Field f, JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            if (v.isEmpty()) {
                return null;
            }
            List<AttributeValue> items = new ArrayList<>(v.size());
            for (JsonNode item : v) {
                AttributeValue scalar = scalar(item);
                if (scalar == null) {
                    return "must hold strings, numbers or booleans, found " + kind(item);
                }
                items.add(scalar);
            }
            b.set(f.key(), AttributeValue.of(items));
            return null;
        }
        if (v.isString() && v.stringValue().isBlank()) {
            return null;
        }
        AttributeValue scalar = scalar(v);
        if (scalar == null) {
            return "must be a string, number, boolean or an array of those, found " + kind(v);
        }
        b.set(f.key(), scalar);
        return null;
    }

    private static AttributeValue scalar(JsonNode v) {
        if (v.isString()) {
            return AttributeValue.of(v.stringValue());
        }
        if (v.isNumber()) {
            return AttributeValue.of(v.decimalValue());
        }
        if (v.isBoolean()) {
            return AttributeValue.of(v.booleanValue());
        }
        return null;
    }

    private static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** @param problems the calling thread's list for the command's problems, emptied here */
    private Prepared build(long number, UpsertCommand.Builder b, boolean anyIdentifier, List<Violation> problems) {
        if (!anyIdentifier && noIdentifier == NoIdentifier.REJECT) {
            return Prepared.rejected(number, "no_identifier", "the record has no identifier: an upsert needs at least one");
        }
        problems.clear();
        UpsertCommand command = b.build(policy, problems);
        return command != null ? Prepared.valid(number, command) : rejected(number, problems);
    }

    /** The rejection of a record whose command has these problems (in the order the build found them). */
    private static Prepared rejected(long number, Iterable<Violation> problems) {
        boolean identifier = false;
        for (Violation v : problems) {
            identifier |= v.field().startsWith("identifiers");
        }
        return Prepared.rejected(number, identifier ? "invalid_identifier" : "invalid_record", describe(problems));
    }

    private static String describe(Iterable<Violation> problems) {
        StringBuilder s = new StringBuilder();
        for (Violation v : problems) {
            if (s.length() > 0) {
                s.append("; ");
            }
            s.append(v.message());
        }
        return s.toString();
    }
}
