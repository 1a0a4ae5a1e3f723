package io.contactkit.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary files of outputs not yet committed. A command ended by SIGINT or SIGTERM runs the
 * JVM's shutdown hooks, and the one hook here deletes them, so no {@code .out.ndjson.123.tmp} is
 * left behind.
 */
final class TempFiles {

    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteAll, "contactkit-temp-files"));
    }

    private TempFiles() {
    }

    /** Deleted at shutdown unless {@link #release released} first. */
    static void register(Path temp) {
        PENDING.add(temp);
    }

    /** Committed or deleted by its owner: nothing left to do at shutdown. */
    static void release(Path temp) {
        PENDING.remove(temp);
    }

    private static void deleteAll() {
        for (Path p : PENDING) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the JVM is going down: nothing else can be done about it
            }
        }
    }
}
