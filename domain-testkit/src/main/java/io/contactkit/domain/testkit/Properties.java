package io.contactkit.domain.testkit;

import static org.quicktheories.QuickTheory.qt;

import java.util.function.Consumer;
import org.quicktheories.core.Gen;

/**
 * Runs a QuickTheories property with a printed seed ({@link Seeds}), so that a failure can be replayed,
 * and puts the seed into the failure message.
 */
public final class Properties {

    private Properties() {
    }

    /**
     * Checks {@code property} on {@code examples} values of {@code gen}; on failure QuickTheories shrinks
     * the value and the error names the seed.
     *
     * @param name the property's name, for its seed
     * @param examples how many values to check
     * @param gen the generator
     * @param property the check, throwing on failure
     * @param <T> the type of the values
     */
    public static <T> void check(String name, int examples, Gen<T> gen, Consumer<T> property) {
        long seed = Seeds.seed(name);
        try {
            qt().withFixedSeed(seed).withExamples(examples).withShrinkCycles(2_000).forAll(gen).checkAssert(property);
        } catch (AssertionError e) {
            throw new AssertionError(name + " falsified; seed=" + seed + Seeds.replay(seed) + "\n" + e.getMessage(), e);
        }
    }
}
