package io.contactkit.domain.testkit;

import static org.quicktheories.QuickTheory.qt;

import io.contactkit.domain.ContactEngine;
import io.contactkit.domain.Identifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.quicktheories.core.Gen;

/**
 * Model-based testing of a {@link ContactEngine}: generates scenarios (sequences of {@link Op}s), runs
 * each against the engine under test and against a model (by default {@link ReferenceEngine}), and
 * compares their answers and their whole visible state after every step. When they disagree,
 * QuickTheories shrinks the scenario to a minimal one; the failure names the seed to replay it with.
 *
 * <pre>{@code
 * StatefulRunner.of(() -> ContactBook.sequential("ws", "c")).examples(300).run();
 * }</pre>
 *
 * Both suppliers must return a fresh, empty engine whose contact ids are {@code c1}, {@code c2}, ...
 * in creation order (the scenarios update and delete contacts by those ids).
 */
public final class StatefulRunner {

    private final Supplier<? extends ContactEngine> underTest;
    private Supplier<? extends ContactEngine> model = () -> ReferenceEngine.sequential("ws", "c");
    private Gen<List<Op>> scenarios = Gens.scenarios(Gens.commands(), 1, 30);
    private List<Identifier> pool = Gens.SMALL_POOL;
    private int examples = 300;
    private int shrinkCycles = 5_000;
    private Long seed;
    private CaseCounts counts = new CaseCounts("model agreement");
    private String name = "model agreement";

    private StatefulRunner(Supplier<? extends ContactEngine> underTest) {
        this.underTest = Objects.requireNonNull(underTest, "underTest");
    }

    /**
     * A runner for the engine the supplier makes (a fresh one per scenario).
     *
     * @param underTest makes a fresh engine per scenario
     * @return the runner
     */
    public static StatefulRunner of(Supplier<? extends ContactEngine> underTest) {
        return new StatefulRunner(underTest);
    }

    /**
     * Sets the model the engine is compared with (default the {@link ReferenceEngine}).
     *
     * @param value makes a fresh model per scenario
     * @return this runner
     */
    public StatefulRunner model(Supplier<? extends ContactEngine> value) {
        this.model = Objects.requireNonNull(value, "model");
        return this;
    }

    /**
     * The scenarios, and the identifier pool they draw from (its owners are compared after every step).
     *
     * @param value the value
     * @param identifierPool the identifiers the scenarios draw from
     * @return this runner
     */
    public StatefulRunner scenarios(Gen<List<Op>> value, List<Identifier> identifierPool) {
        this.scenarios = Objects.requireNonNull(value, "scenarios");
        this.pool = List.copyOf(identifierPool);
        return this;
    }

    /**
     * Sets how many scenarios run.
     *
     * @param value the number of scenarios
     * @return this runner
     */
    public StatefulRunner examples(int value) {
        this.examples = value;
        return this;
    }

    /**
     * Sets how long a failing scenario is shrunk.
     *
     * @param value QuickTheories' shrink cycles
     * @return this runner
     */
    public StatefulRunner shrinkCycles(int value) {
        this.shrinkCycles = value;
        return this;
    }

    /**
     * A fixed seed; without one, {@link Seeds#seed(String)} picks (and prints) one.
     *
     * @param value the value
     * @return the seed
     */
    public StatefulRunner seed(long value) {
        this.seed = value;
        return this;
    }

    /**
     * Sets the name in reports and seeds.
     *
     * @param value the name
     * @return this runner
     */
    public StatefulRunner name(String value) {
        this.name = value;
        this.counts = new CaseCounts(value);
        return this;
    }

    /** {@return what the engine under test did across every scenario that ran} */
    public CaseCounts counts() {
        return counts;
    }

    /**
     * Runs every scenario.
     *
     * @return the case counts
     * @throws Disagreement with the seed and the smallest disagreeing scenario found
     */
    public CaseCounts run() {
        long s = seed != null ? seed : Seeds.seed(name);
        Smallest smallest = new Smallest();
        try {
            qt().withFixedSeed(s).withExamples(examples).withShrinkCycles(shrinkCycles)
                    .forAll(scenarios)
                    .checkAssert(ops -> {
                        try {
                            play(ops);
                        } catch (AssertionError | RuntimeException e) {
                            smallest.offer(ops, e);
                            throw e;
                        }
                    });
        } catch (AssertionError e) {
            if (smallest.ops == null) {
                throw e;
            }
            List<Op> minimal = minimize(smallest.ops);
            throw new Disagreement(name, s, minimal, failureOf(minimal), e);
        }
        return counts;
    }

    /** Plays one scenario against fresh engines, comparing after every step. */
    void play(List<Op> ops) {
        ContactEngine engine = underTest.get();
        ContactEngine reference = model.get();
        List<String> ids = new ArrayList<>(Gens.CONTACT_IDS);
        for (int step = 0; step < ops.size(); step++) {
            Op op = ops.get(step);
            Object expected = op.applyTo(reference);
            Object actual = op.applyTo(engine);
            if (!expected.equals(actual)) {
                throw new AssertionError("step " + (step + 1) + " " + op + "\n  engine answered: " + actual + "\n  model answered:  " + expected);
            }
            EngineState want = EngineState.of(reference, pool, ids);
            EngineState got = EngineState.of(engine, pool, ids);
            if (!want.equals(got)) {
                throw new AssertionError("after step " + (step + 1) + " " + op + " the states differ\n  engine: " + got + "\n  model:  " + want);
            }
            Cases.classify(op, actual, counts);
        }
        counts.count("scenarios");
        counts.count(ops.size() >= 10 ? "scenarios of >= 10 steps" : "scenarios of < 10 steps");
    }

    /**
     * QuickTheories shrinks the values a scenario is drawn from, which shortens it from the end and
     * simplifies its steps, but cannot drop a step from the middle. This finishes the job: it drops
     * single steps as long as the scenario still fails, until no step can go.
     */
    List<Op> minimize(List<Op> failing) {
        List<Op> current = new ArrayList<>(failing);
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < current.size() && current.size() > 1; i++) {
                List<Op> candidate = new ArrayList<>(current);
                candidate.remove(i);
                if (failureOf(candidate) != null) {
                    current = candidate;
                    progress = true;
                    i--;
                }
            }
        }
        return List.copyOf(current);
    }

    private Throwable failureOf(List<Op> ops) {
        CaseCounts saved = counts;
        counts = new CaseCounts("minimizing");
        try {
            play(ops);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        } finally {
            counts = saved;
        }
    }

    /** The shortest failing scenario seen while QuickTheories shrank. */
    private static final class Smallest {
        List<Op> ops;
        Throwable failure;

        void offer(List<Op> candidate, Throwable e) {
            if (ops == null || candidate.size() < ops.size()
                    || (candidate.size() == ops.size() && candidate.toString().length() < ops.toString().length())) {
                ops = List.copyOf(candidate);
                failure = e;
            }
        }
    }

    /** The engine and the model disagreed on a scenario. */
    public static final class Disagreement extends AssertionError {
        private static final long serialVersionUID = 1L;

        /**
         * The seed of the run.
         */
        private final long seed;
        private final transient List<Op> scenario;

        Disagreement(String name, long seed, List<Op> scenario, Throwable failure, AssertionError report) {
            super(name + ": the engine disagrees with the model; seed=" + seed + Seeds.replay(seed)
                    + "\nsmallest disagreeing scenario (" + scenario.size() + " steps; shrunk, then reduced step by step):\n  "
                    + String.join("\n  ", scenario.stream().map(Op::toString).toList())
                    + "\n" + failure.getMessage(), report);
            this.seed = seed;
            this.scenario = scenario;
        }

        /** {@return the seed that reproduces the run} */
        public long seed() {
            return seed;
        }

        /** {@return the smallest disagreeing scenario found} */
        public List<Op> scenario() {
            return scenario;
        }
    }
}
