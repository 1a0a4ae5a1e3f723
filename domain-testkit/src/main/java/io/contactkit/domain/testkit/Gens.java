package io.contactkit.domain.testkit;

import static org.quicktheories.generators.SourceDSL.lists;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators for the domain. Identifiers come from SMALL pools, so that generated
 * commands often touch the same identifiers: that is what makes conflicts, skipped identifiers and
 * merges frequent instead of vanishingly rare.
 */
public final class Gens {

    /** Nine identifiers of every kind: three e-mail addresses, two phone numbers, two visitor ids, two CRM ids. */
    public static final List<Identifier> SMALL_POOL = List.of(
            Identifier.of(Identifier.EMAIL, "ann@example.com"),
            Identifier.of(Identifier.EMAIL, "bo@example.com"),
            Identifier.of(Identifier.EMAIL, "cy@example.com"),
            Identifier.of(Identifier.PHONE, "+31612345671"),
            Identifier.of(Identifier.PHONE, "+31612345672"),
            Identifier.of(Identifier.VISITOR, "v1"),
            Identifier.of(Identifier.VISITOR, "v2"),
            Identifier.of("crmId", "1"),
            Identifier.of("crmId", "2"));

    /** Contact ids a sequential engine ({@code c1}, {@code c2}, ...) hands out early, plus one it never will. */
    public static final List<String> CONTACT_IDS = List.of("c1", "c2", "c3", "c4", "c5", "c6", "c7", "nobody");

    static final List<String> ATTRIBUTE_NAMES = List.of("firstName", "lastName", "tier", "score");
    static final List<String> LISTS = List.of("L1", "L2", "L3");
    static final List<String> ACCOUNTS = List.of("A1", "A2");

    private static final int SAMPLE_BATCH = 2_000;

    private Gens() {
    }

    /**
     * One identifier of the pool.
     *
     * @param pool the identifiers to draw from
     * @return the generator
     */
    public static Gen<Identifier> identifiers(List<Identifier> pool) {
        return Generate.pick(pool);
    }

    /** {@return command generators: every strategy, patches, removals and membership changes unless narrowed} */
    public static Commands commands() {
        return new Commands(SMALL_POOL, List.of(Strategy.values()), 1, 4, true, true, true);
    }

    /** {@return seconds after {@link Op#EPOCH}, from a handful of values so that creation times tie and go backwards} */
    public static Gen<Integer> seconds() {
        return Generate.range(0, 6);
    }

    /**
     * Steps: mostly upserts, some creates (anonymous ones too), updates and deletes of contacts named from
     * {@link #CONTACT_IDS}, and a few upserts without identifiers (which are invalid).
     *
     * @param commands the command generators
     * @return the generator
     */
    public static Gen<Op> operations(Commands commands) {
        Gen<UpsertCommand> c = commands.gen();
        Gen<String> id = Generate.pick(CONTACT_IDS);
        return Generate.frequency(Arrays.asList(
                Pair.of(14, c.zip(seconds(), (cmd, s) -> (Op) new Op.Upsert(cmd, s))),
                Pair.of(1, commands.identifiers(0, 0).gen().zip(seconds(), (cmd, s) -> (Op) new Op.Upsert(cmd, s))),
                Pair.of(2, commands.identifiers(0, commands.maxIdentifiers).gen().zip(seconds(), (cmd, s) -> (Op) new Op.Create(cmd, s))),
                Pair.of(2, id.zip(c, seconds(), (i, cmd, s) -> (Op) new Op.Update(i, cmd, s))),
                Pair.of(2, id.map(i -> (Op) new Op.Delete(i)))));
    }

    /**
     * Scenarios of {@code min..max} steps.
     *
     * @param commands the command generators
     * @param min the fewest
     * @param max the most
     * @return this runner
     */
    public static Gen<List<Op>> scenarios(Commands commands, int min, int max) {
        return lists().of(operations(commands)).ofSizeBetween(min, max);
    }

    /**
     * Scenarios of only upserts.
     *
     * @param commands the command generators
     * @param min the fewest
     * @param max the most
     * @return the generator
     */
    public static Gen<List<Op>> upsertScenarios(Commands commands, int min, int max) {
        return lists().of(commands.gen().zip(seconds(), (cmd, s) -> (Op) new Op.Upsert(cmd, s))).ofSizeBetween(min, max);
    }

    /**
     * Draws {@code count} values outside a property, reproducibly: for load tests and benchmarks that want
     * generated data. Like any QuickTheories run, the first few values lean towards the simplest ones.
     *
     * @param gen the generator
     * @param <T> the type of the values
     * @param count how many values
     * @param seed the seed
     * @return the values
     */
    public static <T> List<T> sample(Gen<T> gen, int count, long seed) {
        List<T> out = new ArrayList<>(count + SAMPLE_BATCH);
        // QuickTheories caps the examples of a run (and may run one fewer than asked): draw in batches
        for (long batch = 0; out.size() < count; batch++) {
            int before = out.size();
            QuickTheory.qt().withFixedSeed(seed + batch).withExamples(SAMPLE_BATCH).withShrinkCycles(0).forAll(gen).checkAssert(out::add);
            if (out.size() == before) {
                throw new IllegalStateException("QuickTheories generated no value");
            }
        }
        return List.copyOf(out.subList(0, count));
    }

    /** A configurable generator of valid {@link UpsertCommand}s. Immutable; each {@code with...} returns a new one. */
    public static final class Commands {
        private final List<Identifier> pool;
        private final List<Strategy> strategies;
        private final int minIdentifiers;
        private final int maxIdentifiers;
        private final boolean removals;
        private final boolean patches;
        private final boolean memberships;

        private Commands(List<Identifier> pool, List<Strategy> strategies, int minIdentifiers, int maxIdentifiers,
                         boolean removals, boolean patches, boolean memberships) {
            if (pool.isEmpty() || strategies.isEmpty() || minIdentifiers < 0 || maxIdentifiers < minIdentifiers) {
                throw new IllegalArgumentException("need a pool, a strategy and 0 <= min <= max identifiers");
            }
            this.pool = List.copyOf(pool);
            this.strategies = List.copyOf(strategies);
            this.minIdentifiers = minIdentifiers;
            this.maxIdentifiers = maxIdentifiers;
            this.removals = removals;
            this.patches = patches;
            this.memberships = memberships;
        }

        /**
         * Draws identifiers from another pool.
         *
         * @param value the pool
         * @return new generators with the change
         */
        public Commands pool(List<Identifier> value) {
            return new Commands(value, strategies, minIdentifiers, maxIdentifiers, removals, patches, memberships);
        }

        /**
         * Uses only these strategies.
         *
         * @param value the strategies
         * @return new generators with the change
         */
        public Commands strategies(Strategy... value) {
            return new Commands(pool, Arrays.asList(value), minIdentifiers, maxIdentifiers, removals, patches, memberships);
        }

        /**
         * Gives each command {@code min..max} identifiers.
         *
         * @param min the fewest
         * @param max the most
         * @return new generators with the change
         */
        public Commands identifiers(int min, int max) {
            return new Commands(pool, strategies, min, max, removals, patches, memberships);
        }

        /**
         * Whether commands remove identifiers.
         *
         * @param value true to include removals
         * @return new generators with the change
         */
        public Commands removals(boolean value) {
            return new Commands(pool, strategies, minIdentifiers, maxIdentifiers, value, patches, memberships);
        }

        /**
         * Whether commands patch attributes.
         *
         * @param value true to include patches
         * @return new generators with the change
         */
        public Commands patches(boolean value) {
            return new Commands(pool, strategies, minIdentifiers, maxIdentifiers, removals, value, memberships);
        }

        /**
         * Whether commands change memberships, owner and language.
         *
         * @param value true to include them
         * @return new generators with the change
         */
        public Commands memberships(boolean value) {
            return new Commands(pool, strategies, minIdentifiers, maxIdentifiers, removals, patches, value);
        }

        /** {@return the identifiers commands draw from} */
        public List<Identifier> pool() {
            return pool;
        }

        /** {@return the generator}. Every command it yields is valid under {@link IdentifierPolicy#defaults()}. */
        public Gen<UpsertCommand> gen() {
            Gen<List<Identifier>> ids = lists().of(Gens.identifiers(pool)).ofSizeBetween(minIdentifiers, maxIdentifiers);
            Gen<Strategy> strategy = Generate.pick(strategies);
            Gen<List<Identifier>> removed = removals
                    ? Generate.frequency(Arrays.asList(
                            Pair.of(7, Generate.constant(List.<Identifier>of())),
                            Pair.of(3, lists().of(Gens.identifiers(pool)).ofSizeBetween(1, 2))))
                    : Generate.constant(List.of());
            Gen<List<Patch>> patch = patches ? lists().of(Gens.patches()).ofSizeBetween(0, 3) : Generate.constant(List.of());
            Gen<Extras> extras = memberships ? extras() : Generate.constant(Extras.NONE);
            return ids.zip(strategy, removed, patch, extras, Gens::build);
        }
    }

    /** One attribute change: a value sets, {@code null} removes. */
    record Patch(String name, AttributeValue value) {
    }

    /** Membership, owner and language changes. {@code null} owner/language: untouched; {@code ""}: removed. */
    record Extras(List<String> addLists, List<String> removeLists, List<String> addAccounts, List<String> removeAccounts,
                  String owner, String language) {
        static final Extras NONE = new Extras(List.of(), List.of(), List.of(), List.of(), null, null);
    }

    static Gen<Patch> patches() {
        Gen<AttributeValue> values = Generate.frequency(Arrays.asList(
                Pair.of(4, Generate.pick(List.<AttributeValue>of(AttributeValue.of("A"), AttributeValue.of("B"), AttributeValue.of("C")))),
                Pair.of(1, Generate.pick(List.<AttributeValue>of(AttributeValue.of(1), AttributeValue.of(true)))),
                Pair.of(2, Generate.constant((AttributeValue) null))));
        return Generate.pick(ATTRIBUTE_NAMES).zip(values, Patch::new);
    }

    static Gen<Extras> extras() {
        Gen<List<String>> lists = lists().of(Generate.pick(LISTS)).ofSizeBetween(0, 2);
        Gen<List<String>> accounts = lists().of(Generate.pick(ACCOUNTS)).ofSizeBetween(0, 1);
        Gen<String> owner = Generate.pick(Arrays.asList(null, null, null, "o1", "o2", ""));
        Gen<String> language = Generate.pick(Arrays.asList(null, null, null, "EN", "NL", ""));
        return lists.zip(lists, accounts, accounts, (al, rl, aa, ra) -> new Extras(al, rl, aa, ra, null, null))
                .zip(owner, language, (e, o, l) -> new Extras(e.addLists(), e.removeLists(), e.addAccounts(), e.removeAccounts(), o, l));
    }

    static UpsertCommand build(List<Identifier> ids, Strategy strategy, List<Identifier> removals, List<Patch> patch, Extras extras) {
        UpsertCommand.Builder b = UpsertCommand.builder().strategy(strategy);
        ids.forEach(b::identifier);
        Set<Identifier> given = new LinkedHashSet<>(ids);
        for (Identifier r : removals) {
            if (!given.contains(r)) {
                b.removeIdentifier(r.key(), r.value());
            }
        }
        for (Patch p : patch) {
            b.set(p.name(), p.value());
        }
        Set<String> addLists = new LinkedHashSet<>(extras.addLists());
        addLists.forEach(b::addToList);
        distinctNotIn(extras.removeLists(), addLists).forEach(b::removeFromList);
        Set<String> addAccounts = new LinkedHashSet<>(extras.addAccounts());
        addAccounts.forEach(b::addToAccount);
        distinctNotIn(extras.removeAccounts(), addAccounts).forEach(b::removeFromAccount);
        if (extras.owner() != null) {
            b.owner(extras.owner().isEmpty() ? null : extras.owner());
        }
        if (extras.language() != null) {
            b.language(extras.language().isEmpty() ? null : extras.language());
        }
        var built = b.build(IdentifierPolicy.defaults());
        if (built.isInvalid()) {
            throw new IllegalStateException("the generator built an invalid command: " + built.getError().mkString("; "));
        }
        return built.get();
    }

    private static List<String> distinctNotIn(List<String> values, Set<String> excluded) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (!excluded.contains(v) && !out.contains(v)) {
                out.add(Objects.requireNonNull(v));
            }
        }
        return out;
    }
}
