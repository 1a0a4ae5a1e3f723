package io.contactkit.domain.testkit;

/**
 * The seed a property runs with: {@code -Dcontactkit.seed=N} when given (to replay a failure), else a
 * fresh one. Either way it is printed, so every run can be reproduced.
 */
public final class Seeds {

    /** The system property that fixes the seed of every property. */
    public static final String PROPERTY = "contactkit.seed";

    private Seeds() {
    }

    /**
     * The seed for the named property, printed with how to replay it.
     *
     * @param property the check, throwing on failure
     * @return the seed
     */
    public static long seed(String property) {
        String fixed = System.getProperty(PROPERTY);
        long seed = fixed == null || fixed.isBlank() ? System.nanoTime() ^ Thread.currentThread().getId() * 0x9E3779B97F4A7C15L
                : Long.parseLong(fixed.strip());
        System.out.println("[" + property + "] seed=" + seed + replay(seed));
        return seed;
    }

    /**
     * How to rerun with a seed.
     *
     * @param seed the seed
     * @return the hint, to append to a message
     */
    public static String replay(long seed) {
        return " (replay with -D" + PROPERTY + "=" + seed + ")";
    }
}
