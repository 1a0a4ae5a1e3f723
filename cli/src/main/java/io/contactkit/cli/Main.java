package io.contactkit.cli;

import io.contactkit.cli.internal.ContactKitCommand;
import io.contactkit.cli.internal.Io;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code contactkit} command line: {@code dedupe}, {@code sync}, {@code export}, {@code generate}
 * and {@code simulate}. Run {@code contactkit --help}, or {@code contactkit COMMAND --help}.
 *
 * <p>Exit status: 0 when the command completed, 1 for bad input or a failure, 2 for bad usage.
 * Standard output carries data only; messages, progress and summaries go to standard error.
 */
public final class Main {

    /** How long a thread that ran out of memory lets the main thread end the run itself before ending the process. */
    private static final long OUT_OF_MEMORY_GRACE_MILLIS = 10_000;

    private Main() {
    }

    /**
     * Runs the command line on the process's standard streams and environment, and exits with its status.
     *
     * @param args the command-line arguments, the subcommand first
     */
    public static void main(String[] args) {
        Io io = new Io(System.in, new FileOutputStream(FileDescriptor.out), new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8),
                System.getenv(), Boolean.getBoolean(Io.STDERR_TERMINAL_PROPERTY));
        // a thread of the tool's own pools that runs out of memory outside its task: said as the command says it; the main
        // thread, which usually learns of it too, gets a while to unwind (freeing what the run held, deleting its temporary
        // files) and exit, and the process is ended after it rather than left waiting for that thread's work
        ContactKitCommand.prepareMemoryLine();
        Thread main = Thread.currentThread();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (!(e instanceof OutOfMemoryError)) {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace();
                return;
            }
            try {
                ContactKitCommand.outOfMemory(io);
                main.join(OUT_OF_MEMORY_GRACE_MILLIS);
                System.exit(1);
            } catch (Throwable stillOut) {
                Runtime.getRuntime().halt(1);   // even the exit could not allocate: end without the hooks
            }
        });
        int status = run(io, args);
        io.err().flush();
        System.exit(status);
    }

    /**
     * Runs the command line in this process with the given streams and environment, and returns its
     * exit status; nothing is closed.
     *
     * @param io   the standard streams and environment to use instead of the process's
     * @param args the command-line arguments, the subcommand first
     * @return the exit status the command line would exit with (0 on success)
     */
    public static int run(Io io, String... args) {
        return ContactKitCommand.execute(io, args);
    }
}
