package io.contactkit.spark.internal;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/** The shapes of the rows between the stages. */
public final class Schemas {

    /** Records as read: number, and a CSV row's cells or an NDJSON line. */
    public static final StructType RAW = createStructType(List.of(
            createStructField("record", LongType, false),
            createStructField("cells", createArrayType(StringType, true), true),
            createStructField("json", StringType, true)));

    /** Records as read, each in one binary column (the cells or the line, as {@link #encoded} writes them): what the command line's reads give. */
    public static final StructType ENCODED = createStructType(List.of(
            createStructField("record", LongType, false),
            createStructField("bytes", BinaryType, false)));

    /**
     * Records mapped: valid ones carry their canonical identifiers' {@link Prepare#hash hashes} and, in
     * {@link Prepare#carry bytes}, their built command (or the record as read); rejected ones a code and message.
     */
    static final StructType PREPARED = createStructType(List.of(
            createStructField("record", LongType, false),
            createStructField("code", StringType, true),
            createStructField("message", StringType, true),
            createStructField("ids", createArrayType(LongType, false), true),
            createStructField("bytes", BinaryType, true)));

    /** Records mapped and kept in blocks ({@link RecordBlocks}): what the command line's parted read gives. */
    static final StructType BLOCKS = createStructType(List.of(
            createStructField("block", BinaryType, false)));

    /** A valid record: its key and its {@link Prepare#carry carried} command. */
    static final StructType VALID = createStructType(List.of(
            createStructField("record", LongType, false),
            createStructField("bytes", BinaryType, false)));

    /** A valid record in a component of two or more: the component's smallest record, its key and its carried command. */
    static final StructType LINKED_RECORDS = createStructType(List.of(
            createStructField("component", LongType, false),
            createStructField("record", LongType, false),
            createStructField("bytes", BinaryType, false)));

    /** A valid record and one of its identifiers' {@link Prepare#hash hashes}. */
    static final StructType PAIRS = createStructType(List.of(
            createStructField("record", LongType, false),
            createStructField("id", LongType, false)));

    /** Edges of the record graph: two records in one component ({@link LocalLinks}, {@link Components}). */
    static final StructType LINKS = createStructType(List.of(
            createStructField("a", LongType, false),
            createStructField("b", LongType, false)));

    static final StructType IDENTIFIER = createStructType(List.of(
            createStructField("key", StringType, false),
            createStructField("value", StringType, false)));

    /**
     * What replaying one partition gives, narrow (see {@link Replay} for what {@code text} and
     * {@code data} hold for each kind): kind {@code S} (a surviving contact, keyed by the record that
     * created it: its first source record), {@code L} and {@code G} (blocks of surviving contacts' lines, of the
     * records alone and of the linked ones), {@code R} (a record the engine rejected), {@code A} (an
     * applied record's audit entry) or {@code T} (the partition's counts and the records that created
     * its contacts).
     */
    static final StructType REPLAYED = createStructType(List.of(
            createStructField("kind", StringType, false),
            createStructField("record", LongType, false),
            createStructField("text", StringType, true),
            createStructField("data", BinaryType, true)));

    /** The surviving contacts as the replay leaves them: the creating record, the line after the id, the fields (or null). */
    static final StructType SURVIVORS = createStructType(List.of(
            createStructField("record", LongType, false),
            createStructField("text", StringType, false),
            createStructField("data", BinaryType, true)));

    /** A contact's fields other than its id, as {@link Replay} encodes them, decoded for {@link #CONTACTS}. */
    static final StructType CONTACT_FIELDS = createStructType(List.of(
            createStructField("identifiers", createArrayType(IDENTIFIER, false), false),
            createStructField("attributes", createMapType(StringType, StringType, false), false),
            createStructField("displayName", StringType, true),
            createStructField("anonymous", BooleanType, false),
            createStructField("sourceRecords", createArrayType(LongType, false), false)));

    /** A hub a partition found: its identifier, the otherwise separate contacts and the records that carry it. */
    static final StructType HUBS = createStructType(List.of(
            createStructField("key", StringType, false),
            createStructField("value", StringType, false),
            createStructField("contacts", IntegerType, false),
            createStructField("records", IntegerType, false)));

    /** Audit lines: the record, and the exact line {@code dedupe --audit} writes for it (without its newline). */
    public static final StructType AUDIT = createStructType(List.of(
            createStructField("record", LongType, false),
            createStructField("json", StringType, false)));

    /** A rejected record. */
    static final StructType REJECTED = createStructType(List.of(
            createStructField("record", LongType, false),
            createStructField("code", StringType, false),
            createStructField("message", StringType, false)));

    /** The contacts: the command-line tool's fields, and its exact line. */
    public static final StructType CONTACTS = createStructType(List.of(
            createStructField("id", StringType, false),
            createStructField("identifiers", createArrayType(IDENTIFIER, false), false),
            createStructField("attributes", createMapType(StringType, StringType, false), false),
            createStructField("displayName", StringType, true),
            createStructField("anonymous", BooleanType, false),
            createStructField("sourceRecords", createArrayType(LongType, false), false),
            createStructField("json", StringType, false)));

    /** The rejects: the command-line tool's fields, and its exact line. */
    public static final StructType REJECTS = createStructType(List.of(
            createStructField("record", LongType, false),
            createStructField("code", StringType, false),
            createStructField("message", StringType, false),
            createStructField("json", StringType, false)));

    private Schemas() {
    }

    /**
     * An {@link #ENCODED} row.
     *
     * @param record the record's number
     * @param cells  a CSV row's cells (each may be null); null for an NDJSON line
     * @param json   the NDJSON line; ignored for a CSV row
     * @return the row
     */
    public static org.apache.spark.sql.Row encoded(long record, String[] cells, String json) {
        return org.apache.spark.sql.RowFactory.create(record, Wire.record(cells, json));
    }
}
