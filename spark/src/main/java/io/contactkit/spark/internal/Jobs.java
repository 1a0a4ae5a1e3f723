package io.contactkit.spark.internal;

import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaFutureAction;

/** Waiting, on the driver, for a Spark job that was submitted ahead. */
final class Jobs {

    private Jobs() {
    }

    /**
     * The job's result once it has ended. Its failure is rethrown as it was (a runtime exception or an error) and anything
     * else wrapped; interrupted, the job is cancelled.
     *
     * @param job     the job
     * @param running what the job does, for the interruption's message
     * @param <T>     the job's result
     * @return the result
     */
    static <T> T await(JavaFutureAction<T> job, String running) {
        try {
            return job.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.cancel(true);
            throw new IllegalStateException("interrupted while " + running, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
