package io.contactkit.cli.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A value made on a thread of its own while the caller does other work, such as the usual dedupe's identifier policy
 * (libphonenumber's metadata and the phone automata) while the input and the outputs are opened. Its failure is thrown
 * as it was thrown, not wrapped, where the value is asked for.
 */
final class Ahead<T> {

    private final FutureTask<T> task;

    private Ahead(FutureTask<T> task) {
        this.task = task;
    }

    /** Starts making the value on a daemon thread. */
    static <T> Ahead<T> start(Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread t = new Thread(task, "contactkit-start");
        t.setDaemon(true);
        t.start();
        return new Ahead<>(task);
    }

    /** A value made already. */
    static <T> Ahead<T> done(T value) {
        FutureTask<T> task = new FutureTask<>(() -> value);
        task.run();
        return new Ahead<>(task);
    }

    /** The value, once made; the work's own exception when it failed. */
    T get() {
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }

    /**
     * What to throw for {@code failure}, which the caller met after it started this: the work's own failure when it
     * failed (it would have been thrown first had the value been made before), else {@code failure}.
     */
    RuntimeException failureOr(RuntimeException failure) {
        try {
            task.get();
        } catch (ExecutionException e) {
            return rethrown(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return failure;
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof Error e) {
            throw e;
        }
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException(cause);
    }
}
