package io.contactkit.adapter.postgres.internal;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A connection pool whose every round trip is bounded. The server ends a statement at its statement
 * timeout and says so; silence past that and a grace means a link gone without closing (a network
 * partition). So each reply a connection of this pool waits for (the next row or result of a statement,
 * the end of a {@code BEGIN}, {@code COMMIT} or {@code ROLLBACK}) fails with {@link Failures.LinkSilent}
 * once {@code limit} passes without it. One periodic check per pool (every quarter of the limit, at most
 * a second) finds such round trips, so waiting costs no timer per statement or row.
 *
 * <p>A connection that timed out or lost its link is closed (its socket at once) and never returned for
 * reuse: the pool's release checks it locally, finds it closed and destroys it. A release that would
 * wait for the server (the rollback of a transaction still open) is bounded too: past the limit the
 * socket is closed under it.
 */
public final class BoundedPool extends ConnectionPool {

    /** How long a release of a broken connection may take to close its socket. */
    private static final Duration CLOSE = Duration.ofSeconds(5);

    private final Duration limit;
    private final long limitNanos;
    /** What opens the pool's connections: it tells a failure to connect from a pool whose connections are all busy. */
    private final Connecting connecting;
    /** The round trips waiting for a reply, each with the time it last heard from the server. */
    private final Set<Watch> waiting = ConcurrentHashMap.newKeySet();
    /** One periodic check for the whole pool, rather than a timer per round trip. */
    private final Disposable sweeper;

    /**
     * @param configuration the pool, its connections opened by {@code connecting}
     * @param limit         how long a round trip may go without a reply: the statement timeout and a grace
     * @param connecting    what opens the pool's connections
     */
    public BoundedPool(ConnectionPoolConfiguration configuration, Duration limit, Connecting connecting) {
        super(configuration);
        this.limit = limit;
        this.connecting = connecting;
        this.limitNanos = limit.toNanos();
        // a round trip silent for the limit is found within a quarter of it (at most a second) more
        Duration every = Duration.ofMillis(Math.max(50, Math.min(1000, limit.toMillis() / 4)));
        this.sweeper = Flux.interval(every, every).subscribe(t -> sweep());
    }

    /** {@return how long a round trip may go without a reply} */
    public Duration limit() {
        return limit;
    }

    @Override
    public Mono<Connection> create() {
        // the pool's acquisition time-out before any connection was made is a failure to connect, said so
        return super.create().onErrorMap(e -> connecting.neverConnected(e)).map(Guarded::new);
    }

    @Override
    public Mono<Void> disposeLater() {
        sweeper.dispose();
        return super.disposeLater();
    }

    @Override
    public void dispose() {
        sweeper.dispose();
        super.dispose();
    }

    /** The error a round trip ends with when the server has not answered within the limit. */
    private Failures.LinkSilent silent() {
        return new Failures.LinkSilent(limit);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Watch w : waiting) {
            if (now - w.last > limitNanos && waiting.remove(w)) {
                w.expire.run();
            }
        }
    }

    /** A round trip waiting for the server: what to do once it has heard nothing for the limit. */
    private final class Watch {
        private volatile long last = System.nanoTime();
        private final Runnable expire;

        Watch(Runnable expire) {
            this.expire = expire;
            waiting.add(this);
        }

        void heard() {
            last = System.nanoTime();
        }

        void done() {
            waiting.remove(this);
        }
    }

    /** A pooled connection whose round trips are bounded, and which is destroyed, not reused, once broken. */
    private final class Guarded implements Connection, Wrapped<Connection> {

        private final Connection pooled;
        private volatile boolean broken;

        Guarded(Connection pooled) {
            this.pooled = pooled;
        }

        /**
         * One reply bounded (a Mono: its end; a Flux: each next signal); a timeout or a lost link marks the connection broken,
         * and nothing more is sent on a broken connection: it waits only to be closed.
         */
        <T> Flux<T> bounded(Publisher<T> step) {
            return Flux.defer(() -> {
                if (broken) {
                    return Flux.<T>error(silent());
                }
                Sinks.Empty<Void> silence = Sinks.empty();
                Watch w = new Watch(() -> silence.tryEmitError(silent()));
                return Flux.from(step).doOnNext(x -> w.heard()).takeUntilOther(silence.asMono()).doFinally(x -> w.done());
            }).doOnError(this::check);
        }

        <T> Mono<T> boundedMono(Publisher<T> step) {
            return Mono.from(bounded(step));
        }

        private void check(Throwable e) {
            if (e instanceof Failures.LinkSilent || Failures.isConnectionLoss(e)) {
                broken = true;
            }
        }

        @Override
        public Publisher<Void> beginTransaction() {
            return boundedMono(pooled.beginTransaction());
        }

        @Override
        public Publisher<Void> beginTransaction(TransactionDefinition definition) {
            return boundedMono(pooled.beginTransaction(definition));
        }

        @Override
        public Publisher<Void> commitTransaction() {
            return boundedMono(pooled.commitTransaction());
        }

        /** Rolls back; on a broken connection nothing is sent: closing its socket is the rollback (the server's, at the latest
         * once the session has been idle in its transaction past {@code idle_in_transaction_session_timeout}). */
        @Override
        public Publisher<Void> rollbackTransaction() {
            return Mono.defer(() -> broken ? Mono.<Void>empty() : boundedMono(pooled.rollbackTransaction()));
        }

        @Override
        public Publisher<Void> createSavepoint(String name) {
            return boundedMono(pooled.createSavepoint(name));
        }

        @Override
        public Publisher<Void> releaseSavepoint(String name) {
            return boundedMono(pooled.releaseSavepoint(name));
        }

        @Override
        public Publisher<Void> rollbackTransactionToSavepoint(String name) {
            return boundedMono(pooled.rollbackTransactionToSavepoint(name));
        }

        @Override
        public Publisher<Void> setAutoCommit(boolean autoCommit) {
            return boundedMono(pooled.setAutoCommit(autoCommit));
        }

        @Override
        public Publisher<Void> setLockWaitTimeout(Duration timeout) {
            return boundedMono(pooled.setLockWaitTimeout(timeout));
        }

        @Override
        public Publisher<Void> setStatementTimeout(Duration timeout) {
            return boundedMono(pooled.setStatementTimeout(timeout));
        }

        @Override
        public Publisher<Void> setTransactionIsolationLevel(IsolationLevel level) {
            return boundedMono(pooled.setTransactionIsolationLevel(level));
        }

        @Override
        public Publisher<Boolean> validate(ValidationDepth depth) {
            return boundedMono(pooled.validate(depth));
        }

        @Override
        public Batch createBatch() {
            Batch batch = pooled.createBatch();
            return new Batch() {
                @Override
                public Batch add(String sql) {
                    batch.add(sql);
                    return this;
                }

                @Override
                public Publisher<? extends Result> execute() {
                    return bounded(batch.execute()).map(GuardedResult::new);
                }
            };
        }

        @Override
        public Statement createStatement(String sql) {
            return new GuardedStatement(pooled.createStatement(sql));
        }

        @Override
        public boolean isAutoCommit() {
            return pooled.isAutoCommit();
        }

        @Override
        public ConnectionMetadata getMetadata() {
            return pooled.getMetadata();
        }

        @Override
        public IsolationLevel getTransactionIsolationLevel() {
            return pooled.getTransactionIsolationLevel();
        }

        @Override
        public Connection unwrap() {
            return pooled;
        }

        /**
         * Returns the connection to the pool, or, when it is broken, closes its socket first so the pool
         * destroys it. A release that waits longer than the limit (a rollback on a link that just went
         * silent) gets its socket closed under it; the release then completes and the pool, finding the
         * connection closed, never hands it out again.
         */
        @Override
        public Publisher<Void> close() {
            return Mono.defer(() -> {
                if (broken) {
                    return closeSocket().then(Mono.from(pooled.close()).onErrorResume(e -> Mono.empty()));
                }
                Watch w = new Watch(() -> {
                    broken = true;
                    closeSocket().subscribe();
                });
                return Mono.from(pooled.close()).onErrorResume(e -> Mono.empty()).doFinally(x -> w.done());
            });
        }

        /** Closes the socket of the connection under the pool's wrapper, whatever state the link is in. */
        private Mono<Void> closeSocket() {
            Connection raw = pooled instanceof Wrapped<?> w && w.unwrap() instanceof Connection c ? c : pooled;
            return Mono.from(raw.close()).timeout(CLOSE).onErrorResume(e -> Mono.empty());
        }

        @Override
        public String toString() {
            return "BoundedConnection[" + pooled + "]";
        }

        /** A statement whose execution and every result of it are bounded. */
        private final class GuardedStatement implements Statement {

            private final Statement statement;

            GuardedStatement(Statement statement) {
                this.statement = statement;
            }

            @Override
            public Statement add() {
                statement.add();
                return this;
            }

            @Override
            public Statement bind(int index, Object value) {
                statement.bind(index, value);
                return this;
            }

            @Override
            public Statement bind(String name, Object value) {
                statement.bind(name, value);
                return this;
            }

            @Override
            public Statement bindNull(int index, Class<?> type) {
                statement.bindNull(index, type);
                return this;
            }

            @Override
            public Statement bindNull(String name, Class<?> type) {
                statement.bindNull(name, type);
                return this;
            }

            @Override
            public Statement returnGeneratedValues(String... columns) {
                statement.returnGeneratedValues(columns);
                return this;
            }

            @Override
            public Statement fetchSize(int rows) {
                statement.fetchSize(rows);
                return this;
            }

            @Override
            public Publisher<? extends Result> execute() {
                return bounded(statement.execute()).map(GuardedResult::new);
            }
        }

        /** A result whose rows and counts are each bounded. */
        private final class GuardedResult implements Result {

            private final Result result;

            GuardedResult(Result result) {
                this.result = result;
            }

            @Override
            public Publisher<Long> getRowsUpdated() {
                return bounded(result.getRowsUpdated());
            }

            @Override
            public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapper) {
                return bounded(result.map(mapper));
            }

            @Override
            public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapper) {
                return bounded(result.map(mapper));
            }

            @Override
            public Result filter(Predicate<Segment> filter) {
                return new GuardedResult(result.filter(filter));
            }

            @Override
            public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapper) {
                return bounded(result.flatMap(mapper));
            }
        }
    }
}
