package io.contactkit.cli.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * The outside world of one run: standard streams, the environment (the only source of
 * credentials) and whether standard error is a terminal (the launcher tells, as Java 17 cannot).
 *
 * @param in               standard input, read for the input {@code -}
 * @param out              standard output: data only
 * @param err              standard error: messages, progress and the summary
 * @param env              the environment
 * @param stderrIsTerminal true to draw a progress bar on standard error
 */
public record Io(InputStream in, OutputStream out, PrintStream err, Map<String, String> env, boolean stderrIsTerminal) {

    /** The system property the launcher sets to {@code true} when standard error is a terminal. */
    public static final String STDERR_TERMINAL_PROPERTY = "contactkit.stderr.terminal";

    public Io {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
    }

    /** The value of an environment variable, or null when unset or blank. */
    public String env(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }
}
