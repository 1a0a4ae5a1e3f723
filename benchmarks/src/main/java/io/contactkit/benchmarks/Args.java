package io.contactkit.benchmarks;

/** Positional integer arguments of the harness mains. */
final class Args {

    private Args() {
    }

    /** Argument {@code i} as an int, or {@code fallback} when absent. */
    static int integer(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
