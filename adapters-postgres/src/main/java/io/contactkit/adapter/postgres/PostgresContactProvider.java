package io.contactkit.adapter.postgres;

import io.contactkit.adapter.postgres.internal.BoundedPool;
import io.contactkit.adapter.postgres.internal.ClaimedWorkspaces;
import io.contactkit.adapter.postgres.internal.Codec;
import io.contactkit.adapter.postgres.internal.Connecting;
import io.contactkit.adapter.postgres.internal.ContactState;
import io.contactkit.adapter.postgres.internal.Decider;
import io.contactkit.adapter.postgres.internal.Failures;
import io.contactkit.adapter.postgres.internal.LogReplay;
import io.contactkit.adapter.postgres.internal.Migrator;
import io.contactkit.adapter.postgres.internal.Statements;
import io.contactkit.adapter.postgres.internal.StoredContact;
import io.contactkit.adapter.postgres.internal.StoredIdentifiers;
import io.contactkit.adapter.postgres.internal.TimeOrderedIds;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.ReplayableBook;
import io.contactkit.domain.SkippedIdentifier;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.UpsertOutcome;
import io.contactkit.domain.Violation;
import io.contactkit.ports.Capabilities;
import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.Operation;
import io.contactkit.ports.Page;
import io.contactkit.ports.Paging;
import io.contactkit.ports.PagingStyle;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.ValidationException;
import io.contactkit.ports.Warning;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import io.vavr.control.Either;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * A durable identity store shared by any number of processes: contacts, identifier ownership and a log
 * of every accepted command in PostgreSQL, over R2DBC, non-blocking end to end.
 *
 * <p>The domain decides every write. A write runs in one READ COMMITTED transaction that locks the rows
 * of the command's identifiers (in one sorted order, so transactions cannot deadlock on them), then the
 * contacts owning them (sorted by id), restores those contacts into a transient
 * {@link io.contactkit.domain.ContactBook}, lets it apply the command with its own rules, and writes
 * the difference and a log entry. Commands that share an identifier or a contact therefore take effect
 * one after the other, in the order of their log sequence; a deadlock or serialization failure starts the
 * transaction over, a bounded number of times, and then fails with a {@link ServerException}.
 *
 * <p>Identifier ownership is unique by the primary key of the identifier table. A contact merged away
 * keeps its row with a pointer to its survivor: {@link #get} of its id fails with a
 * {@link NotFoundException} (provider code {@code merged}) whose message names the survivor, as every
 * provider's merged-away contacts are not found, and {@link #survivorOf} returns the survivor's id.
 */
public final class PostgresContactProvider implements ContactProvider {

    /** The id this provider is discovered by. */
    public static final String ID = "postgres";
    /**
     * The provider code of the {@link io.contactkit.ports.ConflictException} a write fails with when
     * the store's identity rules differ from those its workspace is decided under.
     */
    public static final String RULES_MISMATCH = Failures.RulesMismatch.CODE;
    static final int DEFAULT_PAGE_SIZE = 100;
    private static final int LOG_PAGE = 500;

    private static final Capabilities CAPABILITIES = new Capabilities(
            EnumSet.allOf(Operation.class), EnumSet.allOf(Strategy.class), Set.of(),
            true, true, true, PagingStyle.TOKEN, ListQuery.MAX_PAGE_SIZE);
    private static final String COLUMNS = "x.id, x.seq, " + Codec.epochMicros("x.created_at") + " AS created_at, "
            + Codec.epochMicros("x.updated_at") + " AS updated_at, x.state, x.survivor, x.deleted";

    private final PostgresSettings settings;
    private final ConnectionPool pool;
    /** Connections of their own for deduplication runs, outside the pool (a run holds one for its whole transaction). */
    private final PostgresqlConnectionFactory direct;
    private final String schema;
    private final Clock clock;
    private final Supplier<String> ids;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicLong retries = new AtomicLong();
    private final FreshWrites fresh;
    private final IdentityRules rules;
    private final String rulesJson;
    private final String fingerprint;
    /** Identifiers this instance saw committed: commands naming them skip the group-commit attempt. */
    private final StoredIdentifiers stored = new StoredIdentifiers(100_000);
    /** Workspaces whose recorded rules this instance has found to be its own (each write checks again, under a lock). */
    private final ClaimedWorkspaces claimed = new ClaimedWorkspaces(10_000);
    /** One observation per operation, on the settings' registry. */
    final StoreObservations observations;

    /**
     * A store with time-ordered (version 7) UUIDs as contact ids and the system clock.
     *
     * @param settings where the database is, the pool and the timeouts
     */
    public PostgresContactProvider(PostgresSettings settings) {
        this(settings, Clock.systemUTC(), new TimeOrderedIds());
    }

    /**
     * A store with this clock and these contact ids.
     *
     * @param settings where the database is, the pool and the timeouts
     * @param clock stamps contacts (kept to microseconds, PostgreSQL's precision)
     * @param ids   generates contact ids; must never repeat, across processes too
     */
    public PostgresContactProvider(PostgresSettings settings, Clock clock, Supplier<String> ids) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.schema = settings.schema();
        this.rules = settings.rules();
        this.rulesJson = Codec.rules(rules);
        this.fingerprint = Codec.fingerprint(rulesJson);
        this.observations = new StoreObservations(settings.observationRegistry());
        // reads the migration scripts from the jar now, on the caller's thread, never on an event loop
        Migrator.latest();
        Codec.warmUp();
        this.direct = new PostgresqlConnectionFactory(connection(settings));
        // every round trip of a pooled connection bounded by the statement timeout and a grace; a broken connection is destroyed
        // opening a connection bounded by the connect timeout as a whole, said as a failure to connect past it
        Connecting connecting = new Connecting(direct, settings.host() + ":" + settings.port(), settings.connectTimeout(),
                settings.statementTimeout());
        this.pool = new BoundedPool(ConnectionPoolConfiguration.builder(connecting)
                .name("contactkit-postgres")
                .initialSize(settings.poolInitialSize())
                .maxSize(settings.poolMaxSize())
                .maxIdleTime(Duration.ofMinutes(5))
                .maxLifeTime(Duration.ofMinutes(30))
                .maxAcquireTime(settings.statementTimeout())
                .build(), settings.statementTimeout().plus(GRACE), connecting);
        this.fresh = settings.writeBatches() == 0 ? new FreshWrites(pool, schema, fingerprint, Integer.MAX_VALUE, 1)
                : new FreshWrites(pool, schema, fingerprint, settings.writeBatches(), FreshWrites.MAX_COMMANDS);
    }

    /** The driver's configuration for these settings (package-private for the TLS tests, which open a connection of their own). */
    static PostgresqlConnectionConfiguration connection(PostgresSettings s) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("statement_timeout", s.statementTimeout().toMillis() + "ms");
        options.put("lock_timeout", s.lockTimeout().toMillis() + "ms");
        // a client gone without closing (a partition) must not hold its transaction's locks: the server ends a session idle
        // inside a transaction for as long as this client waits for a reply before taking the link as lost
        options.put("idle_in_transaction_session_timeout", s.statementTimeout().plus(GRACE).toMillis() + "ms");
        PostgresqlConnectionConfiguration.Builder b = PostgresqlConnectionConfiguration.builder()
                .host(s.host()).port(s.port()).database(s.database())
                .username(s.user() == null ? "postgres" : s.user())
                .applicationName("contactkit")
                .connectTimeout(s.connectTimeout())
                // a backstop for idle pooled connections whose peer vanished (the operating system's keepalive timing)
                .tcpKeepAlive(true)
                .options(options);
        s.password().ifPresent(p -> b.password(p.reveal()));
        // libpq's sslmode, as the driver names it; require with a root certificate checks the server's certificate against
        // it, as libpq does
        b.sslMode(switch (s.sslMode()) {
            case DISABLE -> io.r2dbc.postgresql.client.SSLMode.DISABLE;
            case PREFER -> io.r2dbc.postgresql.client.SSLMode.PREFER;
            case REQUIRE -> s.sslRootCert().isPresent() ? io.r2dbc.postgresql.client.SSLMode.VERIFY_CA : io.r2dbc.postgresql.client.SSLMode.REQUIRE;
            case VERIFY_CA -> io.r2dbc.postgresql.client.SSLMode.VERIFY_CA;
            case VERIFY_FULL -> io.r2dbc.postgresql.client.SSLMode.VERIFY_FULL;
        });
        if (s.sslMode() != SslMode.DISABLE) {
            // the driver makes a TLS context for every connection, on the event loop: what it would read from files there (the
            // root certificate, Java's trusted authorities, the random generator's seed) is read here, once, off the loop
            java.security.SecureRandom random = TlsMaterial.random();
            // prefer and require without a root certificate check nothing: the driver's own trust-all stays
            boolean verify = s.sslMode() == SslMode.VERIFY_CA || s.sslMode() == SslMode.VERIFY_FULL;
            javax.net.ssl.TrustManagerFactory trust = s.sslRootCert().isPresent() ? TlsMaterial.trusting(s.sslRootCert().get())
                    : verify ? TlsMaterial.javaDefaults() : null;
            boolean checkName = s.sslMode() == SslMode.VERIFY_FULL;
            b.sslContextBuilderCustomizer(ssl -> {
                ssl.secureRandom(random);
                if (trust != null) {
                    ssl.trustManager(trust);
                }
                // the certificate's authority only, unless verify-full: Netty's client contexts check the host name by default
                return checkName ? ssl : ssl.endpointIdentificationAlgorithm(null);
            });
        }
        return b.build();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /**
     * The settings, password redacted in their {@code toString()}.
     *
     * @return the settings
     */
    public PostgresSettings settings() {
        return settings;
    }

    // ---- schema -------------------------------------------------------------------------------

    /**
     * Applies pending schema migrations (safe when several processes do it at once) and returns the
     * versions applied, empty when the schema was current. Fails when the schema is newer than this code.
     *
     * @return the versions applied
     */
    public Mono<List<Integer>> migrate() {
        return observations.mono("schema.migrate", observed -> Mono.usingWhen(pool.create(), c -> Migrator.migrate(c, schema), Connection::close)
                .doOnSuccess(applied -> {
                    if (applied != null && !applied.isEmpty()) {
                        // where, never who: no user name, no password
                        StoreObservations.LOG.info("{}: applied schema migrations {} to schema {} on {}:{}/{} (now version {})", ID, applied,
                                schema, settings.host(), settings.port(), settings.database(), applied.get(applied.size() - 1));
                    }
                    ready.set(true);
                })
                .onErrorMap(e -> Failures.map(ID, e, 1)));
    }

    /**
     * The schema version the database holds (0: none), and the newest this code knows is {@link #codeSchemaVersion()}.
     *
     * @return the version
     */
    public Mono<Integer> schemaVersion() {
        return Mono.usingWhen(pool.create(), c -> Migrator.version(c, schema), Connection::close).onErrorMap(e -> Failures.map(ID, e, 1));
    }

    /** {@return the newest schema version this code knows} */
    public static int codeSchemaVersion() {
        return Migrator.latest();
    }

    private Mono<Void> ready() {
        if (ready.get()) {
            return Mono.empty();
        }
        if (settings.migrate()) {
            return migrate().then();
        }
        // without migrate, only the newest version is usable
        return usableSchemaVersion().doOnSuccess(v -> ready.set(true)).then();
    }

    /**
     * The schema version the database holds, when this store can work on it: a version newer than this code knows fails with
     * code {@code schema_too_new}, and without {@link PostgresSettings#migrate()} a missing or older schema fails with
     * {@code schema_missing} or {@code schema_outdated}, as the store's operations would. A health check asks this.
     *
     * @return the version (older than {@link #codeSchemaVersion()} only when migrations are applied on first use)
     */
    public Mono<Integer> usableSchemaVersion() {
        return schemaVersion().flatMap(v -> {
            if (v > Migrator.latest()) {
                return Mono.error(Failures.map(ID, new Migrator.SchemaTooNew(v, Migrator.latest()), 1));
            }
            if (v == Migrator.latest() || settings.migrate()) {
                return Mono.just(v);
            }
            String what = v == 0 ? "holds no contactkit schema '" + schema + "'" : "holds schema version " + v + " of " + Migrator.latest();
            return Mono.error(new ServerException(ID, 0, v == 0 ? "schema_missing" : "schema_outdated", "the database " + what
                    + ": run `contactkit db migrate`, or set the provider option migrate=true"));
        });
    }

    // ---- identity rules -------------------------------------------------------------------------

    /**
     * The identity rules this store decides under (from its settings).
     *
     * @return the rules
     */
    public IdentityRules rules() {
        return rules;
    }

    /** The fingerprint of this store's rules, as recorded per workspace and with each log entry. */
    String rulesFingerprint() {
        return fingerprint;
    }

    /**
     * The rules a workspace's commands are decided under: those its first writer recorded, or a split
     * set since. Empty when nothing was written to the workspace yet.
     *
     * @param workspace the workspace
     * @return the rules
     */
    public Mono<IdentityRules> workspaceRules(String workspace) {
        return read(StoreObservations.unobserved("rules.get"), workspace, c -> new Statements().append("SELECT r.rules FROM " + schema + ".workspace_rules w JOIN " + schema
                        + ".rules r ON r.fingerprint = w.fingerprint WHERE w.workspace = ").param(workspace)
                .rows(c, r -> r.get("rules", String.class)).next())
                // off the event loop: normalizing a blocked phone number may load libphonenumber's metadata from the jar
                .publishOn(Schedulers.boundedElastic())
                .map(Codec::rules);
    }

    /**
     * Records this store's rules as the workspace's when it has none, and checks that the workspace's
     * rules are this store's; once per workspace and instance (each write checks again, under a lock).
     */
    Mono<Void> claimRules(String workspace) {
        return ready().then(claim(workspace));
    }

    /**
     * Holds the workspace's rules row with FOR KEY SHARE on the connection's transaction (no split can change
     * them until it ends), and fails when they are not this store's rules.
     */
    Mono<Void> holdRules(Connection c, String workspace) {
        return new Statements().append("SELECT fingerprint FROM " + schema + ".workspace_rules WHERE workspace = ").param(workspace)
                .append(" FOR KEY SHARE").rows(c, r -> r.get("fingerprint", String.class)).next().defaultIfEmpty("")
                .flatMap(fp -> fp.equals(fingerprint) ? Mono.<Void>empty() : Mono.error(new Failures.RulesMismatch(workspace, fp, fingerprint)));
    }

    private Mono<Void> claim(String workspace) {
        if (claimed.contains(workspace)) {
            return Mono.empty();
        }
        Function<Connection, Mono<String>> recorded = c -> new Statements().append("SELECT fingerprint FROM " + schema
                + ".workspace_rules WHERE workspace = ").param(workspace).rows(c, r -> r.get("fingerprint", String.class)).next();
        return Mono.usingWhen(pool.create(), c -> new Statements()
                        .append("WITH r AS (INSERT INTO " + schema + ".rules (fingerprint, rules) VALUES (").param(fingerprint).append(", ")
                        .param(rulesJson).append(") ON CONFLICT DO NOTHING) INSERT INTO " + schema + ".workspace_rules (workspace, fingerprint)"
                                + " VALUES (").param(workspace).append(", $1) ON CONFLICT DO NOTHING").run(c)
                        // a separate statement: one that lost the race to insert does not see the winner's row in its snapshot
                        .then(recorded.apply(c)), Connection::close)
                .flatMap(fp -> {
                    if (!fp.equals(fingerprint)) {
                        return Mono.error(new Failures.RulesMismatch(workspace, fp, fingerprint));
                    }
                    claimed.add(workspace);
                    return Mono.<Void>empty();
                });
    }

    // ---- writes -------------------------------------------------------------------------------

    @Override
    public Mono<Contact> create(String workspace, UpsertCommand command) {
        return write(workspace, Decider.Operation.CREATE, null, command).map(Decider.Plan::contact);
    }

    @Override
    public Mono<UpsertResult> upsert(String workspace, UpsertCommand command) {
        return write(workspace, Decider.Operation.UPSERT, null, command).map(p -> toResult(p.outcome()));
    }

    @Override
    public Mono<Contact> update(String workspace, String contactId, UpsertCommand command) {
        return write(workspace, Decider.Operation.UPDATE, contactId, command).map(Decider.Plan::contact);
    }

    @Override
    public Mono<Void> delete(String workspace, String contactId) {
        return write(workspace, Decider.Operation.DELETE, contactId, null).then();
    }

    /**
     * How many transactions were started over (deadlock, serialization failure, stale owner, lost connection).
     *
     * @return the count
     */
    public long retries() {
        return retries.get();
    }

    /**
     * How the group-commit path fared: statements sent, and commands they wrote (commands of new
     * contacts only; the rest took transactions).
     */
    long[] groupCommits() {
        return fresh.counts();
    }

    private Mono<Decider.Plan> write(String workspace, Decider.Operation operation, String target, UpsertCommand command) {
        String name = switch (operation) {
            case CREATE -> "contacts.create";
            case UPSERT -> "contacts.upsert";
            case UPDATE -> "contacts.update";
            case DELETE -> "contacts.delete";
        };
        return observations.mono(name, observed -> {
            checkWorkspace(workspace);
            if (operation != Decider.Operation.DELETE) {
                Objects.requireNonNull(command, "command");
            }
            AtomicInteger attempts = new AtomicInteger();
            Mono<Decider.Plan> full = transaction(c -> attempt(c, workspace, operation, target, command))
                    .doOnSubscribe(s -> {
                        if (attempts.incrementAndGet() > 1) {
                            retries.incrementAndGet();
                        }
                    })
                    .retryWhen(transactionRetry(observed, workspace));
            // a command naming an identifier known to be stored would fail the group-commit attempt: it takes the transaction at once
            boolean fresh = (operation == Decider.Operation.UPSERT || operation == Decider.Operation.CREATE)
                    && !command.identifiers().isEmpty() && command.removeIdentifiers().isEmpty()
                    && !stored.anyStored(workspace, command.identifiers());
            return ready()
                    .then(claim(workspace))
                    .then(fresh ? createFresh(workspace, operation, command).switchIfEmpty(full) : full)
                    .doOnNext(plan -> {
                        if (command != null) {
                            stored.add(workspace, command.identifiers());
                        }
                    })
                    .onErrorMap(e -> Failures.map(ID, e, Math.max(1, attempts.get())));
        });
    }

    /** Starts a transaction over, {@code maxRetries} times at most, when that is safe and may succeed; each time noted. */
    private Retry transactionRetry(StoreObservations.Observed observed, String workspace) {
        return observed.retry(Retry.backoff(settings.maxRetries(), Duration.ofMillis(2)).maxBackoff(Duration.ofMillis(250)).jitter(0.75)
                .filter(Failures::retryable), workspace);
    }

    /**
     * The path for a command whose identifiers the store has never seen: the engine decides on an
     * empty book (a new contact with every identifier), and {@link FreshWrites} writes it together with
     * the other such commands waiting by then, in one autocommitted statement, unless some identifier
     * row exists already: then it is empty and the caller takes the transactional path. Stamps in the
     * state are written as 0, which readers take as the contact's creation sequence.
     */
    private Mono<Decider.Plan> createFresh(String workspace, Decider.Operation operation, UpsertCommand command) {
        return Mono.defer(() -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Either<io.contactkit.domain.UpsertFailure, Decider.Plan> decided = Decider.decide(workspace, operation, null, command, now,
                    List.of(), Map.of(), 0, ids, rules);
            if (decided.isLeft()) {
                return Mono.empty();
            }
            Decider.Plan plan = decided.get();
            return fresh.write(workspace, command, plan, now).flatMap(written -> written ? Mono.just(plan) : Mono.<Decider.Plan>empty());
        });
    }

    private <T> Mono<T> transaction(Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(pool.create(),
                c -> Mono.from(c.beginTransaction())
                        .then(work.apply(c))
                        .flatMap(v -> Mono.from(c.commitTransaction())
                                .onErrorMap(Failures::isConnectionLoss, Failures.CommitUnknown::new)
                                .thenReturn(v)),
                Connection::close,
                (c, e) -> rollback(c),
                this::rollback);
    }

    private Mono<Void> rollback(Connection c) {
        return Mono.from(c.rollbackTransaction()).onErrorResume(x -> Mono.empty()).then(Mono.from(c.close()));
    }

    private Mono<Decider.Plan> attempt(Connection c, String workspace, Decider.Operation operation, String target, UpsertCommand command) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        TreeSet<Identifier> lockSet = new TreeSet<>(Comparator.comparing(Identifier::key).thenComparing(Identifier::value));
        if (command != null) {
            lockSet.addAll(command.identifiers());
            lockSet.addAll(command.removeIdentifiers());
        }
        return lockAll(c, workspace, new ArrayList<>(lockSet), target).flatMap(both -> {
            if (!fingerprint.equals(both.rules())) {
                // the workspace's rules changed (a split) since this instance checked them: decide nothing
                claimed.remove(workspace);
                return Mono.error(new Failures.RulesMismatch(workspace, both.rules(), fingerprint));
            }
            Locked locked = both.locked();
            Set<String> raw = new TreeSet<>(locked.owners().values());
            if (target != null) {
                raw.add(target);
            }
            // an owner the statement's snapshot could not see (committed while it waited for a lock): read it afresh
            Mono<Owners> owners = both.owners().found().containsAll(raw) ? Mono.just(both.owners()) : lockContacts(c, workspace, raw);
            return owners.flatMap(o -> {
                Map<Identifier, String> live = new HashMap<>();
                locked.owners().forEach((i, r) -> {
                    String eff = o.effective().get(r);
                    if (eff != null) {
                        live.put(i, eff);
                    }
                });
                Either<io.contactkit.domain.UpsertFailure, Decider.Plan> decided = Decider.decide(workspace, operation, target, command,
                        now, o.loaded(), live, o.seq(), ids, rules);
                if (decided.isLeft()) {
                    return Mono.error(new Failures.Refused(decided.getLeft()));
                }
                Decider.Plan plan = decided.get();
                return writePlan(c, workspace, now, command, plan, o.seq()).thenReturn(plan);
            });
        });
    }

    private record Locked(Map<Identifier, String> owners, long seq) {
    }

    /** @param found the contact ids the statement saw (live, merged away or deleted) */
    private record Owners(Map<String, String> effective, List<StoredContact> loaded, long seq, Set<String> found) {
    }

    /** @param rules the fingerprint of the workspace's rules, held with FOR KEY SHARE until the transaction ends */
    private record Both(Locked locked, Owners owners, String rules) {
    }

    /**
     * One round trip for {@link #lockIdentifiers} and {@link #lockContacts}: locks the identifiers'
     * rows (sorted), then the live contacts their owners (and the target) resolve to (sorted by id), and
     * draws a log sequence once every lock is held. The contacts are read in the statement's snapshot,
     * taken before it waited for any identifier lock, so an owner committed meanwhile is missing from
     * {@link Owners#found()}: the caller then reads the owners again with {@link #lockContacts}.
     */
    private Mono<Both> lockAll(Connection c, String workspace, List<Identifier> sorted, String target) {
        Statements s = new Statements()
                .append("WITH l AS (INSERT INTO " + schema + ".identifiers AS t (workspace, key, value) SELECT ").param(workspace)
                .append(", u.k, u.v FROM unnest(").param(sorted.stream().map(Identifier::key).toArray(String[]::new), String[].class)
                .append("::text[], ").param(sorted.stream().map(Identifier::value).toArray(String[]::new), String[].class)
                .append("::text[]) AS u(k, v) ON CONFLICT (workspace, key, value) DO UPDATE SET contact_id = t.contact_id"
                        + " RETURNING t.key, t.value, t.contact_id),"
                        + " raw AS (SELECT contact_id AS id FROM l WHERE contact_id IS NOT NULL UNION SELECT ").param(target)
                .append("::text AS id WHERE $4::text IS NOT NULL),"
                        + " r AS (SELECT c.id AS raw, coalesce(c.survivor, c.id) AS eff FROM " + schema + ".contacts c"
                        + " WHERE c.workspace = $1 AND c.id IN (SELECT id FROM raw)),"
                        + " k AS (SELECT " + COLUMNS + " FROM " + schema + ".contacts x WHERE x.workspace = $1"
                        + " AND x.id IN (SELECT eff FROM r) ORDER BY x.id FOR UPDATE),"
                        + " a AS (SELECT array_agg(key) AS ik, array_agg(value) AS iv, array_agg(contact_id) AS io FROM l),"
                        + " w AS (SELECT fingerprint FROM " + schema + ".workspace_rules WHERE workspace = $1 FOR KEY SHARE),"
                        + " n AS (SELECT nextval('" + schema + ".command_seq') AS next, (SELECT fingerprint FROM w) AS fp"
                        + " FROM (SELECT count(*) FROM k) q)"
                        + " SELECT n.next, n.fp, a.ik, a.iv, a.io, r.raw, k.* FROM n CROSS JOIN a LEFT JOIN (r JOIN k ON k.id = r.eff) ON true");
        return s.rows(c, row -> new Object[] {row.get("next", Long.class), row.get("raw", String.class),
                row.get("id", String.class) == null ? null : row(row), row.get("ik", String[].class), row.get("iv", String[].class),
                row.get("io", String[].class), row.get("fp", String.class)}).collectList().flatMap(rows -> {
                    Object[] first = rows.get(0);
                    String[] k = (String[]) first[3];
                    String[] v = (String[]) first[4];
                    String[] o = (String[]) first[5];
                    Map<Identifier, String> owners = new HashMap<>();
                    for (int i = 0; k != null && i < k.length; i++) {
                        if (o[i] != null) {
                            owners.put(Identifier.of(k[i], v[i]), o[i]);
                        }
                    }
                    return owners(rows).map(w -> new Both(new Locked(owners, w.seq()), w, (String) first[6]));
                });
    }

    /**
     * Locks the identifiers' rows in the given (sorted) order, creating those never seen, and returns
     * the contact each row names and a log sequence drawn after every lock is held.
     */
    private Mono<Locked> lockIdentifiers(Connection c, String workspace, List<Identifier> sorted) {
        String[] keys = sorted.stream().map(Identifier::key).toArray(String[]::new);
        String[] values = sorted.stream().map(Identifier::value).toArray(String[]::new);
        Statements s = new Statements()
                .append("WITH l AS (INSERT INTO " + schema + ".identifiers AS t (workspace, key, value) SELECT ").param(workspace)
                .append(", u.k, u.v FROM unnest(").param(keys, String[].class).append("::text[], ").param(values, String[].class)
                .append("::text[]) AS u(k, v) ON CONFLICT (workspace, key, value) DO UPDATE SET contact_id = t.contact_id"
                        + " RETURNING t.key, t.value, t.contact_id),"
                        + " a AS (SELECT array_agg(key) AS k, array_agg(value) AS v, array_agg(contact_id) AS o FROM l)"
                        + " SELECT a.k, a.v, a.o, nextval('" + schema + ".command_seq') AS seq FROM a");
        return s.rows(c, row -> {
            String[] k = row.get("k", String[].class);
            String[] v = row.get("v", String[].class);
            String[] o = row.get("o", String[].class);
            Map<Identifier, String> owners = new HashMap<>();
            for (int i = 0; k != null && i < k.length; i++) {
                if (o[i] != null) {
                    owners.put(Identifier.of(k[i], v[i]), o[i]);
                }
            }
            return new Locked(owners, row.get("seq", Long.class));
        }).single();
    }

    /**
     * Locks the live contacts the given contact ids resolve to (a merged-away contact resolves to its
     * survivor), in id order, and returns them with a log sequence drawn after every lock is held.
     */
    private Mono<Owners> lockContacts(Connection c, String workspace, Set<String> raw) {
        Statements s = new Statements()
                .append("WITH r AS (SELECT c.id AS raw, coalesce(c.survivor, c.id) AS eff FROM " + schema + ".contacts c WHERE c.workspace = ")
                .param(workspace).append(" AND c.id = ANY(").param(raw.toArray(String[]::new), String[].class).append("::text[])),"
                        + " k AS (SELECT " + COLUMNS + " FROM " + schema + ".contacts x WHERE x.workspace = $1"
                        + " AND x.id IN (SELECT eff FROM r) ORDER BY x.id FOR UPDATE),"
                        + " n AS (SELECT nextval('" + schema + ".command_seq') AS next FROM (SELECT count(*) FROM k) q)"
                        + " SELECT n.next, r.raw, k.* FROM n LEFT JOIN (r JOIN k ON k.id = r.eff) ON true");
        return s.rows(c, row -> new Object[] {row.get("next", Long.class), row.get("raw", String.class),
                row.get("id", String.class) == null ? null : row(row)}).collectList().flatMap(PostgresContactProvider::owners);
    }

    /** The owners from rows of (sequence, raw id, locked row or null); a locked row merged away meanwhile starts the transaction over. */
    private static Mono<Owners> owners(List<Object[]> rows) {
        Map<String, String> effective = new HashMap<>();
        Map<String, StoredContact> loaded = new LinkedHashMap<>();
        Set<String> found = new java.util.HashSet<>();
        for (Object[] r : rows) {
            Row x = (Row) r[2];
            if (x == null) {
                continue;
            }
            found.add((String) r[1]);
            if (x.survivor() != null) {
                return Mono.error(new Failures.StaleOwner(x.contact().id()));
            }
            if (!x.deleted()) {
                effective.put((String) r[1], x.contact().id());
                loaded.put(x.contact().id(), x.contact());
            }
        }
        return Mono.just(new Owners(effective, new ArrayList<>(loaded.values()), (Long) rows.get(0)[0], found));
    }

    private Mono<Void> writePlan(Connection c, String workspace, Instant now, UpsertCommand command, Decider.Plan plan, long seq) {
        Statements s = new Statements().append("WITH log AS (INSERT INTO " + schema + ".command_log"
                        + " (workspace, seq, at, operation, contact_id, command, decision, rules) VALUES (").param(workspace).append(", ")
                .param(seq, Long.class).append(", ").param(now.atOffset(java.time.ZoneOffset.UTC), OffsetDateTime.class).append(", ")
                .param(plan.operation().name()).append(", ").param(plan.contactId()).append(", ")
                .param(command == null ? null : Codec.command(command)).append(", ").param(plan.decision()).append(", ")
                .param(fingerprint).append(")");
        if (plan.operation() == Decider.Operation.DELETE) {
            s.append("), d AS (UPDATE " + schema + ".contacts SET deleted = true, state = NULL WHERE workspace = $1 AND id = $5");
        } else {
            Contact k = plan.contact();
            s.append("), c AS (INSERT INTO " + schema + ".contacts AS t (workspace, id, seq, created_at, updated_at, state) VALUES ($1, $5, ")
                    .param(plan.contactSeq(), Long.class).append(", ").param(k.createdAt().atOffset(java.time.ZoneOffset.UTC), OffsetDateTime.class)
                    .append(", ").param(k.updatedAt().atOffset(java.time.ZoneOffset.UTC), OffsetDateTime.class).append(", ")
                    .param(Codec.state(plan.state()))
                    .append(") ON CONFLICT (workspace, id) DO UPDATE SET updated_at = EXCLUDED.updated_at, state = EXCLUDED.state");
            identifierUpdate(s, "ia", "$5", plan.claimed());
            identifierUpdate(s, "ir", "NULL", plan.released());
            if (!plan.merged().isEmpty()) {
                s.append("), m AS (UPDATE " + schema + ".contacts SET survivor = $5, state = NULL WHERE workspace = $1 AND (id = ANY(")
                        .param(plan.merged().toArray(String[]::new), String[].class).append("::text[]) OR survivor = ANY(")
                        .param(plan.merged().toArray(String[]::new), String[].class).append("::text[]))");
            }
        }
        return s.append(") SELECT 1").run(c);
    }

    private void identifierUpdate(Statements s, String name, String owner, List<Identifier> ids) {
        if (ids.isEmpty()) {
            return;
        }
        s.append("), " + name + " AS (UPDATE " + schema + ".identifiers SET contact_id = " + owner + " WHERE workspace = $1 AND (key, value) IN"
                        + " (SELECT * FROM unnest(").param(ids.stream().map(Identifier::key).toArray(String[]::new), String[].class)
                .append("::text[], ").param(ids.stream().map(Identifier::value).toArray(String[]::new), String[].class).append("::text[]))");
    }

    // ---- split by replay ------------------------------------------------------------------------

    /**
     * Splits contacts of a workspace by replay, as {@code InMemoryContactProvider.split} does: in one
     * transaction, holding the workspace's rules row (so no write runs meanwhile), the workspace's log
     * streams page by page (by sequence, the next page read while one is replayed, so memory holds two pages beyond the engine's own state) through
     * a {@link ReplayableBook}, the commands behind the named contacts are replayed
     * again under {@code rules} (for example with a value newly blocked), and the contacts that result
     * take their place; no other contact changes. The split is logged, so the log still replays to the
     * stored state, and the workspace is decided under {@code rules} from then on: instances with other
     * rules are refused ({@link #RULES_MISMATCH}). Replaying under the workspace's rules gives back the
     * same contacts.
     *
     * @param workspace  the workspace
     * @param contactIds the contacts to split
     * @param rules      the identity rules to replay under, and to decide the workspace under from then on
     * @return the split; fails with a {@link NotFoundException} (changing nothing) when a named contact is not live
     */
    public Mono<ReplayableBook.SplitResult> split(String workspace, Collection<String> contactIds, IdentityRules rules) {
        return split(workspace, contactIds, rules, LOG_PAGE);
    }

    /** {@link #split(String, Collection, IdentityRules)}, reading the log {@code page} entries at a time. */
    Mono<ReplayableBook.SplitResult> split(String workspace, Collection<String> contactIds, IdentityRules rules, int page) {
        return observations.mono("contacts.split", observed -> {
            checkWorkspace(workspace);
            List<String> named = List.copyOf(contactIds);
            String json = Codec.rules(rules);
            String fp = Codec.fingerprint(json);
            AtomicInteger attempts = new AtomicInteger();
            return ready().then(transaction(c -> splitIn(c, workspace, named, rules, json, fp, page))
                            .doOnSubscribe(x -> attempts.incrementAndGet())
                            .retryWhen(transactionRetry(observed, workspace)))
                    .doOnSuccess(x -> claimed.remove(workspace))
                    .onErrorMap(e -> Failures.map(ID, e, Math.max(1, attempts.get())));
        });
    }

    private Mono<ReplayableBook.SplitResult> splitIn(Connection c, String workspace, List<String> named, IdentityRules rules, String json,
                                                     String fp, int page) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, IdentityRules> known = new HashMap<>();
        // the history the split replays is held whole: its repeated values once each
        Codec.Shared shared = new Codec.Shared();
        LogReplay replay = new LogReplay(workspace, ids);
        // the engine computes between pages and after the last: the session may sit idle in its transaction longer than a write's
        long idle = Math.max(Duration.ofSeconds(60).toMillis(), 2 * settings.statementTimeout().toMillis());
        return new Statements().append("SET LOCAL idle_in_transaction_session_timeout = " + idle).run(c)
                .then(new Statements().append("SELECT fingerprint FROM " + schema + ".workspace_rules WHERE workspace = ").param(workspace)
                        .append(" FOR UPDATE").rows(c, r -> 1).then())
                // the log streams into the engine page by page (by sequence, no OFFSET), without the decisions (the replay repeats
                // each command, it does not read what was decided); the next page is read while one is replayed, so memory holds
                // two pages beyond the engine's state
                .then(Paging.pages("0", after -> logPage(c, workspace, Long.parseLong(after), page, false)
                                .map(logged -> new Page<>(logged.raws(), logged.next())))
                        // replayed off the event loop: it decodes the commands and runs the engine over them
                        .publishOn(Schedulers.boundedElastic(), 2)
                        .doOnNext(logged -> decoded(logged.items(), known, false, shared).forEach(replay::apply))
                        .then())
                .then(Mono.fromCallable(() -> replay.split(named, rules)).subscribeOn(Schedulers.boundedElastic()))
                .flatMap(split -> {
                    if (split.isLeft()) {
                        return Mono.error(new Failures.Refused(split.getLeft()));
                    }
                    ReplayableBook.SplitResult result = split.get();
                    Map<String, ContactState> states = replay.states(result.contacts());
                    return writeSplit(c, workspace, now, named, replay.held(), result, states, replay.drawn(), json, fp).thenReturn(result);
                });
    }

    /**
     * The statement timeout, at least, of a split's statement that reads every contact of the workspace (the reset of the
     * counts of merges): the timeout meant for writes (30 seconds by default) would end it in a workspace of millions.
     */
    private static final Duration SCAN_TIMEOUT = Duration.ofMinutes(10);

    private Mono<Void> writeSplit(Connection c, String workspace, Instant now, List<String> named, LogReplay.Held held,
                                  ReplayableBook.SplitResult result, Map<String, ContactState> states, List<String> drawn, String json, String fp) {
        String[] replaced = result.replaced().toArray(String[]::new);
        // the replaced contacts give up their identifiers (and those of contacts merged into them) and are gone; a contact
        // merged into one keeps pointing at it, as the engine's does. The identifier rows are found by their keys (what the
        // replayed contacts hold, still naming one of their ids), not by a scan of the workspace's identifiers: that took
        // longer than a statement may in a workspace of a million contacts whose server was busy
        Mono<Void> clear = new Statements().append("WITH i AS (UPDATE " + schema + ".identifiers SET contact_id = NULL WHERE workspace = ")
                .param(workspace).append(" AND (key, value) IN (SELECT * FROM unnest(")
                .param(held.identifiers().stream().map(Identifier::key).toArray(String[]::new), String[].class).append("::text[], ")
                .param(held.identifiers().stream().map(Identifier::value).toArray(String[]::new), String[].class).append("::text[]))"
                        + " AND contact_id = ANY(").param(held.ids().toArray(String[]::new), String[].class).append("::text[]))"
                        + " UPDATE " + schema + ".contacts SET deleted = true, state = NULL WHERE workspace = $1 AND id = ANY(")
                .param(replaced, String[].class).append("::text[])").run(c);
        // the resulting contacts, in creation order, after every other contact (as the engine restores them)
        Mono<Void> contacts = Flux.fromIterable(result.contacts()).concatMap(k -> new Statements()
                .append("WITH k AS (INSERT INTO " + schema + ".contacts AS t (workspace, id, seq, created_at, updated_at, state) VALUES (")
                .param(workspace).append(", ").param(k.id()).append(", nextval('" + schema + ".command_seq'), ")
                .param(k.createdAt().atOffset(java.time.ZoneOffset.UTC), OffsetDateTime.class).append(", ")
                .param(k.updatedAt().atOffset(java.time.ZoneOffset.UTC), OffsetDateTime.class).append(", ").param(Codec.state(states.get(k.id())))
                .append(") ON CONFLICT (workspace, id) DO UPDATE SET seq = EXCLUDED.seq, created_at = EXCLUDED.created_at,"
                        + " updated_at = EXCLUDED.updated_at, state = EXCLUDED.state, survivor = NULL, deleted = false)"
                        + " UPDATE " + schema + ".identifiers SET contact_id = $2 WHERE workspace = $1 AND (key, value) IN (SELECT * FROM unnest(")
                .param(k.identifiers().stream().map(Identifier::key).toArray(String[]::new), String[].class).append("::text[], ")
                .param(k.identifiers().stream().map(Identifier::value).toArray(String[]::new), String[].class).append("::text[]))")
                .run(c)).then();
        Mono<Void> logAndRules = new Statements().append("WITH r AS (INSERT INTO " + schema + ".rules (fingerprint, rules) VALUES (")
                .param(fp).append(", ").param(json).append(") ON CONFLICT DO NOTHING), w AS (UPDATE " + schema
                        + ".workspace_rules SET fingerprint = $1 WHERE workspace = ").param(workspace)
                .append(") INSERT INTO " + schema + ".command_log (workspace, seq, at, operation, contact_id, command, decision, rules)"
                        + " VALUES ($3, nextval('" + schema + ".command_seq'), ").param(now.atOffset(java.time.ZoneOffset.UTC), OffsetDateTime.class)
                .append(", 'SPLIT', NULL, ").param(Codec.split(new LoggedCommand.Split(named, drawn))).append(", ")
                .param(Codec.splitDecision(result.replaced(), result.contacts().stream().map(Contact::id).toList())).append(", $1)").run(c);
        // the rules change: counts of merges per contact start afresh, as the engine's do (ContactBook.useRules)
        // this one reads every contact of the workspace: it may take longer than the statement timeout meant for writes
        long configured = settings.statementTimeout().toMillis();
        Mono<Void> recount = new Statements().append("SET LOCAL statement_timeout = " + (configured == 0 ? 0 : Math.max(SCAN_TIMEOUT.toMillis(),
                        configured))).run(c)
                .then(new Statements().append("UPDATE " + schema + ".contacts SET state = (state::jsonb - 'm')::text WHERE workspace = ")
                        .param(workspace).append(" AND state IS NOT NULL AND state LIKE '%\"m\":%'").run(c))
                .then(new Statements().append("SET LOCAL statement_timeout = " + configured).run(c));
        return clear.then(recount).then(contacts).then(logAndRules);
    }

    // ---- reads --------------------------------------------------------------------------------

    private record Row(StoredContact contact, String survivor, boolean deleted) {
    }

    private static Row row(Readable r) {
        String state = r.get("state", String.class);
        StoredContact sc = new StoredContact(r.get("id", String.class), r.get("seq", Long.class),
                Codec.instant(r.get("created_at", Long.class)), Codec.instant(r.get("updated_at", Long.class)),
                state == null ? null : Codec.state(state).mapSeqs(x -> x == 0 ? r.get("seq", Long.class) : x));
        return new Row(sc, r.get("survivor", String.class), Boolean.TRUE.equals(r.get("deleted", Boolean.class)));
    }

    /**
     * The live contact with this id. A contact merged away is not found here (the port's contract), but
     * it is not lost either: the {@link NotFoundException} has the provider code {@code merged} and names
     * its survivor, and {@link #survivorOf} returns the survivor's id.
     */
    @Override
    public Mono<Contact> get(String workspace, String contactId) {
        return observations.mono("contacts.get", observed -> read(observed, workspace, c -> follow(c, workspace, contactId, 0).collectList()).flatMap(chain -> {
            Row last = chain.isEmpty() ? null : chain.get(chain.size() - 1);
            if (last == null || last.deleted() || last.survivor() != null) {
                return Mono.error(notFound(contactId));
            }
            if (chain.size() > 1) {
                return Mono.error(new NotFoundException(ID, 404, "merged", "contact " + contactId + " was merged into " + last.contact().id()));
            }
            return Mono.just(last.contact().toContact(workspace));
        }));
    }

    /**
     * The live contact a merged-away contact's identifiers now belong to; empty when the id was never merged away.
     *
     * @param workspace the workspace
     * @param contactId the merged-away contact's id
     * @return the survivor's id
     */
    public Mono<String> survivorOf(String workspace, String contactId) {
        return read(StoreObservations.unobserved("contacts.survivor"), workspace, c -> follow(c, workspace, contactId, 0).collectList()).flatMap(chain -> {
            Row last = chain.isEmpty() ? null : chain.get(chain.size() - 1);
            return chain.size() > 1 && !last.deleted() && last.survivor() == null ? Mono.just(last.contact().id()) : Mono.empty();
        });
    }

    /** The contact's row and, when it was merged away, its survivor's (merges keep every pointer one hop long). */
    private Flux<Row> follow(Connection c, String workspace, String contactId, int hops) {
        return new Statements().append("SELECT " + COLUMNS + " FROM " + schema + ".contacts x WHERE x.workspace = ").param(workspace)
                .append(" AND x.id = ").param(contactId)
                .rows(c, PostgresContactProvider::row).take(1)
                .concatMap(r -> r.survivor() != null && hops < 8 ? Flux.just(r).concatWith(follow(c, workspace, r.survivor(), hops + 1)) : Flux.just(r));
    }

    @Override
    public Flux<Contact> search(String workspace, Identifier identifier) {
        return observations.mono("contacts.search", observed -> read(observed, workspace, c -> new Statements()
                        .append("SELECT " + COLUMNS + " FROM " + schema + ".identifiers i JOIN " + schema
                        + ".contacts o ON o.workspace = i.workspace AND o.id = i.contact_id JOIN " + schema
                        + ".contacts x ON x.workspace = o.workspace AND x.id = coalesce(o.survivor, o.id) WHERE i.workspace = ").param(workspace)
                .append(" AND i.key = ").param(identifier.key()).append(" AND i.value = ").param(identifier.value())
                .append(" AND x.survivor IS NULL AND NOT x.deleted")
                .rows(c, PostgresContactProvider::row).map(r -> r.contact().toContact(workspace)).collectList()))
                .flatMapIterable(Function.identity());
    }

    @Override
    public Flux<Page<Contact>> listPages(String workspace, ListQuery query) {
        return Flux.defer(() -> {
            checkWorkspace(workspace);
            int size = query.pageSize().orElse(DEFAULT_PAGE_SIZE);
            long start = Paging.startPosition(ID, query);   // inside defer: a bad token is an error signal
            boolean reverse = query.reverse();
            return Paging.pages(Long.toString(start), token -> page(workspace, Long.parseLong(token), size, reverse));
        });
    }

    private Mono<Page<Contact>> page(String workspace, long after, int size, boolean reverse) {
        return observations.mono("contacts.list", observed -> read(observed, workspace, c -> new Statements()
                .append("SELECT " + COLUMNS + " FROM " + schema + ".contacts x WHERE x.workspace = ")
                .param(workspace).append(reverse ? " AND x.seq < " : " AND x.seq > ").param(after, Long.class)
                .append(" AND x.survivor IS NULL AND NOT x.deleted ORDER BY x.seq" + (reverse ? " DESC" : "") + " LIMIT ")
                .param(size + 1, Integer.class)
                .rows(c, PostgresContactProvider::row).collectList()
                .map(rows -> {
                    boolean more = rows.size() > size;
                    List<Contact> items = new ArrayList<>(Math.min(size, rows.size()));
                    for (int i = 0; i < rows.size() && i < size; i++) {
                        items.add(rows.get(i).contact().toContact(workspace));
                    }
                    return new Page<>(items, more ? Long.toString(rows.get(size - 1).contact().seq()) : null);
                })));
    }

    /**
     * Every accepted command of a workspace, oldest first, page by page as the subscriber asks.
     *
     * @param workspace the workspace
     * @return the logged commands
     */
    public Flux<LoggedCommand> log(String workspace) {
        return log(workspace, LOG_PAGE);
    }

    /** {@link #log(String)}, reading about {@code page} entries at a time. */
    Flux<LoggedCommand> log(String workspace, int page) {
        return Flux.defer(() -> {
            checkWorkspace(workspace);
            Map<String, IdentityRules> known = new java.util.concurrent.ConcurrentHashMap<>();
            return Paging.items("0", token -> observations.mono("log.list", observed -> read(observed, workspace,
                            c -> logPage(c, workspace, Long.parseLong(token), page, true))
                    // decoded off the event loop: normalizing a phone number may load libphonenumber's metadata from the jar
                    .publishOn(Schedulers.boundedElastic())
                    .map(logged -> new Page<>(decoded(logged.raws(), known, true), logged.next()))));
        });
    }

    /**
     * The log entries after sequence {@code after}, in sequence order: about {@code size} of them (up to {@code size} rows of
     * {@code command_log} and {@code size / 25} chunks of {@code command_log_chunks}, at least one), each with the rules it
     * was decided under. The page ends at the lower of the last row's and the last chunk's sequence when either query was cut
     * by its limit, so that every entry up to the page's end is in it (a chunk's range holds no other entry); {@code next} is
     * then that end, else {@code null}: the log has no entry after the page.
     */
    /** A page of the log from {@code after} on; with {@code decisions} false, every entry's decision is read as {@code null}. */
    private Mono<LogPage> logPage(Connection c, String workspace, long after, int size, boolean decisions) {
        int chunks = Math.max(1, size / 25);
        String s = schema;
        // an entry of a bulk write takes its instant and rules from its batch row; every other entry holds its own
        return new Statements().append("WITH r AS (SELECT seq, at, operation, contact_id, command, decision, rules, batch FROM " + s
                        + ".command_log WHERE workspace = ").param(workspace).append(" AND seq > ").param(after, Long.class)
                .append(" ORDER BY seq LIMIT " + size + "), c AS (SELECT first_seq, last_seq, batch, operations, contact_ids, commands, decisions FROM "
                        + s + ".command_log_chunks WHERE workspace = $1 AND last_seq > $2 ORDER BY last_seq LIMIT " + chunks + "),"
                        + " b AS (SELECT least(CASE WHEN (SELECT count(*) FROM r) = " + size + " THEN (SELECT max(seq) FROM r) ELSE " + Long.MAX_VALUE
                        + " END, CASE WHEN (SELECT count(*) FROM c) = " + chunks + " THEN (SELECT max(last_seq) FROM c) ELSE " + Long.MAX_VALUE
                        + " END) AS bound),"
                        + " e AS (SELECT seq, at, operation, contact_id, command, decision, rules, batch FROM r UNION ALL"
                        + " SELECT c.first_seq + x.n - 1, NULL::timestamptz, x.operation, x.contact_id, x.command, x.decision, NULL::text, c.batch"
                        + " FROM c CROSS JOIN LATERAL unnest(c.operations, c.contact_ids, c.commands, c.decisions)"
                        + " WITH ORDINALITY AS x(operation, contact_id, command, decision, n))"
                        + " SELECT e.seq, " + Codec.epochMicros("coalesce(e.at, lb.at)") + " AS at, e.operation, e.contact_id, e.command, "
                        + (decisions ? "e.decision" : "NULL::text AS decision") + ", coalesce(e.rules, lb.rules) AS fp,"
                        + " ru.rules, b.bound FROM e CROSS JOIN b LEFT JOIN " + s + ".log_batches lb ON lb.workspace = $1 AND lb.id = e.batch"
                        + " LEFT JOIN " + s + ".rules ru ON ru.fingerprint = coalesce(e.rules, lb.rules) WHERE e.seq > $2 AND e.seq <= b.bound"
                        + " ORDER BY e.seq")
                .rows(c, r -> new Object[] {rawLogged(r), r.get("bound", Long.class)}).collectList()
                .map(rows -> {
                    List<RawLogged> raws = new ArrayList<>(rows.size());
                    long bound = Long.MAX_VALUE;
                    for (Object[] row : rows) {
                        raws.add((RawLogged) row[0]);
                        bound = (Long) row[1];
                    }
                    return new LogPage(raws, raws.isEmpty() || bound == Long.MAX_VALUE ? null : Long.toString(bound));
                });
    }

    /** A page of the log as read, and the token of the next page ({@code null}: none). */
    private record LogPage(List<RawLogged> raws, @Nullable String next) {
    }

    /** A log row as read, decoded later. */
    private record RawLogged(long seq, Instant at, String operation, String contactId, String command, String decision, String fp,
                             String rules) {
    }

    private static RawLogged rawLogged(Readable r) {
        return new RawLogged(r.get("seq", Long.class), Codec.instant(r.get("at", Long.class)), r.get("operation", String.class),
                r.get("contact_id", String.class), r.get("command", String.class), r.get("decision", String.class), r.get("fp", String.class),
                r.get("rules", String.class));
    }

    /** The entries decoded; with {@code decisions} false, without their decisions (each {@link LoggedCommand#audit()} null). */
    private static List<LoggedCommand> decoded(List<RawLogged> raws, Map<String, IdentityRules> known, boolean decisions) {
        return decoded(raws, known, decisions, null);
    }

    /**
     * As {@link #decoded(List, Map, boolean)}, for a replay that keeps every command: with {@code shared}, equal times and
     * equal text values of attributes (first names, cities) are one object each across the entries, as far as it holds them.
     */
    private static List<LoggedCommand> decoded(List<RawLogged> raws, Map<String, IdentityRules> known, boolean decisions,
                                               Codec.@Nullable Shared shared) {
        List<LoggedCommand> out = new ArrayList<>(raws.size());
        for (RawLogged r : raws) {
            IdentityRules rules = r.fp() == null || r.rules() == null ? IdentityRules.NONE : known.computeIfAbsent(r.fp(), k -> Codec.rules(r.rules()));
            LoggedCommand.Operation operation = LoggedCommand.Operation.valueOf(r.operation());
            boolean split = operation == LoggedCommand.Operation.SPLIT;
            out.add(new LoggedCommand(r.seq(), shared == null ? r.at() : shared.time(r.at()), operation, r.contactId(),
                    r.command() == null || split ? null : Codec.command(r.command(), shared),
                    decisions ? Codec.audit(r.seq(), r.decision(), r.contactId(), r.command()) : null, rules,
                    split ? Codec.split(r.command()) : null));
        }
        return out;
    }

    /** A read on a pooled connection; a lost connection is tried again up to 3 times, each noted on {@code observed}. */
    private <T> Mono<T> read(StoreObservations.Observed observed, String workspace, Function<Connection, Mono<T>> query) {
        return Mono.defer(() -> {
            checkWorkspace(workspace);
            AtomicInteger attempts = new AtomicInteger();
            return ready().then(Mono.usingWhen(pool.create(), query, Connection::close))
                    .doOnSubscribe(s -> attempts.incrementAndGet())
                    .retryWhen(observed.retry(Retry.backoff(Math.min(3, settings.maxRetries()), Duration.ofMillis(10))
                            .filter(Failures::retryableLoss), workspace))
                    .onErrorMap(e -> Failures.map(ID, e, attempts.get()));
        });
    }

    // ---- bulk deduplication -------------------------------------------------------------------

    private static final int BATCH = 5000;

    Supplier<String> ids() {
        return ids;
    }

    /** Streams a workspace's live contacts (with their state text) and every identifier row's raw owner ({@code null}: none). */
    Mono<Void> loadWorkspace(StoreObservations.Observed run, String workspace, java.util.function.BiConsumer<StoredContact, String> contact,
                             java.util.function.BiConsumer<Identifier, String> owner) {
        Flux<Object> contacts = Paging.items("0", token -> read(run, workspace, c -> new Statements()
                .append("SELECT " + COLUMNS + " FROM " + schema + ".contacts x WHERE x.workspace = ").param(workspace)
                .append(" AND x.seq > ").param(Long.parseLong(token), Long.class)
                .append(" AND x.survivor IS NULL AND NOT x.deleted ORDER BY x.seq LIMIT " + BATCH)
                .rows(c, r -> {
                    Row row = row(r);
                    contact.accept(row.contact(), r.get("state", String.class));
                    return row.contact().seq();
                }).collectList()
                .map(seqs -> new Page<Object>(List.of(), seqs.size() < BATCH ? null : Long.toString(seqs.get(seqs.size() - 1)))))
                .transform(this::answered));
        Mono<Void> owners = read(run, workspace, c -> new Statements().append("SELECT key, value, contact_id FROM " + schema
                        + ".identifiers WHERE workspace = ").param(workspace)
                .rows(c, r -> {
                    owner.accept(Identifier.of(r.get("key", String.class), r.get("value", String.class)), r.get("contact_id", String.class));
                    return 1;
                }).then()).transform(this::answered);
        return contacts.then(owners);
    }

    /** How long past the statement timeout a bulk run still waits for a reply before it takes the connection as lost. */
    static final Duration GRACE = Duration.ofSeconds(5);

    /**
     * One round trip of a bulk run (the schema check included): fails with a {@link java.util.concurrent.TimeoutException}
     * when the server has not answered within the statement timeout and {@link #GRACE}. The server ends a statement at its
     * statement timeout and says so; silence after that means a link that is gone without closing (a partition).
     */
    <T> Mono<T> answered(Mono<T> step) {
        Duration limit = settings.statementTimeout().plus(GRACE);
        return step.timeout(limit, Mono.error(() -> new java.util.concurrent.TimeoutException("no reply from PostgreSQL within "
                + limit.toSeconds() + " s (the statement timeout and " + GRACE.toSeconds() + " s): the connection is taken as lost")));
    }

    /**
     * A connection of its own for a deduplication run's transaction, once the schema is current; the
     * caller closes it. Not pooled: closing it closes the socket at once, whatever state the link is in
     * (a pooled connection would first be rolled back and returned, which waits for a server that may
     * never answer again), and the pool's own connections stay free for everything else.
     */
    Mono<PostgresqlConnection> runConnection() {
        return ready().then(direct.create());
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static void checkWorkspace(String workspace) {
        if (workspace == null || workspace.isBlank()) {
            throw ValidationException.local(ID, List.of(Violation.of("workspace", "missing", "a workspace is required")));
        }
    }

    private static NotFoundException notFound(String contactId) {
        return new NotFoundException(ID, 404, "not_found", "no contact with id " + contactId);
    }

    static UpsertResult toResult(UpsertOutcome outcome) {
        List<Warning> warnings = new ArrayList<>();
        for (SkippedIdentifier s : outcome.identifiersSkipped()) {
            warnings.add(Warning.skipped(s));
        }
        outcome.removalsIgnored().forEach(i -> warnings.add(new Warning("removal_ignored", i + " was not removed: the contact does not own it")));
        outcome.contactsMerged().forEach(m -> warnings.add(new Warning("contact_merged", "contact " + m + " was merged into " + outcome.contact().id())));
        return new UpsertResult(outcome.created() ? UpsertResult.Status.CREATED : UpsertResult.Status.UPDATED, outcome.contact(), warnings, null);
    }

    /** Closes every pooled connection. Idempotent; a connection the network already lost is not reported. */
    @Override
    public void close() {
        if (!pool.isDisposed()) {
            try {
                pool.dispose();
            } catch (RuntimeException lost) {
                // closing a connection whose link is gone fails (closed channel): it is closed all the same
            }
        }
    }

    @Override
    public String toString() {
        return "PostgresContactProvider[" + settings + "]";
    }

    static Set<String> distinct(List<String> values) {
        return new LinkedHashSet<>(values);
    }

    static ContactState emptyState() {
        return new ContactState(List.of(), Map.of(), List.of(), List.of(), null, null);
    }
}
