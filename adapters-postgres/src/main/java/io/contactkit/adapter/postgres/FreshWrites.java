package io.contactkit.adapter.postgres;

import io.contactkit.adapter.postgres.internal.Codec;
import io.contactkit.adapter.postgres.internal.Decider;
import io.contactkit.adapter.postgres.internal.Failures;
import io.contactkit.adapter.postgres.internal.Statements;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.UpsertCommand;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Group commit for commands whose identifiers the store has never seen. The engine has decided each
 * on an empty book (a new contact); the command waits here until one of at most {@code slots}
 * statements is free, and the next statement writes every command waiting by then (up to
 * {@value #MAX_COMMANDS}): one autocommitted statement inserts all their identifier rows (in one
 * sorted order), then draws each command's log sequence (only once every row is in), then inserts
 * their contacts and log entries.
 *
 * <p>Each command keeps its own result. A command of which some identifier row already exists when
 * the statement starts is left out (nothing of it is written) and reported as not written, so the
 * caller takes the transactional path. If any identifier row appears meanwhile (a concurrent
 * writer), the statement aborts itself and writes nothing, and every command in it takes the
 * transactional path. Two waiting commands sharing an identifier never go into statements in flight
 * at the same time: the later one takes the transactional path at once.
 */
final class FreshWrites {

    static final int MAX_COMMANDS = 500;
    private static final Comparator<Row> ORDER = Comparator.comparing(Row::workspace).thenComparing(Row::key).thenComparing(Row::value);

    /** A decided command waiting for a statement; the sink gets true (written), false (not written) or an error. */
    private record Item(String workspace, Decider.Plan plan, List<Identifier> given, Instant at, String state, String command,
                        MonoSink<Boolean> sink) {
    }

    private record Row(int command, String workspace, String key, String value, boolean taken) {
    }

    private final ConnectionPool pool;
    private final String schema;
    private final String rules;
    private final int slots;
    private final int maxCommands;
    private final Queue<Item> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<String> writing = ConcurrentHashMap.newKeySet();
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong written = new AtomicLong();

    /**
     * @param rules       the fingerprint of the rules the commands were decided under: a command is written only
     *                    while its workspace's rules are these (checked under a share lock on the workspace's rules row)
     * @param slots       statements in flight at most
     * @param maxCommands commands per statement at most
     */
    FreshWrites(ConnectionPool pool, String schema, String rules, int slots, int maxCommands) {
        this.pool = pool;
        this.schema = schema;
        this.rules = rules;
        this.slots = Math.max(1, slots);
        this.maxCommands = Math.max(1, maxCommands);
    }

    /**
     * Whether the command was written (true), or must take the transactional path (false). Its JSON is
     * encoded here, on the caller's thread.
     */
    Mono<Boolean> write(String workspace, UpsertCommand command, Decider.Plan plan, Instant at) {
        return Mono.defer(() -> {
            String state = Codec.state(plan.state());
            String json = Codec.command(command);
            return Mono.create(sink -> {
                queue.add(new Item(workspace, plan, command.identifiers(), at, state, json, sink));
                drain();
            });
        });
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        while (true) {
            while (inFlight.get() < slots && !queue.isEmpty()) {
                List<Item> batch = take();
                if (!batch.isEmpty()) {
                    inFlight.incrementAndGet();
                    send(batch);
                }
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** The waiting commands for one statement; those sharing an identifier with one being written go back at once. */
    private List<Item> take() {
        List<Item> batch = new ArrayList<>();
        Set<String> mine = new HashSet<>();
        Item item;
        while (batch.size() < maxCommands && (item = queue.poll()) != null) {
            List<String> keys = new ArrayList<>(item.given().size());
            boolean clash = false;
            for (Identifier i : item.given()) {
                String k = key(item.workspace(), i);
                keys.add(k);
                clash |= mine.contains(k) || writing.contains(k);
            }
            if (clash) {
                item.sink().success(false);
                continue;
            }
            mine.addAll(keys);
            batch.add(item);
        }
        writing.addAll(mine);
        return batch;
    }

    private static String key(String workspace, Identifier i) {
        return workspace + '\u0000' + i.key() + '\u0000' + i.value();
    }

    private void send(List<Item> batch) {
        Statements s;
        try {
            s = statement(batch);
        } catch (RuntimeException e) {
            finish(batch, Set.of(), e);
            return;
        }
        Mono.usingWhen(pool.create(), c -> s.rows(c, r -> r.get("c", Long.class)).collectList(), Connection::close)
                .subscribe(written -> finish(batch, new HashSet<>(written), null), e -> finish(batch, Set.of(), e));
    }

    /** Statements sent so far, and commands they wrote: how well commands were grouped. */
    long[] counts() {
        return new long[] {statements.get(), written.get()};
    }

    private void finish(List<Item> batch, Set<Long> done, Throwable error) {
        for (Item item : batch) {
            for (Identifier i : item.given()) {
                writing.remove(key(item.workspace(), i));
            }
        }
        inFlight.decrementAndGet();
        statements.incrementAndGet();
        written.addAndGet(done.size());
        for (int i = 0; i < batch.size(); i++) {
            MonoSink<Boolean> sink = batch.get(i).sink();
            if (error == null) {
                sink.success(done.contains((long) i + 1));
            } else if (error instanceof R2dbcException r && r.getSqlState() != null) {
                // anything the server reports (the self-abort included) wrote nothing: the transactional path decides
                sink.success(false);
            } else if (Failures.isConnectionLoss(error)) {
                sink.error(new Failures.CommitUnknown(error));
            } else {
                sink.error(error);
            }
        }
        drain();
    }

    /**
     * The statement for a lone command, cheaper for the server than the general one: it inserts the
     * identifier rows and, if any of them existed or the workspace's rules are not the ones the command
     * was decided under, aborts itself (a division by zero evaluated only then) and writes nothing.
     */
    private static Statements single(String t, Item item, String[] keys, String[] values, Boolean[] taken, String rules) {
        return new Statements()
                .append("WITH ins AS (INSERT INTO " + t + "identifiers (workspace, key, value, contact_id) SELECT ").param(item.workspace())
                .append(", u.k, u.v, CASE WHEN u.t THEN ").param(item.plan().contactId()).append(" END FROM unnest(")
                .param(keys, String[].class).append("::text[], ").param(values, String[].class).append("::text[], ")
                .param(taken, Boolean[].class).append("::boolean[]) AS u(k, v, t) ON CONFLICT DO NOTHING RETURNING 1),"
                        + " n AS (SELECT CASE WHEN count(*) = ").param(keys.length, Integer.class)
                .append(" AND EXISTS (SELECT 1 FROM " + t + "workspace_rules WHERE workspace = $1 AND fingerprint = ").param(rules)
                .append(" FOR KEY SHARE) THEN nextval('" + t + "command_seq') ELSE 1 / (count(*) - count(*)) END AS seq FROM ins),"
                        + " k AS (INSERT INTO " + t + "contacts (workspace, id, seq, created_at, updated_at, state) SELECT $1, $2, n.seq, ")
                .param(item.at().toString()).append("::timestamptz, $8::timestamptz, ").param(item.state())
                .append(" FROM n), l AS (INSERT INTO " + t + "command_log (workspace, seq, at, operation, contact_id, command, decision, rules)"
                        + " SELECT $1, n.seq, $8::timestamptz, ").param(item.plan().operation().name()).append(", $2, ").param(item.command())
                .append(", ").param(item.plan().decision()).append(", $7 FROM n) SELECT 1::bigint AS c FROM n");
    }

    /**
     * One statement for the batch. Commands are numbered from 1 (their ordinality); identifier rows
     * name their command. A command with any identifier row already present is left out whole.
     */
    private Statements statement(List<Item> batch) {
        int n = batch.size();
        String[] ws = new String[n];
        String[] ids = new String[n];
        String[] at = new String[n];
        String[] states = new String[n];
        String[] operations = new String[n];
        String[] commands = new String[n];
        String[] decisions = new String[n];
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            Item item = batch.get(c);
            Decider.Plan plan = item.plan();
            ws[c] = item.workspace();
            ids[c] = plan.contactId();
            at[c] = item.at().toString();
            states[c] = item.state();
            operations[c] = plan.operation().name();
            commands[c] = item.command();
            decisions[c] = plan.decision();
            Set<Identifier> taken = new HashSet<>(plan.contact().identifiers());
            for (Identifier i : item.given()) {
                rows.add(new Row(c + 1, item.workspace(), i.key(), i.value(), taken.contains(i)));
            }
        }
        rows.sort(ORDER);
        Integer[] rc = new Integer[rows.size()];
        String[] rk = new String[rows.size()];
        String[] rv = new String[rows.size()];
        Boolean[] rt = new Boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            rc[i] = r.command();
            rk[i] = r.key();
            rv[i] = r.value();
            rt[i] = r.taken();
        }
        String t = schema + ".";
        if (n == 1) {
            return single(t, batch.get(0), rk, rv, rt, rules);
        }
        return new Statements()
                .append("WITH m AS (SELECT * FROM unnest(").param(ws, String[].class).append("::text[], ").param(ids, String[].class)
                .append("::text[], ").param(at, String[].class).append("::text[], ").param(states, String[].class).append("::text[], ")
                .param(operations, String[].class).append("::text[], ").param(commands, String[].class).append("::text[], ")
                .param(decisions, String[].class).append("::text[]) WITH ORDINALITY AS m(ws, id, at, st, op, cm, de, c)),"
                        + " u AS (SELECT * FROM unnest(").param(rc, Integer[].class).append("::int[], ").param(rk, String[].class)
                .append("::text[], ").param(rv, String[].class).append("::text[], ").param(rt, Boolean[].class)
                .append("::boolean[]) WITH ORDINALITY AS u(c, k, v, t, o)),"
                        // commands of which some identifier row exists already take the transactional path
                        + " seen AS (SELECT DISTINCT u.c FROM u JOIN m ON m.c = u.c JOIN " + t + "identifiers i"
                        + " ON i.workspace = m.ws AND i.key = u.k AND i.value = u.v),"
                        // and those of a workspace whose rules are not the ones they were decided under (held until the commit)
                        + " w AS (SELECT workspace FROM " + t + "workspace_rules WHERE workspace IN (SELECT ws FROM m) AND fingerprint = ")
                .param(rules).append(" FOR KEY SHARE),"
                        + " go AS (SELECT m.* FROM m WHERE m.c NOT IN (SELECT c FROM seen) AND m.ws IN (SELECT workspace FROM w)),"
                        + " r AS (SELECT go.ws, go.id, u.k, u.v, u.t, u.o FROM u JOIN go ON go.c = u.c),"
                        + " ins AS (INSERT INTO " + t + "identifiers (workspace, key, value, contact_id)"
                        + " SELECT r.ws, r.k, r.v, CASE WHEN r.t THEN r.id END FROM r ORDER BY r.o ON CONFLICT DO NOTHING RETURNING 1),"
                        // the log sequences are drawn once every identifier row is in; a row that appeared meanwhile aborts it all
                        + " n AS (SELECT count(*) AS inserted, (SELECT count(*) FROM r) AS wanted FROM ins),"
                        + " s AS (SELECT go.*, CASE WHEN n.inserted = n.wanted THEN nextval('" + t + "command_seq')"
                        + " ELSE 1 / (n.inserted - n.inserted) END AS seq FROM n, (SELECT * FROM go ORDER BY go.c) go),"
                        + " k AS (INSERT INTO " + t + "contacts (workspace, id, seq, created_at, updated_at, state)"
                        + " SELECT s.ws, s.id, s.seq, s.at::timestamptz, s.at::timestamptz, s.st FROM s),"
                        + " l AS (INSERT INTO " + t + "command_log (workspace, seq, at, operation, contact_id, command, decision, rules)"
                        + " SELECT s.ws, s.seq, s.at::timestamptz, s.op, s.id, s.cm, s.de, ").param(rules).append(" FROM s)"
                        + " SELECT s.c FROM s");
    }
}
