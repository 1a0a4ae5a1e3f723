package io.contactkit.adapter.postgres;

import io.contactkit.adapter.postgres.internal.Codec;
import io.contactkit.adapter.postgres.internal.ContactState;
import io.contactkit.adapter.postgres.internal.CopyRows;
import io.contactkit.adapter.postgres.internal.FrameBuffers;
import io.contactkit.adapter.postgres.internal.Decider;
import io.contactkit.adapter.postgres.internal.Failures;
import io.contactkit.adapter.postgres.internal.IdentifierRows;
import io.contactkit.adapter.postgres.internal.Statements;
import io.contactkit.adapter.postgres.internal.StoredContact;
import io.contactkit.domain.AuditEntry;
import io.contactkit.domain.Contact;
import io.contactkit.domain.ContactBook;
import io.contactkit.domain.ContactView;
import io.contactkit.domain.Decision;
import io.contactkit.domain.DedupSummary;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.SkippedIdentifier;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.UpsertFailure;
import io.contactkit.domain.UpsertOutcome;
import io.contactkit.domain.ValueStamps;
import io.contactkit.ports.OutcomeUnknownException;
import io.contactkit.ports.ServerException;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.vavr.control.Either;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Deduplicates a run of records incrementally against a workspace of the PostgreSQL store: the
 * workspace's contacts are loaded into the domain's engine, every record is decided there (new
 * records join existing contacts), and the result is written in one transaction, opened by
 * {@link #load()}: the log entries stream to the server with {@code COPY} while the run decides
 * ({@link #flush()}, a chunk at a time, so memory does not grow with the log), and {@link #commit()}
 * writes the contacts and the identifiers' owners ({@code COPY} for rows the store did not hold) and
 * commits. Until then nothing is visible to anyone else; a failure, or {@link #abort()}, rolls
 * everything back.
 *
 * <p>The commit locks every identifier and existing contact the run touched and checks that none
 * changed since {@link #load()}; if a concurrent writer changed one, nothing is written and the commit
 * fails, so the run can be repeated. Not thread-safe: one run, one thread; at most one
 * {@link #flush()} in flight at a time.
 */
public final class PostgresDedupe {

    /** Local write stamps sort after every stored log sequence, and become log sequences when written. */
    static final long LOCAL = 1L << 52;
    /** Log entries per {@code COPY}. */
    static final int CHUNK = 20_000;
    /** The fields of a row of {@code command_log_chunks}: workspace, first_seq, last_seq, batch, operations, contact_ids, commands, decisions. */
    private static final int LOG_CHUNK_FIELDS = 8;
    /**
     * The most bytes of encoded entries (their four fields, with {@link #ELEMENT_SLACK} each) a log chunk takes, less the
     * workspace's: with the row's other columns and headers (about 150 bytes) the row stays under the table's
     * {@code toast_tuple_target} (8,160), so the server stores it in its page as it came, neither compressed nor out of line.
     */
    static final int CHUNK_BYTES = 7_900;
    /** Bytes per entry for what its four array elements may take beyond their encoded fields (alignment: up to 3 each). */
    static final int ELEMENT_SLACK = 12;
    /** The fields of a contact's row: workspace, id, seq, created_at, updated_at, state, survivor. */
    private static final int CONTACT_FIELDS = 7;
    private static final int BATCH = 5000;
    /** The run's operation, as its observation names it. */
    static final String OPERATION = "contacts.dedupe";
    /** Contacts read from the engine at a time. */
    private static final int PAGE = 1000;
    /** Rows per {@code COPY} of contacts or identifiers at the commit: each statement stays far inside the statement timeout. */
    private static final int COPY_ROWS = 50_000;
    /** Bytes per COPY data message. */
    private static final int FRAME = 1 << 20;
    /** Creation positions per range of contacts encoded on a worker thread into a COPY message of its own: about {@link #FRAME} bytes. */
    static final int RANGE = 4096;
    /** Ranges of contacts encoded ahead of the one the connection sends. */
    private static final int AHEAD = 4;
    private static final String ID = PostgresContactProvider.ID;
    /** How long the run waits for a rollback before it closes the socket. */
    private static final Duration GRACE = PostgresContactProvider.GRACE;
    /** The least idle-in-transaction time the server allows the run (it idles while it decides) before ending its session. */
    private static final Duration IDLE = Duration.ofSeconds(60);

    private final PostgresContactProvider store;
    private final String workspace;
    private final String schema;
    private final Instant now;
    /** {@link #at} as a {@code COPY} column in the binary format: most contacts are created and updated at the run's time. */
    private final byte[] atColumn;
    /** The workspace as a {@code COPY} column in the binary format. */
    private final byte[] binaryWorkspace;
    private final String at;
    private final int chunk;
    private final int range;
    /** About how many records the run will decide: the engine's tables are sized for them and the stored contacts at once. */
    private int expectedRecords;
    /** Creation positions per {@code COPY} statement of contacts: {@link #COPY_ROWS} but in tests. */
    private final int copyRows;
    /** Rows per {@code COPY} statement of the new identifiers, and the bytes after which a message of them ends: {@link #COPY_ROWS} and {@link #FRAME} but in tests. */
    private int identifierStatementRows = COPY_ROWS;
    private int identifierFrameBytes = FRAME;
    private ContactBook book;
    private final Map<String, Loaded> before = new HashMap<>();
    /** Contacts read from the store: the engine's first positions. */
    private int loadedCount;
    /** Commands the engine applied restoring them; the run's commands are numbered after these. */
    private long restoreCommands;
    /** The engine's numbers of the commands that restored stored values, ascending, and the log sequence of each. */
    private long[] restoredCommand = new long[0];
    private long[] restoredSeq = new long[0];
    /** For each contact the run created, in creation order: the index of its log entry. */
    private int[] createdBy = new int[1024];
    private int createdCount;
    /** Every applied record, in order: its number and the contact it went to at the time. */
    private long[] appliedRecord = new long[1024];
    private String[] appliedTo = new String[1024];
    private int applied;
    /** The applied records grouped by the position of their surviving contact, while {@link #applied} is {@link #groupedAt}. */
    private int groupedAt = -1;
    private int[] groupStart;
    private int[] groupMembers;
    private long withRecords;
    private final Map<Identifier, String> rawOwners = new HashMap<>();
    /** Identifier rows the workspace held when loaded (with an owner or not). */
    private final Set<Identifier> known = new HashSet<>();
    /** Identifier rows the store holds that the run's records named: locked and given their owners at the commit. */
    private final Set<Identifier> touchedKnown = new HashSet<>();
    /**
     * New identifiers the run named that may end with no owner (left out by a strategy, or removed): they get a row too.
     * Every other new identifier is owned by a live contact at the end, and written with it.
     */
    private final Set<Identifier> loose = new HashSet<>();
    /** Contacts merged away by the run, each with the contact it went into and its creation stamp. */
    private final Map<String, String> retired = new LinkedHashMap<>();
    private final Map<String, Long> retiredSeq = new HashMap<>();
    private UpsertFailure lastFailure;
    /** What {@link #prefetch} read, kept so that the reads are not optimized away. */
    private int prefetched;
    private long records;
    private long created;
    private long updated;
    private long merged;
    private long rejected;

    // the log: entries decided and not yet sent (what makes their columns, encoded on a worker a piece at a time), and the
    // sequences drawn so far
    private LogEntries pending;
    /** Entries per piece of the log handed to a worker to encode while the run decides on. */
    static final int PIECE = 2048;
    /** Entries of {@link #pending} handed to the worker so far. */
    private int submitted;
    /** The pieces' encoding, one after the other (a single JSON generator): completes when the last piece handed over is encoded. */
    private CompletableFuture<Void> encoding = CompletableFuture.completedFuture(null);
    /** The log's JSON documents, each into the column last opened in the tails of the entries being encoded. */
    private OutputStream logColumn;
    private final Codec.Documents logDocuments = new Codec.Documents(forward(() -> logColumn));

    /** A stream writing to the stream the supplier gives at the time. */
    private static OutputStream forward(java.util.function.Supplier<OutputStream> to) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                to.get().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                to.get().write(b, off, len);
            }
        };
    }
    /** The entries of the last flush (free again once it completed): reused by the next one, as are the rows it copied. */
    private LogEntries spare;
    /** A log entry's operation as a {@code COPY} field in the binary format, encoded once. */
    private static final byte[] CREATE_COLUMN = CopyRows.encodeBinary(LoggedCommand.Operation.CREATE.name());
    private static final byte[] UPSERT_COLUMN = CopyRows.encodeBinary(LoggedCommand.Operation.UPSERT.name());
    /** The pieces run on the parallel scheduler's workers. */
    private static final java.util.concurrent.Executor WORKERS = task -> Schedulers.parallel().schedule(task);
    /** The arrays of the frames {@link #copyAll} encodes, used again once sent. */
    private final FrameBuffers frameBuffers = new FrameBuffers(FRAME + (FRAME >> 2));
    private CopyRows logRows;
    /** Where each entry's operation, contact, command and decision fields begin in the chunk being sent (see {@link #fieldStarts}). */
    private final int[][] fieldAt = new int[4][0];
    private long entries;
    /** The sequences drawn for each chunk of the log, and the index of each chunk's first entry (ascending), for {@link #seqOf}. */
    private long[][] drawn = new long[16][];
    private long[] drawnFrom = new long[16];
    private int chunksDrawn;
    private Mono<Void> lastFlush = Mono.empty();
    /** The run's one observation, from {@link #load()} to its commit or abort; never one per record. */
    private StoreObservations.Observed observed = StoreObservations.unobserved(OPERATION);
    /** The run's row of {@code log_batches} (its first log sequence; 0 until the first entries are sent), and its column. */
    private long batch;
    private byte[] batchColumn;
    private PostgresqlConnection tx;

    // the commit: what its first part takes from the engine for the rest
    private Mono<Void> staged;
    /** The run's new identifier rows and their owners (numbered in the order in which the contacts were written). */
    private final IdentifierRows freshIdentifiers = new IdentifierRows();
    private CopyRows retiredRows;
    /** Rows of contacts the store holds already: updated after the {@code COPY} of the new ones. */
    private final List<Object[]> updates = new ArrayList<>();
    private final List<Object[]> compress = new ArrayList<>();
    private final List<Object[]> owners = new ArrayList<>();

    record Loaded(String state, Instant updatedAt, long seq) {
    }

    PostgresDedupe(PostgresContactProvider store, String workspace, Instant now, int chunk) {
        this(store, workspace, now, chunk, RANGE);
    }

    /** A run sending {@code chunk} log entries per {@code COPY}, and encoding the contacts' rows {@code range} creation positions at a time. */
    PostgresDedupe(PostgresContactProvider store, String workspace, Instant now, int chunk, int range) {
        this(store, workspace, now, chunk, range, COPY_ROWS);
    }

    /** A run as above whose contacts' {@code COPY} statements take {@code copyRows} creation positions each (at least a range). */
    PostgresDedupe(PostgresContactProvider store, String workspace, Instant now, int chunk, int range, int copyRows) {
        if (chunk < 1 || range < 1) {
            throw new IllegalArgumentException("chunk and range must be at least 1");
        }
        this.range = range;
        this.copyRows = copyRows;
        this.store = Objects.requireNonNull(store, "store");
        this.workspace = Objects.requireNonNull(workspace, "workspace");
        this.schema = store.settings().schema();
        this.now = now.truncatedTo(ChronoUnit.MICROS);
        this.at = this.now.toString();
        this.atColumn = CopyRows.binary(16).timestamp(this.now).toByteArray();
        this.binaryWorkspace = CopyRows.encodeBinary(workspace);
        this.chunk = chunk;
        // the log in COPY's binary format: the server parses no text for it (about a third less of its CPU for the log) and
        // the documents are copied in without escaping
        // room for a chunk and a batch of the caller's past it, so that the entries' arrays seldom grow
        this.pending = new LogEntries(Math.min(chunk, 1 << 16) + PIECE, Math.min(chunk, 1 << 16) * 256);
        this.spare = new LogEntries(Math.min(chunk, 1 << 16) + PIECE, Math.min(chunk, 1 << 16) * 256);
        this.logRows = CopyRows.binary(Math.min(chunk, 1 << 16) * 320);
    }

    /** This run with its new identifiers copied {@code rows} to a statement, in messages ending after {@code bytes} bytes (for tests). */
    PostgresDedupe identifierCopies(int rows, int bytes) {
        if (rows < 1 || bytes < 1) {
            throw new IllegalArgumentException("rows and bytes must be at least 1");
        }
        identifierStatementRows = rows;
        identifierFrameBytes = Math.min(FRAME, bytes);
        return this;
    }

    /**
     * A run against a workspace of this store, stamped with this instant.
     *
     * @param store the store
     * @param workspace the workspace
     * @param now the time stamped on the run's contacts
     * @return the run
     */
    public static PostgresDedupe of(PostgresContactProvider store, String workspace, Instant now) {
        return new PostgresDedupe(store, workspace, now, CHUNK);
    }

    /**
     * As {@link #of(PostgresContactProvider, String, Instant)}, for about {@code expectedRecords} records: the engine's
     * tables are made that large from the start instead of growing by copying while the run decides (more collector
     * work, and garbage promoted into the old generation). Only a size: the run decides the same with any number.
     *
     * @param store           the store
     * @param workspace       the workspace
     * @param now             the time stamped on the run's contacts
     * @param expectedRecords about how many records the run will decide (0 when not known)
     * @return the run
     */
    public static PostgresDedupe of(PostgresContactProvider store, String workspace, Instant now, int expectedRecords) {
        PostgresDedupe run = new PostgresDedupe(store, workspace, now, CHUNK);
        run.expectedRecords = Math.max(0, expectedRecords);
        // the per-record arrays too (up to a few million records: beyond, they grow as they fill)
        int records = Math.min(run.expectedRecords, 1 << 21);
        if (records > run.appliedRecord.length) {
            run.appliedRecord = new long[records];
            run.appliedTo = new String[records];
            run.createdBy = new int[records];
        }
        return run;
    }

    /**
     * Reads the workspace's contacts and identifier owners into the engine, and opens the run's transaction.
     *
     * @return completes when done
     */
    public Mono<Void> load() {
        return Mono.deferContextual(view -> {
            observed = store.observations.start(OPERATION, view.getOrDefault(ObservationThreadLocalAccessor.KEY, store.observations.current()));
            return loadObserved();
        });
    }

    private Mono<Void> loadObserved() {
        List<StoredContact> loaded = new ArrayList<>();
        return bounded(store.claimRules(workspace)).then(store.loadWorkspace(observed, workspace, (row, state) -> {
            loaded.add(row);
            before.put(row.id(), new Loaded(state, row.updatedAt(), row.seq()));
        }, (identifier, owner) -> {
            known.add(identifier);
            if (owner != null) {
                rawOwners.put(identifier, owner);
            }
        })).then(Mono.fromRunnable(() -> {
            loaded.sort(Comparator.comparingLong(StoredContact::seq));
            book = Decider.restoreAll(workspace, loaded, store.ids(), store.rules(),
                    (int) Math.min(1 << 24, (long) loaded.size() + expectedRecords));
            loadedCount = loaded.size();
            restoreCommands = book.commandsApplied();
            mapRestoredStamps(loaded);
            loaded.clear();
        })).then(Mono.defer(store::runConnection).transform(this::bounded)).flatMap(c -> {
            // made (the schema checked) only once the workspace is read, and bounded: built with the chain, the check ran
            // the migration a second time, unbounded, and a link silenced there left the run waiting for ever
            tx = c;
            // a client that vanishes without closing its socket (a partition) must not hold its locks for ever: the server ends
            // the session once the run has been idle inside its transaction for this long
            long idle = Math.max(IDLE.toMillis(), 2 * store.settings().statementTimeout().toMillis());
            return bounded(Mono.from(c.beginTransaction())
                    .then(c.createStatement("SET LOCAL idle_in_transaction_session_timeout = " + idle).execute()
                            .concatMap(r -> r.getRowsUpdated()).then()));
        }).then(Mono.defer(() -> bounded(store.holdRules(tx, workspace)))).onErrorResume(e -> failed(Failures.map(ID, e, 1)));
    }

    /**
     * Decides one record: created, updated, merged or rejected ({@code conflict} under strict_alias).
     *
     * @param record the record's number
     * @param command the record's command
     * @return what happened to the record
     */
    public AuditEntry.Action apply(long record, UpsertCommand command) {
        records++;
        long stamp = LOCAL + entries + 1;
        // a record without identifiers, or left without any by the identity rules, is a contact of its own
        boolean own = store.rules().withoutBlocked(command).identifiers().isEmpty();
        // decided without building the resulting contact (a built one would stay in the engine's cache for every contact)
        Either<UpsertFailure, Decision> result = own ? book.create(command, now).map(UpsertOutcome::decision) : book.decide(command, now);
        if (result.isLeft()) {
            lastFailure = result.getLeft();
            rejected++;
            return AuditEntry.Action.REJECTED;
        }
        Decision decision = result.get();
        String id = decision.contactId();
        if (decision.created()) {
            if (createdCount == createdBy.length) {
                createdBy = Arrays.copyOf(createdBy, createdCount * 2);
            }
            createdBy[createdCount++] = Math.toIntExact(entries);
        }
        // indexed loops: the client compiler the launcher runs with allocates an iterator for each for-each loop
        List<String> mergedAway = decision.contactsMerged();
        for (int k = 0; k < mergedAway.size(); k++) {
            String m = mergedAway.get(k);
            retired.put(m, id);
            retiredSeq.put(m, creationStamp(m));
        }
        if (applied == appliedRecord.length) {
            appliedRecord = Arrays.copyOf(appliedRecord, applied * 2);
            appliedTo = Arrays.copyOf(appliedTo, applied * 2);
        }
        appliedRecord[applied] = record;
        appliedTo[applied++] = id;
        if (!known.isEmpty()) {
            List<Identifier> named = command.identifiers();
            for (int k = 0; k < named.size(); k++) {
                if (known.contains(named.get(k))) {
                    touchedKnown.add(named.get(k));
                }
            }
        }
        List<SkippedIdentifier> skipped = decision.identifiersSkipped();
        for (int k = 0; k < skipped.size(); k++) {
            if (skipped.get(k).ownerId() == null && !known.contains(skipped.get(k).identifier())) {
                loose.add(skipped.get(k).identifier());
            }
        }
        List<Identifier> removals = command.removeIdentifiers();
        for (int k = 0; k < removals.size(); k++) {
            (known.contains(removals.get(k)) ? touchedKnown : loose).add(removals.get(k));
        }
        AuditEntry audit = book.lastAudit(stamp);
        // the entry's JSON is encoded on a worker, a piece of entries at a time: the command, audit entry and decision are immutable
        pending.add(own, command, audit, decision);
        entries++;
        if (pending.count - submitted >= PIECE) {
            submitPiece();
        }
        AuditEntry.Action action = audit.action();
        if (action == AuditEntry.Action.CREATED) {
            created++;
        } else if (action == AuditEntry.Action.MERGED) {
            merged++;
        } else {
            updated++;
        }
        return action;
    }

    /**
     * A hint that changes nothing: reads, all together, what deciding these commands will read first, so that their cache
     * misses overlap (see {@link ContactBook#prefetch}). Call it for the next few commands (about sixteen) before
     * {@link #apply applying} them one by one; every result is exactly what it would be without it.
     *
     * @param commands the commands about to be applied
     * @param from     the index of the first of them
     * @param to       the index after the last
     */
    public void prefetch(UpsertCommand[] commands, int from, int to) {
        prefetched += book.prefetch(commands, from, to);
    }

    /**
     * Why the last rejected record was rejected (a {@code conflict} under strict_alias).
     *
     * @return the failure, or {@code null} before any rejection
     */
    public @Nullable UpsertFailure lastFailure() {
        return lastFailure;
    }

    /**
     * The audit entry of the last record {@link #apply applied} (or rejected by the engine), numbered
     * as given, as an offline deduplication run writes it.
     *
     * @param record the record's number
     * @return the entry
     */
    public AuditEntry lastEntry(long record) {
        return book.lastAudit(record);
    }

    /**
     * Counts a record that failed validation before reaching the engine.
     *
     * @param record the record's number
     */
    public void reject(long record) {
        records++;
        rejected++;
    }

    /**
     * Whether a chunk of log entries waits to be sent: time to {@link #flush()}.
     *
     * @return true when a chunk of log entries waits to be sent
     */
    public boolean wantsFlush() {
        return pending.count >= chunk;
    }

    /**
     * Sends the log entries decided so far to the server, inside the run's transaction: draws their log
     * sequences and copies them in. Completes when the server has them; the run may go on deciding
     * meanwhile (on the calling thread), but the previous flush must have completed before this one is
     * called (one statement at a time on the run's connection).
     *
     * @return completes when the server has the entries
     */
    public Mono<Void> flush() {
        if (pending.count == 0) {
            return lastFlush;
        }
        submitPiece();
        int n = pending.count;
        // the previous flush has completed (one at a time): its entries and buffers are free, and the entries decided so far
        // swap with them, so a run allocates its few large buffers once instead of a copy per chunk
        LogEntries sending = pending;
        pending = spare;
        spare = sending;
        pending.clear();
        submitted = 0;
        long[] seqs = new long[n];
        if (chunksDrawn == drawn.length) {
            drawn = Arrays.copyOf(drawn, 2 * chunksDrawn);
            drawnFrom = Arrays.copyOf(drawnFrom, 2 * chunksDrawn);
        }
        drawnFrom[chunksDrawn] = entries - n;
        drawn[chunksDrawn++] = seqs;
        // once the worker has encoded the chunk's last piece, the chunk's sequences in one row, as one text (a row each cost the
        // server a message and the event loop a decoded row)
        CompletableFuture<Void> encoded = encoding;
        Mono<Void> write = Mono.fromFuture(encoded).then(Mono.defer(() -> new Statements().append("SELECT string_agg(s::text, ',') AS s FROM (SELECT nextval('"
                                + schema + ".command_seq') AS s FROM generate_series(1, ").param(n, Integer.class).append(")) x")
                        .rows(tx, r -> r.get("s", String.class)).single().transform(this::bounded)
                .flatMap(text -> {
                    long[] got = sequences(text, n);
                    byte[] tailBytes = sending.tails.array();
                    int[] ends = sending.ends;
                    // the run's instant and rules once, in its batch row (named by the run's first log sequence); each entry names it
                    Mono<Void> batchRow = Mono.empty();
                    if (batch == 0) {
                        batch = got[0];
                        batchColumn = CopyRows.encodeBinary(batch);
                        batchRow = new Statements().append("INSERT INTO " + schema + ".log_batches (workspace, id, at, rules) VALUES (")
                                .param(workspace).append(", ").param(batch, Long.class).append(", ").param(at).append("::timestamptz, ")
                                .param(store.rulesFingerprint()).append(")").run(tx).transform(this::bounded);
                    }
                    System.arraycopy(got, 0, seqs, 0, n);
                    CopyRows rows = logRows;
                    rows.clear();
                    rows.header();
                    // the entries in chunks, a row each (a heap tuple and an index entry per chunk instead of per entry): each
                    // chunk's sequences consecutive and its row small enough to stay in its page uncompressed
                    int[][] at = fieldStarts(tailBytes, ends, n);
                    int limit = CHUNK_BYTES - binaryWorkspace.length;
                    for (int i = 0; i < n; ) {
                        int j = chunkEnd(seqs, ends, i, n, limit);
                        rows.row(LOG_CHUNK_FIELDS).encoded(binaryWorkspace).number(seqs[i]).number(seqs[j - 1]).encoded(batchColumn)
                                .textArray(tailBytes, at[0], i, j).textArray(tailBytes, at[1], i, j).textArray(tailBytes, at[2], i, j)
                                .textArray(tailBytes, at[3], i, j).endRow();
                        i = j;
                    }
                    rows.trailer();
                    return batchRow.then(copy("COPY " + schema + ".command_log_chunks (workspace, first_seq, last_seq, batch, operations,"
                            + " contact_ids, commands, decisions) FROM STDIN (FORMAT binary)", rows));
                }))).onErrorMap(e -> Failures.map(ID, e, 1));
        // not chained to the previous write: a chain would keep every chunk's bytes reachable until the commit
        lastFlush = write.doOnError(observed::failed).cache();
        return lastFlush;
    }

    /**
     * Where each of the first {@code n} entries' four fields (operation, contact, command, decision: as {@link #encodePiece}
     * writes them, one after the other, entry {@code i}'s ending at {@code ends[i]}) begins in {@code tails}: one array per
     * field, reused by the next flush.
     */
    private int[][] fieldStarts(byte[] tails, int[] ends, int n) {
        if (fieldAt[0].length < n) {
            for (int f = 0; f < fieldAt.length; f++) {
                fieldAt[f] = new int[Math.max(n, 2 * fieldAt[f].length)];
            }
        }
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < fieldAt.length; f++) {
                fieldAt[f][i] = p;
                p += 4 + Math.max(0, CopyRows.getInt(tails, p));
            }
            if (p != ends[i]) {
                throw new IllegalStateException("log entry " + i + " ends at " + ends[i] + ", its fields at " + p);
            }
        }
        return fieldAt;
    }

    /**
     * The end (exclusive) of the chunk of log entries that begins at entry {@code from}: the entries after it join while their
     * sequences follow on without a gap (a gap is another writer's sequence, or one skipped: a chunk's range holds no other
     * entry) and the chunk's encoded fields, with {@link #ELEMENT_SLACK} per entry, stay within {@code limit} bytes. At least
     * one entry, however large (the server then stores it out of line, as any large value).
     */
    static int chunkEnd(long[] seqs, int[] ends, int from, int n, int limit) {
        int start = from == 0 ? 0 : ends[from - 1];
        int j = from + 1;
        while (j < n && seqs[j] == seqs[j - 1] + 1 && ends[j] - start + (long) ELEMENT_SLACK * (j + 1 - from) <= limit) {
            j++;
        }
        return j;
    }

    /** Hands the entries of {@link #pending} not handed over yet to the worker, to encode after the pieces before them. */
    private void submitPiece() {
        int from = submitted;
        int to = pending.count;
        if (to == from) {
            return;
        }
        LogEntries e = pending;
        // the arrays as they are now: the caller appends past them (growing them, perhaps) but never writes what the piece reads
        boolean[] own = e.own;
        UpsertCommand[] commands = e.commands;
        AuditEntry[] audits = e.audits;
        Decision[] decisions = e.decisions;
        encoding = encoding.thenRunAsync(() -> encodePiece(e, own, commands, audits, decisions, from, to), WORKERS);
        submitted = to;
    }

    /**
     * Encodes the columns after the sequence (operation, contact, command, decision) of entries {@code from} to {@code to}
     * into the entries' {@code tails}, noting where each ends. On a worker, one piece at a time.
     */
    private void encodePiece(LogEntries e, boolean[] own, UpsertCommand[] commands, AuditEntry[] audits, Decision[] decisions, int from, int to) {
        CopyRows out = e.tails;
        if (e.ends.length < to) {
            e.ends = Arrays.copyOf(e.ends, Math.max(to, 2 * e.ends.length));
        }
        for (int i = from; i < to; i++) {
            Decision d = decisions[i];
            String id = d.contactId();
            UpsertCommand command = commands[i];
            out.encoded(own[i] ? CREATE_COLUMN : UPSERT_COLUMN).text(id);
            // the JSON straight into the COPY column, as UTF-8: no String of it
            logColumn = out.column();
            logDocuments.command(command);
            logColumn = out.column();
            logDocuments.audit(audits[i], d.identifiersRemoved(), d.removalsIgnored(), command, id);
            e.ends[i] = out.endPart();
        }
        // garbage now: not kept (and copied by the collector, and promoted) until the set is used again a chunk later
        Arrays.fill(commands, from, to, null);
        Arrays.fill(audits, from, to, null);
        Arrays.fill(decisions, from, to, null);
    }

    /** Log entries decided and not yet encoded: what makes each entry's columns. */
    private static final class LogEntries {
        private boolean[] own;
        private UpsertCommand[] commands;
        private AuditEntry[] audits;
        private Decision[] decisions;
        private int count;
        /** The entries' columns after the sequence, as the worker encodes them, and where each entry's end (written by the worker). */
        private CopyRows tails;
        private int[] ends;

        LogEntries(int capacity, int bytes) {
            own = new boolean[capacity];
            commands = new UpsertCommand[capacity];
            audits = new AuditEntry[capacity];
            decisions = new Decision[capacity];
            tails = CopyRows.binary(bytes);
            ends = new int[capacity];
        }

        void add(boolean isOwn, UpsertCommand command, AuditEntry audit, Decision decision) {
            if (count == commands.length) {
                int grown = Math.max(16, count * 2);
                own = Arrays.copyOf(own, grown);
                commands = Arrays.copyOf(commands, grown);
                audits = Arrays.copyOf(audits, grown);
                decisions = Arrays.copyOf(decisions, grown);
            }
            own[count] = isOwn;
            commands[count] = command;
            audits[count] = audit;
            decisions[count++] = decision;
        }

        /** Drops the set's buffers: the log is sent. */
        void release() {
            own = new boolean[0];
            commands = new UpsertCommand[0];
            audits = new AuditEntry[0];
            decisions = new Decision[0];
            count = 0;
            tails = CopyRows.binary(0);
            ends = new int[0];
        }

        /** Forgets the entries and their columns, once sent: the set is used for the entries of a later chunk. */
        void clear() {
            Arrays.fill(commands, 0, count, null);
            Arrays.fill(audits, 0, count, null);
            Arrays.fill(decisions, 0, count, null);
            count = 0;
            tails.clear();
        }
    }

    /**
     * The {@code n} sequences drawn, as the server wrote them (decimal numbers separated by commas, in any order), ascending.
     *
     * @throws IllegalStateException when the text does not hold exactly {@code n} numbers
     */
    static long[] sequences(String text, int n) {
        long[] out = new long[n];
        int count = 0;
        long v = 0;
        int digits = 0;
        for (int i = 0, length = text.length(); i <= length; i++) {
            char c = i < length ? text.charAt(i) : ',';
            if (c >= '0' && c <= '9' && digits < 18) {
                v = v * 10 + (c - '0');
                digits++;
            } else if (c == ',' && digits > 0 && count < n) {
                out[count++] = v;
                v = 0;
                digits = 0;
            } else {
                throw new IllegalStateException("the server drew no list of " + n + " log sequences: " + text.substring(0, Math.min(40, length)));
            }
        }
        if (count != n) {
            throw new IllegalStateException("the server drew " + count + " log sequences, not " + n);
        }
        Arrays.sort(out);
        return out;
    }

    /**
     * The first part of the commit, and the last that reads the engine: sends the rest of the log,
     * locks what the run touched in the store and checks that none of it changed, and writes the
     * run's contacts. Once it has completed, {@link #commit()} no longer reads the engine, so the
     * caller may read it ({@link #forEachContact}) on its own thread while the commit finishes.
     * Nothing is visible to anyone else until the commit; {@link #commit()} calls this itself when
     * the caller did not.
     *
     * @return completes when done
     */
    public Mono<Void> writeContacts() {
        if (staged == null) {
            // the records grouped by contact on a worker while the last chunk of the log goes (the grouping reads only what
            // the run decided, which the flush does not touch; the flush reads none of what the grouping writes)
            CompletableFuture<Void> grouped = CompletableFuture.runAsync(this::group, WORKERS);
            staged = Mono.when(lastFlush.then(Mono.defer(this::flush)), Mono.fromFuture(grouped)).then(Mono.defer(this::writeLockedAndContacts))
                    .onErrorResume(e -> failed(mapCommitFailure(e))).cache();
        }
        return staged;
    }

    /**
     * Writes the rest of the run and commits: fails, writing nothing, when a concurrent writer changed
     * what the run touched.
     *
     * @return completes when done
     */
    public Mono<Void> commit() {
        return writeContacts().then(Mono.defer(() -> writeRest()
                .then(Mono.defer(() -> bounded(Mono.from(tx.commitTransaction()))
                        .onErrorMap(e -> Failures.isConnectionLoss(e) || e instanceof TimeoutException, PostgresDedupe::commitUnknown)))
                .then(Mono.defer(() -> release(tx)))
                .onErrorResume(e -> failed(mapCommitFailure(e)))))
                .doOnSuccess(v -> observed.succeeded());
    }

    /** The run failed: its observation says why, and its transaction is rolled back. */
    private Mono<Void> failed(Throwable mapped) {
        observed.failed(mapped);
        return abort().then(Mono.error(mapped));
    }

    private static Throwable mapCommitFailure(Throwable e) {
        return e instanceof R2dbcDataIntegrityViolationException ? changed("an identifier or contact") : Failures.map(ID, e, 1);
    }

    private static OutcomeUnknownException commitUnknown(Throwable cause) {
        return new OutcomeUnknownException(ID, "the connection to PostgreSQL was lost during the commit (" + cause.getMessage() + "): the run"
                + " may or may not have been committed; export the workspace to see which before running it again", cause);
    }

    /** One round trip of the run: fails with a {@link TimeoutException} when the server has not answered in time. */
    private <T> Mono<T> bounded(Mono<T> step) {
        return store.answered(step);
    }

    /**
     * Rolls the run's transaction back, writing nothing, and releases its connection. Idempotent: a run
     * already committed or aborted has nothing to roll back.
     *
     * @return completes once the connection is released; a failed rollback is not reported
     */
    public Mono<Void> abort() {
        return Mono.defer(() -> {
            // a run that neither committed nor failed was given up by its caller
            observed.cancelled();
            PostgresqlConnection c = tx;
            tx = null;
            if (c == null) {
                return Mono.empty();
            }
            // a link that stopped answering answers no rollback either: then closing the socket is the rollback (the server
            // rolls back a session that ends, or ends it itself once idle in the transaction for too long)
            return Mono.from(c.rollbackTransaction()).timeout(GRACE).onErrorResume(x -> Mono.empty()).then(release(c));
        });
    }

    private Mono<Void> release(PostgresqlConnection c) {
        if (tx == c) {
            tx = null;
        }
        return c == null ? Mono.empty() : c.close().timeout(GRACE).onErrorResume(x -> Mono.empty());
    }

    /**
     * The contacts this run's records went to, in creation order, with the records applied to each. Builds
     * each contact as it goes and keeps none.
     *
     * @param action called with each contact and its record numbers, in order
     */
    public void forEachContact(BiConsumer<Contact, long[]> action) {
        Iterator<Contact> all = contacts();
        while (all.hasNext()) {
            Contact c = all.next();
            long[] mine = recordsOf(c.id());
            if (mine.length > 0) {
                action.accept(c, mine);
            }
        }
    }

    /**
     * One past the last creation position of the engine's contacts (the store's, then the run's): the range
     * {@link #viewContacts} walks.
     *
     * @return the number of creation positions
     */
    public long contactPositions() {
        return book.positions();
    }

    /**
     * The contacts this run's records went to at creation positions {@code from} to {@code to}, in creation order, as
     * {@link #forEachContact} gives them, each read in place: one {@link ContactView} moves from contact to contact, with
     * the records applied to it (to it or to contacts merged into it) as its sources, ascending; no contact is built. The
     * view is valid only inside the call that hands it over. Only once the run is decided: after
     * {@link #writeContacts()} has completed it reads nothing the commit still changes.
     *
     * @param from   the first creation position
     * @param to     the position after the last
     * @param action called with the view at each contact
     */
    public void viewContacts(long from, long to, Consumer<ContactView> action) {
        group();
        long[][] records = {new long[16]};
        book.viewContacts(from, to, v -> {
            int p = Math.toIntExact(v.position());
            int first = groupStart[p];
            int n = groupStart[p + 1] - first;
            if (n == 0) {
                return;   // no record of the run went to it
            }
            long[] mine = records[0];
            if (mine.length < n) {
                mine = records[0] = new long[Math.max(n, 2 * mine.length)];
            }
            for (int k = 0; k < n; k++) {
                mine[k] = appliedRecord[groupMembers[first + k]];
            }
            v.withSources(mine, n);
            action.accept(v);
        });
    }

    /** The run's records applied to a live contact (to it or to contacts merged into it), ascending. */
    private long[] recordsOf(String contactId) {
        group();
        int p = Math.toIntExact(book.positionOf(contactId));
        long[] out = new long[groupStart[p + 1] - groupStart[p]];
        for (int k = 0; k < out.length; k++) {
            out[k] = appliedRecord[groupMembers[groupStart[p] + k]];
        }
        return out;
    }

    private boolean hasRecords(String contactId) {
        int p = Math.toIntExact(book.positionOf(contactId));
        return groupStart[p + 1] > groupStart[p];
    }

    /** Groups the applied records by the position of their surviving contact (a counting sort: each group stays ascending). */
    private void group() {
        if (groupedAt == applied) {
            return;
        }
        int n = loadedCount + createdCount;
        int[] start = new int[n + 1];
        int[] at = new int[applied];
        for (int i = 0; i < applied; i++) {
            String id = appliedTo[i];
            if (retired.containsKey(id)) {
                id = book.survivorOf(id).orElseThrow();
                appliedTo[i] = id;   // straight to the survivor next time
            }
            at[i] = Math.toIntExact(book.positionOf(id));
            start[at[i] + 1]++;
        }
        long live = 0;
        for (int c = 0; c < n; c++) {
            live += start[c + 1] > 0 ? 1 : 0;
            start[c + 1] += start[c];
        }
        int[] next = Arrays.copyOf(start, n);
        int[] members = new int[applied];
        for (int i = 0; i < applied; i++) {
            members[next[at[i]]++] = i;
        }
        groupStart = start;
        groupMembers = members;
        withRecords = live;
        groupedAt = applied;
    }

    /** The stamp of the command that created a contact, live or merged away: its log sequence if stored, else a local stamp. */
    private long creationStamp(String contactId) {
        return creationStampAt(Math.toIntExact(book.positionOf(contactId)), contactId);
    }

    private long creationStampAt(int p, String contactId) {
        return p < loadedCount ? before.get(contactId).seq() : LOCAL + 1 + createdBy[p - loadedCount];
    }

    /**
     * Pairs the engine's numbers of the commands that restored the stored values with the values' log
     * sequences: restoring writes the values in the order of their sequences, so the pairs ascend together.
     */
    private void mapRestoredStamps(List<StoredContact> loaded) {
        java.util.TreeMap<Long, Long> pairs = new java.util.TreeMap<>();
        for (StoredContact c : loaded) {
            ValueStamps stamps = book.stampsOf(c.id()).orElseThrow();
            ContactState s = c.state();
            stamps.attributes().forEach((name, n) -> pairs.put(n, s.attributes().get(name).seq()));
            if (s.owner() != null) {
                pairs.put(stamps.owner(), s.owner().seq());
            }
            if (s.language() != null) {
                pairs.put(stamps.language(), s.language().seq());
            }
        }
        restoredCommand = new long[pairs.size()];
        restoredSeq = new long[pairs.size()];
        int k = 0;
        for (Map.Entry<Long, Long> e : pairs.entrySet()) {
            restoredCommand[k] = e.getKey();
            restoredSeq[k++] = e.getValue();
        }
    }

    /** The stamp of a value the engine says command {@code n} wrote: a stored log sequence, or the run's local stamp. */
    private long stampOfCommand(long n) {
        if (n > restoreCommands) {
            return LOCAL + (n - restoreCommands);
        }
        int k = Arrays.binarySearch(restoredCommand, n);
        if (k < 0) {
            throw new IllegalStateException("the engine holds a value written by restore command " + n + " that no stored value maps to");
        }
        return restoredSeq[k];
    }

    /** The state the store keeps for a live contact: its values, each with the log sequence of its last write, and its count of merges. */
    private ContactState stateOf(Contact c) {
        return Codec.stateOf(c, book.stampsOf(c.id()).orElseThrow(), book.mergeCount(c.id()), n -> seqOf(stampOfCommand(n)));
    }

    /** Every live contact of the engine in creation order, a page at a time, none of them kept. */
    private Iterator<Contact> contacts() {
        return new Iterator<>() {
            private Iterator<Contact> page = Collections.emptyIterator();
            private long next;

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && next >= 0) {
                    ContactBook.Slice slice = book.sliceOnce(next, PAGE);
                    page = slice.contacts().iterator();
                    next = slice.next();
                }
                return page.hasNext();
            }

            @Override
            public Contact next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
    }

    /** {@return the run's counts so far} */
    public DedupSummary summary() {
        group();
        return new DedupSummary(records, withRecords, created, updated, merged, rejected);
    }

    // ---- the commit ---------------------------------------------------------------------------

    private long seqOf(long stamp) {
        if (stamp <= LOCAL) {
            return stamp;
        }
        long index = stamp - LOCAL - 1;
        // the chunk holding the entry: the last one starting at or before it (looked up for every stamp of every contact
        // written, on the workers: a search over primitive starts, not a walk back over boxed ones)
        int k = Arrays.binarySearch(drawnFrom, 0, chunksDrawn, index);
        if (k < 0) {
            k = -k - 2;
        }
        return drawn[k][(int) (index - drawnFrom[k])];
    }

    /**
     * Locks and checks what the store held, writes the run's new contacts, and takes from the engine
     * everything the rest of the commit writes (the new identifier rows, which the rest sorts by key, as
     * the primary key orders them: in that order PostgreSQL adds each entry at the index's right edge
     * instead of descending to a random page, several times cheaper for a million rows).
     */
    private Mono<Void> writeLockedAndContacts() {
        // the log is sent: its buffers (some 16 MB) are not kept through the commit's last, fullest part of the heap
        // (the last flush, cached, still holds its set)
        pending.release();
        spare.release();
        logRows = CopyRows.binary(0);
        Arrays.fill(fieldAt, new int[0]);
        Map<String, String> survivors = new LinkedHashMap<>();
        retired.forEach((gone, into) -> survivors.put(gone, book.survivorOf(gone).orElse(into)));
        List<Identifier> oldIdentifiers = new ArrayList<>(touchedKnown);
        oldIdentifiers.sort(Comparator.comparing(Identifier::key).thenComparing(Identifier::value));
        group();
        List<String> oldContacts = new ArrayList<>();
        before.keySet().forEach(id -> {
            if (survivors.containsKey(id) || hasRecords(id)) {
                oldContacts.add(id);
            }
        });
        oldContacts.sort(null);
        retiredRows = new CopyRows(64);
        survivors.forEach((gone, survivor) -> {
            if (before.containsKey(gone)) {
                updates.add(new Object[] {gone, before.get(gone).seq(), at, at, null, survivor});
                compress.add(new Object[] {gone, survivor});
            } else {
                retiredRows.text(workspace).text(gone).number(seqOf(retiredSeq.get(gone))).text(at).text(at).text(null).text(survivor).endRow();
            }
        });
        oldIdentifiers.forEach(i -> owners.add(new Object[] {i.key(), i.value(), book.ownerOf(i).orElse(null)}));
        String contacts = "COPY " + schema + ".contacts (workspace, id, seq, created_at, updated_at, state, survivor) FROM STDIN (FORMAT binary)";
        return lockIdentifiers(oldIdentifiers)
                .then(lockContacts(oldContacts))
                // the live contacts, in creation order (the order of their ids and log sequences); their new identifiers kept for later
                .then(copyContacts(contacts))
                .then(Mono.fromRunnable(() -> {
                    // new identifiers that ended with no owner get a row too
                    for (Identifier i : loose) {
                        if (book.ownerOf(i).isEmpty()) {
                            freshIdentifiers.add(i.key(), i.value(), -1);
                        }
                    }
                }));
    }

    /** The contacts' rows of a range of creation positions, and what the rest of the commit takes from the range. */
    private record Encoded(CopyRows rows, IdentifierRows fresh, List<Object[]> updates) {
    }

    /**
     * Copies the live contacts' rows in creation order, {@value #COPY_ROWS} creation positions (so at most as many rows) per
     * {@code COPY} statement. Each range of positions is encoded on a worker thread into a message of its own, up to
     * {@value #AHEAD} ranges ahead of the one the connection sends, so the server parses one range while the workers encode
     * the next ones; as each range's message goes, its new identifiers and their owners join the run's, in order.
     */
    private Mono<Void> copyContacts(String sql) {
        long positions = (long) loadedCount + createdCount;
        int ranges = Math.toIntExact((positions + range - 1) / range);
        int perStatement = Math.max(1, copyRows / range);
        CompletableFuture<?>[] started = new CompletableFuture<?>[ranges];
        int[] next = {0};
        return Flux.range(0, (ranges + perStatement - 1) / perStatement).concatMap(statement -> {
            int first = statement * perStatement;
            Flux<Mono<ByteBuf>> frames = Flux.range(first, Math.min(ranges, first + perStatement) - first).map(k -> Mono.defer(() -> {
                // the connection takes the ranges one at a time, in order: start those up to AHEAD past this one
                for (; next[0] < ranges && next[0] <= k + AHEAD; next[0]++) {
                    long from = (long) next[0] * range;
                    // each statement's data in COPY's binary format: begun by its first range's message, ended by its last one's
                    boolean opens = next[0] % perStatement == 0;
                    boolean closes = (next[0] + 1) % perStatement == 0 || next[0] == ranges - 1;
                    started[next[0]] = Mono.fromCallable(() -> encode(from, Math.min(positions, from + range), opens, closes))
                            .subscribeOn(Schedulers.parallel()).toFuture();
                }
                @SuppressWarnings("unchecked")
                CompletableFuture<Encoded> mine = (CompletableFuture<Encoded>) started[k];
                started[k] = null;
                return Mono.fromFuture(mine).flatMap(this::taken);
            }));
            return bounded(tx.copyIn(sql).fromMany(frames).build().then());
        }).then();
    }

    /** Takes a range's new identifiers, owners and updated contacts into the run's, and gives its rows as a message (none when empty). */
    private Mono<ByteBuf> taken(Encoded e) {
        freshIdentifiers.addAll(e.fresh());
        updates.addAll(e.updates());
        if (e.rows().size() == 0) {
            frameBuffers.giveBack(e.rows());
            return Mono.empty();
        }
        return Mono.just(frameBuffers.send(e.rows()));
    }

    /**
     * Encodes the rows of the live contacts at creation positions {@code from} to {@code to}, on a worker thread: it only
     * reads the engine and the run's state, which change no more once the log is sent.
     */
    private Encoded encode(long from, long to, boolean opens, boolean closes) {
        CopyRows rows = frameBuffers.take(true);
        if (opens) {
            rows.header();
        }
        IdentifierRows fresh = new IdentifierRows();
        List<Object[]> updated = new ArrayList<>(0);
        OutputStream[] column = new OutputStream[1];
        Codec.Documents states = new Codec.Documents(forward(() -> column[0]));
        // the engine counts merges per contact only under a cap on them, and the count matters only then
        boolean countsMerges = store.rules().maxMergesPerContact().isPresent();
        // each contact read in place (no Contact built, no look-up by id): its identifiers gathered once for both its new
        // identifier rows and its state
        String[][] gathered = {new String[8], new String[8]};
        char[] chars = new char[Identifier.MAX_VALUE_LENGTH];
        book.viewContacts(from, to, v -> {
            String[] keys = gathered[0];
            String[] values = gathered[1];
            int n = 0;
            while (v.nextIdentifier()) {
                if (n == keys.length) {
                    keys = gathered[0] = Arrays.copyOf(keys, 2 * n);
                    values = gathered[1] = Arrays.copyOf(values, 2 * n);
                }
                keys[n] = v.key();
                values[n++] = new String(chars, 0, v.value(chars));
            }
            String id = v.id();
            int owner = -1;
            for (int k = 0; k < n; k++) {
                if (known.isEmpty() || !known.contains(new Identifier(keys[k], values[k]))) {
                    if (owner < 0) {
                        owner = fresh.owner(id);
                    }
                    fresh.add(keys[k], values[k], owner);
                }
            }
            int p = Math.toIntExact(v.position());
            if (groupStart[p + 1] == groupStart[p]) {
                return;   // no record of the run went to it
            }
            long seq = seqOf(creationStampAt(p, id));
            if (before.containsKey(id)) {
                // a contact the store holds (few): its row is updated, from the contact built
                book.forEachContact(p, p + 1, c -> updated.add(new Object[] {c.id(), seq, c.createdAt().toString(), c.updatedAt().toString(),
                        Codec.state(stateOf(c)), null}));
            } else {
                rows.row(CONTACT_FIELDS).encoded(binaryWorkspace).text(id).number(seq);
                instant(rows, v.createdAt());
                instant(rows, v.updatedAt());
                column[0] = rows.column();
                states.state(v, keys, values, n, countsMerges ? book.mergeCount(id) : 0, m -> seqOf(stampOfCommand(m)));
                rows.text(null).endRow();
            }
        });
        if (closes) {
            rows.trailer();
        }
        // sorted here, on the worker, while the server takes earlier ranges: the commit then only merges the ranges' rows
        fresh.sort();
        return new Encoded(rows, fresh, updated);
    }

    /** A {@code timestamptz} column in COPY's binary format holding this instant: the run's own time encoded once. */
    private void instant(CopyRows rows, Instant t) {
        if (t.equals(now)) {
            rows.encoded(atColumn);
        } else {
            rows.timestamp(t);
        }
    }

    /** The rest of the commit, from what {@link #writeLockedAndContacts()} took from the engine: it reads the engine no more. */
    private Mono<Void> writeRest() {
        String identifiers = "COPY " + schema + ".identifiers (workspace, key, value, contact_id) FROM STDIN (FORMAT binary)";
        String contacts = "COPY " + schema + ".contacts (workspace, id, seq, created_at, updated_at, state, survivor) FROM STDIN";
        // each range's rows were sorted on its worker: they are merged as the connection takes them (the first rows go while the
        // last are merged), off the caller's thread, which may meanwhile read the engine (the CLI writes its output then)
        IdentifierRows.Sorted[] rows = new IdentifierRows.Sorted[1];
        return Mono.fromRunnable(() -> rows[0] = freshIdentifiers.sorted()).subscribeOn(Schedulers.parallel())
                .then(Mono.defer(() -> copyAll(identifiers, rows[0]::hasNext, copy -> rows[0].writeNext(binaryWorkspace, copy))))
                .then(Mono.defer(() -> copy(contacts, retiredRows)))
                .thenMany(Flux.defer(() -> Flux.fromIterable(partition(updates)))).concatMap(b -> new Statements().append("INSERT INTO " + schema
                                + ".contacts AS t (workspace, id, seq, created_at, updated_at, state, survivor) SELECT ").param(workspace)
                        .append(", u.i, u.s, u.c::timestamptz, u.u::timestamptz, u.t, u.v FROM unnest(").param(column(b, 0, String[]::new), String[].class)
                        .append("::text[], ").param(column(b, 1, Long[]::new), Long[].class).append("::bigint[], ")
                        .param(column(b, 2, String[]::new), String[].class).append("::text[], ").param(column(b, 3, String[]::new), String[].class)
                        .append("::text[], ").param(column(b, 4, String[]::new), String[].class).append("::text[], ")
                        .param(column(b, 5, String[]::new), String[].class).append("::text[]) AS u(i, s, c, u, t, v)"
                                + " ON CONFLICT (workspace, id) DO UPDATE SET updated_at = EXCLUDED.updated_at, state = EXCLUDED.state,"
                                + " survivor = EXCLUDED.survivor").run(tx).transform(this::bounded))
                .thenMany(Flux.fromIterable(partition(compress))).concatMap(b -> new Statements().append("UPDATE " + schema
                                + ".contacts AS t SET survivor = u.s FROM unnest(").param(column(b, 0, String[]::new), String[].class)
                        .append("::text[], ").param(column(b, 1, String[]::new), String[].class).append("::text[]) AS u(g, s) WHERE t.workspace = ")
                        .param(workspace).append(" AND t.survivor = u.g").run(tx).transform(this::bounded))
                .thenMany(Flux.fromIterable(partition(owners))).concatMap(b -> new Statements().append("UPDATE " + schema
                                + ".identifiers AS t SET contact_id = u.o FROM unnest(").param(column(b, 0, String[]::new), String[].class)
                        .append("::text[], ").param(column(b, 1, String[]::new), String[].class).append("::text[], ")
                        .param(column(b, 2, String[]::new), String[].class).append("::text[]) AS u(k, v, o) WHERE t.workspace = ").param(workspace)
                        .append(" AND t.key = u.k AND t.value = u.v").run(tx).transform(this::bounded))
                .then();
    }

    /**
     * Copies the rows {@code row} writes, one a call while {@code more} says rows are left, {@value #COPY_ROWS} rows per
     * {@code COPY} statement (outside tests), in the binary format, a {@code COPY} message at a time: memory holds a few messages, however
     * many rows there are. A statement's first message begins with the format's header, its last ends with the trailer.
     * The messages are encoded on a worker, each as the connection takes the one before it, so that the server seldom
     * waits for the next one inside a statement, nor for the first one of the next statement (encoded while the statement
     * before it ends); the event loop only sends them.
     */
    private Mono<Void> copyAll(String sql, java.util.function.BooleanSupplier more, Consumer<CopyRows> row) {
        return Mono.defer(() -> {
            if (!more.getAsBoolean()) {
                return Mono.<Void>empty();
            }
            FramesAhead ahead = new FramesAhead(more, row);
            return Mono.defer(() -> bounded(tx.copyIn(sql).fromMany(ahead.statement()).build().then())).repeat(() -> !ahead.done()).then();
        });
    }

    /** A {@code COPY} message of {@link #copyAll}: its rows, whether it ends its statement, whether it is the last. */
    private record Frame(CopyRows rows, boolean endsStatement, boolean last) {
    }

    /**
     * The messages of {@link #copyAll}, encoded one after the other on a worker (the rows' cursor is read by one thread at
     * a time, each message's encoding starting once the one before it is encoded): the next one is encoded while the
     * connection sends the one it took, and no further ahead.
     */
    private final class FramesAhead {
        private final java.util.function.BooleanSupplier more;
        private final Consumer<CopyRows> row;
        /** The message the connection takes next, encoded or being encoded. */
        private volatile CompletableFuture<Frame> next;
        /** Rows left in the statement being encoded. */
        private int left;
        private volatile boolean done;

        FramesAhead(java.util.function.BooleanSupplier more, Consumer<CopyRows> row) {
            this.more = more;
            this.row = row;
            this.next = CompletableFuture.supplyAsync(() -> encode(true), WORKERS);
        }

        /** Whether the last message has been taken: no statement is left. */
        boolean done() {
            return done;
        }

        /** The messages of the next statement, as the connection takes them. */
        Flux<Mono<ByteBuf>> statement() {
            return Mono.defer(this::take).expand(f -> f.endsStatement() ? Mono.empty() : Mono.defer(this::take))
                    .map(f -> Mono.just(frameBuffers.send(f.rows())));
        }

        /** The next message, once encoded; the one after it is encoded meanwhile (unless this one is the last). */
        private Mono<Frame> take() {
            CompletableFuture<Frame> mine = next;
            next = mine.thenApplyAsync(f -> f.last() ? null : encode(f.endsStatement()), WORKERS);
            return Mono.fromFuture(mine).doOnNext(f -> {
                if (f.last()) {
                    done = true;
                }
            });
        }

        /** Encodes the next message (on a worker), beginning a statement when {@code opens}. */
        private Frame encode(boolean opens) {
            CopyRows rows = frameBuffers.take(true);
            if (opens) {
                rows.header();
                left = identifierStatementRows;
            }
            boolean any = more.getAsBoolean();
            while (rows.size() < identifierFrameBytes && left > 0 && any) {
                row.accept(rows);
                left--;
                any = more.getAsBoolean();
            }
            boolean ends = left == 0 || !any;
            if (ends) {
                rows.trailer();
            }
            return new Frame(rows, ends, !any);
        }
    }

    /** Locks the identifier rows the run found in the store, in one sorted order, and checks their owners did not change. */
    private Mono<Void> lockIdentifiers(List<Identifier> sorted) {
        return Flux.fromIterable(partition(sorted)).concatMap(batch -> new Statements().append("SELECT key, value, contact_id FROM " + schema
                        + ".identifiers WHERE workspace = ").param(workspace).append(" AND (key, value) IN (SELECT * FROM unnest(")
                .param(batch.stream().map(Identifier::key).toArray(String[]::new), String[].class).append("::text[], ")
                .param(batch.stream().map(Identifier::value).toArray(String[]::new), String[].class)
                .append("::text[])) ORDER BY key, value FOR UPDATE")
                .rows(tx, r -> new String[] {r.get("key", String.class), r.get("value", String.class), r.get("contact_id", String.class)})
                .collectList().transform(this::bounded)
                .flatMap(rows -> {
                    if (rows.size() != batch.size()) {
                        return Mono.error(changed("an identifier"));
                    }
                    for (String[] r : rows) {
                        Identifier i = Identifier.of(r[0], r[1]);
                        if (!Objects.equals(r[2], rawOwners.get(i))) {
                            return Mono.error(changed("identifier " + i));
                        }
                    }
                    return Mono.<Void>empty();
                })).then();
    }

    /** Locks the existing contacts the run changed, in id order, and checks that none changed since the run loaded them. */
    private Mono<Void> lockContacts(List<String> sorted) {
        return Flux.fromIterable(partition(sorted)).concatMap(batch -> new Statements().append("SELECT x.id, " + Codec.epochMicros("x.updated_at") + " AS updated_at, x.state FROM " + schema
                        + ".contacts x WHERE x.workspace = ").param(workspace).append(" AND x.id = ANY(").param(batch.toArray(String[]::new), String[].class)
                .append("::text[]) AND x.survivor IS NULL AND NOT x.deleted ORDER BY x.id FOR UPDATE")
                .rows(tx, r -> new Object[] {r.get("id", String.class), Codec.instant(r.get("updated_at", Long.class)), r.get("state", String.class)})
                .collectList().transform(this::bounded)
                .flatMap(rows -> {
                    if (rows.size() != batch.size()) {
                        return Mono.error(changed("a contact"));
                    }
                    for (Object[] r : rows) {
                        Loaded was = before.get((String) r[0]);
                        if (!was.updatedAt().equals(r[1]) || !was.state().equals(r[2])) {
                            return Mono.error(changed("contact " + r[0]));
                        }
                    }
                    return Mono.<Void>empty();
                })).then();
    }

    private Mono<Void> copy(String sql, CopyRows rows) {
        if (rows.rows() == 0) {
            return Mono.empty();
        }
        // one CopyData message per slice of at most FRAME bytes: the server takes the stream in any pieces
        byte[] bytes = rows.array();
        int size = rows.size();
        Flux<Mono<ByteBuf>> frames = Flux.range(0, (size + FRAME - 1) / FRAME)
                .map(k -> Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes, k * FRAME, Math.min(FRAME, size - k * FRAME))));
        return bounded(tx.copyIn(sql).fromMany(frames).build().then());
    }

    private static ServerException changed(String what) {
        return new ServerException(ID, 0, "concurrent_change", what + " changed while the run was deciding: nothing was written; run it again");
    }

    private static <T> T[] column(List<Object[]> rows, int index, java.util.function.IntFunction<T[]> make) {
        T[] out = make.apply(rows.size());
        for (int i = 0; i < out.length; i++) {
            @SuppressWarnings("unchecked")
            T v = (T) rows.get(i)[index];
            out[i] = v;
        }
        return out;
    }

    private static <T> List<List<T>> partition(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += BATCH) {
            out.add(all.subList(i, Math.min(all.size(), i + BATCH)));
        }
        return out;
    }
}
