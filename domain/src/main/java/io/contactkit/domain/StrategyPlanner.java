package io.contactkit.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Strategy planning: looks up every identifier of a command, decides from the owners found which
 * contact the command goes to under its strategy (see docs/DESIGN.md's strategy table), and only
 * then hands the decision to {@link ContactWrites}. The only failures, a conflict under
 * {@code strict_alias} and a command without identifiers, are found before anything is touched, so
 * a failed command changes nothing. Everything is planned in the reused {@link DecisionTrace}, so a
 * command allocates nothing of its own. Not thread-safe; never leaves the package.
 */
final class StrategyPlanner {

    private final ContactTable table;
    private final IdentifierLists lists;
    private final ContactWrites writes;
    // commands read ahead by touch and not yet applied: their reads are in flight or done, so apply need not touch again
    private int ahead;
    // the home slots read ahead, and their hashes
    private long[] words = new long[64];
    private int[] wordHashes = new int[64];

    StrategyPlanner(ContactTable table, IdentifierLists lists, ContactWrites writes) {
        this.table = table;
        this.lists = lists;
        this.writes = writes;
    }

    /**
     * Applies a command as its strategy says and records what happened in {@code t}. Returns
     * {@link DecisionTrace#APPLIED}, {@link DecisionTrace#CONFLICT} or {@link DecisionTrace#INVALID}.
     */
    int apply(UpsertCommand command, Instant now, DecisionTrace t) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(now, "now");
        List<Identifier> given = command.identifiers();
        int n = given.size();
        if (n == 0) {
            t.begin(command, false, n);
            // nothing could ever match such a command, so each repetition would create another contact
            return t.status = DecisionTrace.INVALID;
        }
        // the lookups come before the trace is begun, so that they overlap the memory traffic of the command before (see begin)
        t.room(n);
        int[] owners = t.owners;
        int[] hashes = command.identifierHashes();
        if (ahead > 0) {
            // read ahead (a hint: when it was some other command, only the overlap below is lost)
            ahead--;
        } else {
            // touch every identifier's slot before looking any up, so that their cache misses overlap
            for (int i = 0; i < n; i++) {
                owners[i] = lists.touch(hashes[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            owners[i] = lists.owner(given.get(i), hashes[i]);
        }
        t.begin(command, false, n);
        switch (command.strategy()) {
            case STRICT_ALIAS:
                return strictAlias(t, n, now);
            case FIRST_ALIAS: {
                int target = firstOwner(owners, n);
                return target == ContactTable.NONE ? writes.create(t, DecisionTrace.ADD_ALL, now) : writes.update(t, target, DecisionTrace.ADD_UNOWNED, now);
            }
            case FIRST: {
                int target = firstOwner(owners, n);
                return target == ContactTable.NONE ? writes.create(t, DecisionTrace.ADD_FIRST, now) : writes.update(t, target, DecisionTrace.ADD_NONE, now);
            }
            case MERGE:
                return merge(t, n, now);
            default:
                throw new IllegalStateException("unknown strategy " + command.strategy());
        }
    }

    /**
     * Reads what applying these commands will read first (see {@link IdentifierLists#touch}), changing
     * nothing: first the home slot of every identifier of every command, with no branch on what they
     * hold, so that all their cache misses are in flight at once; then what those slots name. Returns
     * a value for the caller to keep, so that the reads are not optimized away.
     *
     * @throws NullPointerException when one of the commands is {@code null}
     */
    int touch(UpsertCommand[] commands, int from, int to) {
        int k = 0;
        for (int i = from; i < to; i++) {
            int[] hashes = Objects.requireNonNull(commands[i], "command").identifierHashes();
            if (k + hashes.length > words.length) {
                words = Arrays.copyOf(words, Math.max(2 * words.length, k + hashes.length));
                wordHashes = Arrays.copyOf(wordHashes, words.length);
            }
            for (int h : hashes) {
                wordHashes[k] = h;
                words[k++] = lists.slot(h);
            }
            ahead++;
        }
        int sum = 0;
        for (int j = 0; j < k; j++) {
            sum += lists.touch(words[j], wordHashes[j]);
        }
        return sum;
    }

    /**
     * Creates a contact from a command without identifiers (a record of a deduplication run that
     * names nobody is a contact of its own: nothing can match it). Returns {@link DecisionTrace#APPLIED}.
     */
    int applyAsOwnContact(UpsertCommand command, Instant now, DecisionTrace t) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(now, "now");
        if (!command.identifiers().isEmpty()) {
            throw new IllegalArgumentException("the command has identifiers: apply it instead");
        }
        t.begin(command, false, 0);
        return writes.create(t, DecisionTrace.ADD_ALL, now);
    }

    /**
     * Plans a create ({@code target} {@link ContactTable#NONE}) or an update of contact {@code target}
     * by id, begun in {@code t}: looks up each identifier into the trace and notes in {@code conflict}
     * those another contact owns.
     */
    void planDirect(DecisionTrace t, int target, TraceResults.Conflict conflict) {
        List<Identifier> given = t.command.identifiers();
        int[] hashes = t.command.identifierHashes();
        for (int i = 0; i < given.size(); i++) {
            Identifier id = given.get(i);
            int owner = lists.owner(id, hashes[i]);
            t.owners[i] = owner;
            if (owner != ContactTable.NONE && owner != target) {
                conflict.owned(id, owner);
            }
        }
    }

    private int strictAlias(DecisionTrace t, int n, Instant now) {
        int[] owners = t.owners;
        int target = ContactTable.NONE;
        for (int i = 0; i < n; i++) {
            int o = owners[i];
            if (o != ContactTable.NONE) {
                if (target == ContactTable.NONE) {
                    target = o;
                } else if (o != target) {
                    return t.status = DecisionTrace.CONFLICT;
                }
            }
        }
        return target == ContactTable.NONE ? writes.create(t, DecisionTrace.ADD_ALL, now) : writes.update(t, target, DecisionTrace.ADD_UNOWNED, now);
    }

    private int merge(DecisionTrace t, int n, Instant now) {
        int[] owners = t.owners;
        int[] s = table.state;
        int survivor = ContactTable.NONE;
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            int o = owners[i];
            if (o != ContactTable.NONE && (s[(o << ContactTable.SHIFT) + ContactTable.FLAGS] & ContactTable.MARK) == 0) {
                s[(o << ContactTable.SHIFT) + ContactTable.FLAGS] |= ContactTable.MARK;
                distinct++;
                if (survivor == ContactTable.NONE || table.isOlder(o, survivor)) {
                    survivor = o;
                }
            }
        }
        if (survivor == ContactTable.NONE) {
            return writes.create(t, DecisionTrace.ADD_ALL, now);
        }
        s[(survivor << ContactTable.SHIFT) + ContactTable.FLAGS] &= ~ContactTable.MARK;
        if (distinct > 1) {
            for (int i = 0; i < n; i++) {
                int o = owners[i];
                if (o != ContactTable.NONE && (s[(o << ContactTable.SHIFT) + ContactTable.FLAGS] & ContactTable.MARK) != 0) {
                    s[(o << ContactTable.SHIFT) + ContactTable.FLAGS] &= ~ContactTable.MARK;
                    // insertion sort: absorb in creation order, so the survivor's identifiers read oldest contact first
                    t.addMerged(o);
                    int[] m = t.merged;
                    for (int k = t.mergedCount - 1; k > 0 && table.isOlder(m[k], m[k - 1]); k--) {
                        int x = m[k];
                        m[k] = m[k - 1];
                        m[k - 1] = x;
                    }
                }
            }
            for (int k = 0; k < t.mergedCount; k++) {
                writes.absorb(survivor, t.merged[k]);
            }
        }
        return writes.update(t, survivor, DecisionTrace.ADD_UNOWNED, now);
    }

    private static int firstOwner(int[] owners, int n) {
        for (int i = 0; i < n; i++) {
            if (owners[i] != ContactTable.NONE) {
                return owners[i];
            }
        }
        return ContactTable.NONE;
    }
}
