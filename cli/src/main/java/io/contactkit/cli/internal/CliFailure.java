package io.contactkit.cli.internal;

/**
 * A failure that ends a command with one line on standard error and an exit status: bad input
 * (status 1) or a configuration problem found after parsing. The message never holds a secret.
 */
public final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliFailure(String message) {
        this(message, 1, null);
    }

    public CliFailure(String message, Throwable cause) {
        this(message, 1, cause);
    }

    public CliFailure(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
