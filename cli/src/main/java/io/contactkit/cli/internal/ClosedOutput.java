package io.contactkit.cli.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reader of standard output (or of a pipe given as {@code --output}) went away, as when the
 * output is piped into {@code head -1}. A command treats it as Unix tools treat {@code SIGPIPE}: it
 * stops at once, says nothing, commits no output file and exits with {@value #EXIT_STATUS}
 * (128 + SIGPIPE, the status a shell shows for a tool that signal ended).
 */
public final class ClosedOutput extends RuntimeException {

    /** 128 + 13 (SIGPIPE). */
    public static final int EXIT_STATUS = 141;

    private static final long serialVersionUID = 1L;

    private ClosedOutput(IOException cause) {
        super("the output's reader went away", cause, false, false);
    }

    /**
     * A stream that turns a write or flush failing because its reader has gone into a
     * {@link ClosedOutput}; any other failure (a full disk behind a redirection) stays an IOException.
     *
     * @param standardOutput whether {@code out} is standard output, whose failure to write while it is a pipe or a socket is
     *                       taken as its reader gone; for any other stream (a device or a pipe named as an output: {@code -o
     *                       /dev/full}) only a broken pipe is
     */
    static OutputStream guard(OutputStream out, boolean standardOutput) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw classify(e, standardOutput);
                }
            }

            @Override
            public void write(int b) throws IOException {
                try {
                    out.write(b);
                } catch (IOException e) {
                    throw classify(e, standardOutput);
                }
            }

            @Override
            public void flush() throws IOException {
                try {
                    out.flush();
                } catch (IOException e) {
                    throw classify(e, standardOutput);
                }
            }
        };
    }

    private static IOException classify(IOException e, boolean standardOutput) {
        if (readerGone(e, standardOutput)) {
            throw new ClosedOutput(e);
        }
        return e;
    }

    /** EPIPE ("Broken pipe"), or for standard output any write failure while it is a pipe or a socket. */
    private static boolean readerGone(IOException e, boolean standardOutput) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Broken pipe")) {
            return true;
        }
        if (!standardOutput) {
            return false;
        }
        try {
            String fd = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return fd.startsWith("pipe:") || fd.startsWith("socket:");
        } catch (IOException | UnsupportedOperationException | SecurityException other) {
            return false;
        }
    }

    /** Whether the failure, or one of its causes, is a closed output. */
    static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ClosedOutput) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof ClosedOutput) {
                    return true;
                }
            }
        }
        return false;
    }
}
