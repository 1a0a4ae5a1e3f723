package io.contactkit.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a book's {@link IdentityRules} to each command before the strategy decides: drops blocked
 * identifiers, turns a merge the caps forbid into {@code first_alias}, and drops the identifiers that
 * would take a contact over a {@code maxPerContact} limit, planning the decision again after each
 * drop. Then the book applies what is left as usual, and the trace records what the rules skipped and
 * which rules fired. Keeps how many contacts each contact has absorbed, for {@code maxMergesPerContact}.
 * Not thread-safe: the book's caller serializes access.
 */
final class RuleGuard {

    private final IdentityRules rules;
    private final int maxContactsPerMerge;
    private final int maxMergesPerContact;
    // contacts absorbed into each contact number (transitively), kept only when the merges per contact are capped
    private int[] merges;
    // contacts no merge may join (the stand-ins of a replay for contacts outside it); null while there are none
    private java.util.Set<Integer> frozen;
    // the frozen contacts that stand for contacts a merge cap kept out of the command the first time
    private java.util.Set<Integer> capped;

    RuleGuard(IdentityRules rules) {
        this.rules = rules;
        this.maxContactsPerMerge = rules.maxContactsPerMerge().orElse(Integer.MAX_VALUE);
        this.maxMergesPerContact = rules.maxMergesPerContact().orElse(Integer.MAX_VALUE);
        this.merges = maxMergesPerContact == Integer.MAX_VALUE ? null : new int[16];
    }

    IdentityRules rules() {
        return rules;
    }

    /**
     * Applies a command under the rules. When every identifier is blocked, the command is applied as
     * one without identifiers: a contact of its own when {@code ownContactWhenEmpty}, else invalid.
     */
    int apply(ContactBook book, UpsertCommand command, Instant now, DecisionTrace t, boolean ownContactWhenEmpty) {
        List<Identifier> given = command.identifiers();
        List<SkippedIdentifier> skipped = new ArrayList<>(0);
        List<String> fired = new ArrayList<>(0);
        List<Identifier> kept = unblocked(given, skipped, fired);
        Strategy strategy = command.strategy();
        boolean mergeProtected = false;
        while (!kept.isEmpty()) {
            int[] owners = owners(book, kept);
            if (strategy == Strategy.MERGE) {
                String cap = mergeCap(book, owners);
                if (cap != null) {
                    strategy = Strategy.FIRST_ALIAS;
                    mergeProtected = true;
                    fire(fired, cap);
                } else if (joins(capped, owners)) {
                    // stands for a contact a cap kept out of this merge the first time: kept out the same way, before the limits
                    strategy = Strategy.FIRST_ALIAS;
                    mergeProtected = true;
                    fire(fired, "split.outsideContact");
                }
            }
            int drop = rules.hasLimits() ? overLimit(book, kept, owners, strategy, fired) : -1;
            if (drop >= 0) {
                int owner = owners[drop];
                skipped.add(new SkippedIdentifier(kept.get(drop), owner == ContactBook.NONE ? null : book.id(owner), SkippedIdentifier.Reason.LIMIT));
                kept.remove(drop);
            } else if (strategy == Strategy.MERGE && joins(frozen, owners)) {
                // only once the limits have had their say: the merge as it would now be done must not join a frozen contact
                strategy = Strategy.FIRST_ALIAS;
                mergeProtected = true;
                fire(fired, "split.outsideContact");
            } else {
                break;
            }
        }
        UpsertCommand effective = kept.size() == given.size() && strategy == command.strategy() ? command : command.withIdentifiers(kept, strategy);
        int status;
        if (kept.isEmpty()) {
            status = ownContactWhenEmpty ? book.applyAsOwnContact(effective, now, t) : book.applyUnguarded(effective, now, t);
        } else {
            status = book.applyUnguarded(effective, now, t);
        }
        t.ruleSkipped = skipped.isEmpty() ? List.of() : skipped;
        t.rulesFired = fired.isEmpty() ? List.of() : fired;
        t.mergeProtected = mergeProtected;
        if (status == DecisionTrace.APPLIED && t.mergedCount > 0 && merges != null) {
            int total = mergesOf(t.target) + t.mergedCount;
            for (int k = 0; k < t.mergedCount; k++) {
                total += mergesOf(t.merged[k]);
            }
            setMerges(t.target, total);
        }
        return status;
    }

    /** What the rules leave of a create ({@code target} {@link ContactBook#NONE}) or an update by id. */
    record Direct(UpsertCommand command, List<SkippedIdentifier> skipped, List<String> fired) {
        void note(DecisionTrace t) {
            t.ruleSkipped = skipped;
            t.rulesFired = fired;
        }
    }

    /**
     * Applies the rules to a create or an update by id, whose contact is known: blocked identifiers
     * are dropped, and so are the lowest-priority identifiers of a key the contact would hold too many
     * of. Returns {@code null} when the rules change nothing.
     */
    Direct direct(ContactBook book, UpsertCommand command, int target) {
        List<SkippedIdentifier> skipped = new ArrayList<>(0);
        List<String> fired = new ArrayList<>(0);
        List<Identifier> kept = unblocked(command.identifiers(), skipped, fired);
        if (rules.hasLimits()) {
            Map<String, int[]> counts = new HashMap<>();
            if (target != ContactBook.NONE) {
                book.forEachKey(target, key -> counts.computeIfAbsent(key, x -> new int[2])[1]++);
            }
            // in priority order: an identifier is taken while its key has room, or when the contact already holds it
            for (int i = 0; i < kept.size(); i++) {
                Identifier id = kept.get(i);
                int[] k = counts.computeIfAbsent(id.key(), x -> new int[2]);
                int max = rules.maxPerContact(id.key());
                boolean held = target != ContactBook.NONE && book.owner(id) == target;
                if (held) {
                    continue;
                }
                if (max > 0 && k[1] + k[0] + 1 > max) {
                    skipped.add(new SkippedIdentifier(id, null, SkippedIdentifier.Reason.LIMIT));
                    fire(fired, limitRule(id.key()));
                    kept.remove(i--);
                } else {
                    k[0]++;
                }
            }
        }
        if (skipped.isEmpty()) {
            return null;
        }
        return new Direct(command.withIdentifiers(kept, command.strategy()), skipped, fired);
    }

    /** The identifiers no rule blocks; the blocked ones are reported as skipped. */
    private List<Identifier> unblocked(List<Identifier> given, List<SkippedIdentifier> skipped, List<String> fired) {
        List<Identifier> kept = new ArrayList<>(given.size());
        for (Identifier i : given) {
            String rule = rules.blockedBy(i);
            if (rule == null) {
                kept.add(i);
            } else {
                skipped.add(new SkippedIdentifier(i, null, SkippedIdentifier.Reason.BLOCKED));
                fire(fired, rule);
            }
        }
        return kept;
    }

    private String limitRule(String key) {
        IdentityRules.KeyRules own = rules.keys().get(key);
        return "identifiers." + (own != null && own.maxPerContact() > 0 ? key : IdentityRules.EVERY_KEY) + ".maxPerContact";
    }

    private static void fire(List<String> fired, String rule) {
        if (!fired.contains(rule)) {
            fired.add(rule);
        }
    }

    private static int[] owners(ContactBook book, List<Identifier> ids) {
        int[] owners = new int[ids.size()];
        for (int i = 0; i < owners.length; i++) {
            owners[i] = book.owner(ids.get(i));
        }
        return owners;
    }

    /** The cap a merge of these owners would break, or {@code null}. */
    private String mergeCap(ContactBook book, int[] owners) {
        int[] distinct = distinct(owners);
        if (distinct.length < 2) {
            return null;
        }
        if (distinct.length > maxContactsPerMerge) {
            return "merge.maxContactsPerMerge";
        }
        if (merges != null) {
            long total = distinct.length - 1L;
            for (int c : distinct) {
                total += mergesOf(c);
            }
            if (total > maxMergesPerContact) {
                return "merge.maxMergesPerContact";
            }
        }
        return null;
    }

    private static boolean joins(java.util.Set<Integer> frozen, int[] owners) {
        if (frozen == null) {
            return false;
        }
        int[] distinct = distinct(owners);
        if (distinct.length < 2) {
            return false;
        }
        for (int c : distinct) {
            if (frozen.contains(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Plans the command as the strategy would apply it and, when the contact would end up holding
     * more identifiers of a key than allowed (and more than it holds now), returns the position of
     * the lowest-priority identifier of the command that causes it: one that would be added with
     * that key, or one that ties the command to the contact (or to a contact merged into it).
     * Returns -1 when no limit is exceeded.
     */
    private int overLimit(ContactBook book, List<Identifier> kept, int[] owners, Strategy strategy, List<String> fired) {
        int n = kept.size();
        int target = ContactBook.NONE;
        int[] involved;
        switch (strategy) {
            case FIRST:
                // adds nothing to an existing contact and only one identifier to a new one
                return -1;
            case STRICT_ALIAS: {
                involved = distinct(owners);
                if (involved.length > 1) {
                    return -1; // a conflict: nothing will change
                }
                break;
            }
            case FIRST_ALIAS: {
                for (int o : owners) {
                    if (o != ContactBook.NONE) {
                        target = o;
                        break;
                    }
                }
                involved = target == ContactBook.NONE ? new int[0] : new int[] {target};
                break;
            }
            default:
                involved = distinct(owners);
        }
        if (involved.length > 0) {
            target = involved[0];
            for (int c : involved) {
                if (book.older(c, target)) {
                    target = c;
                }
            }
        }
        Map<String, int[]> counts = new HashMap<>();
        for (int c : involved) {
            boolean own = c == target;
            book.forEachKey(c, key -> {
                int[] k = counts.computeIfAbsent(key, x -> new int[2]);
                k[0]++;
                if (own) {
                    k[1]++;
                }
            });
        }
        for (int i = 0; i < n; i++) {
            if (owners[i] == ContactBook.NONE) {
                counts.computeIfAbsent(kept.get(i).key(), x -> new int[2])[0]++;
            }
        }
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            String key = e.getKey();
            int max = rules.maxPerContact(key);
            int after = e.getValue()[0];
            int before = e.getValue()[1];
            if (max > 0 && after > max && after > before) {
                for (int i = n - 1; i >= 0; i--) {
                    int o = owners[i];
                    boolean adds = o == ContactBook.NONE && kept.get(i).key().equals(key);
                    boolean ties = o != ContactBook.NONE && contains(involved, o);
                    if (adds || ties) {
                        fire(fired, limitRule(key));
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    private static int[] distinct(int[] owners) {
        int[] out = new int[owners.length];
        int k = 0;
        for (int o : owners) {
            if (o != ContactBook.NONE && !contains(out, k, o)) {
                out[k++] = o;
            }
        }
        return Arrays.copyOf(out, k);
    }

    private static boolean contains(int[] a, int v) {
        return contains(a, a.length, v);
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps the contact out of every merge: a merge that would join it goes to the first contact as under {@code first_alias}.
     * When {@code capped}, that is decided as a cap on merges is, before the limits on identifiers per contact (the contact
     * it stands for was kept out of the merge by a cap); else once the limits have dropped what they drop (the merge as it
     * would then be done must not join it).
     */
    void neverMerge(int c, boolean capped) {
        if (frozen == null) {
            frozen = new java.util.HashSet<>();
        }
        frozen.add(c);
        if (capped) {
            if (this.capped == null) {
                this.capped = new java.util.HashSet<>();
            }
            this.capped.add(c);
        }
    }

    /** Restores a contact's count of contacts absorbed, when merges per contact are capped. */
    void restoreMerges(int c, int absorbed) {
        if (merges != null) {
            setMerges(c, absorbed);
        }
    }

    /** The contacts {@code c} has absorbed, as counted for the cap on merges per contact; 0 when merges are not capped. */
    int absorbed(int c) {
        return merges == null ? 0 : mergesOf(c);
    }

    private int mergesOf(int c) {
        return c < merges.length ? merges[c] : 0;
    }

    private void setMerges(int c, int value) {
        if (c >= merges.length) {
            merges = Arrays.copyOf(merges, Math.max(c + 1, merges.length * 2));
        }
        merges[c] = value;
    }
}
