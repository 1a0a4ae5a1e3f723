package io.contactkit.cli.internal;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The temporary files of outputs not yet committed. A command ended by SIGINT or SIGTERM runs the
 * JVM's shutdown hooks, and the one hook here deletes them, so no {@code .out.ndjson.123.tmp} is
 * left behind.
 */
final class TempFiles {

    // the files as java.io.File, in an array replaced whole on each change: deleting them at shutdown then allocates
    // nothing, which matters when the JVM is going down because its heap ran out
    private static final Object LOCK = new Object();
    private static volatile File[] pending = new File[0];

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteAll, "contactkit-temp-files"));
    }

    private TempFiles() {
    }

    /** Deleted at shutdown unless {@link #release released} first. */
    static void register(Path temp) {
        File f = temp.toFile();
        synchronized (LOCK) {
            File[] now = Arrays.copyOf(pending, pending.length + 1);
            now[now.length - 1] = f;
            pending = now;
        }
    }

    /** Committed or deleted by its owner: nothing left to do at shutdown. */
    static void release(Path temp) {
        File f = temp.toFile();
        synchronized (LOCK) {
            pending = Arrays.stream(pending).filter(p -> !p.equals(f)).toArray(File[]::new);
        }
    }

    /**
     * Deletes every temporary file not committed. Allocates nothing: also called, before the JVM exits, by a run that ran
     * out of memory, since the JVM's own start of the shutdown hooks may then fail to allocate and skip them.
     */
    static void deleteAll() {
        for (File f : pending) {
            try {
                f.delete();
            } catch (Throwable ignored) {
                // the JVM is going down: nothing else can be done about it
            }
        }
    }
}
