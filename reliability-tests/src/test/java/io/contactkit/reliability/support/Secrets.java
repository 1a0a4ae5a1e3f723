package io.contactkit.reliability.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The credentials every client of the suite uses, and the one place that looks for them in text: log
 * events (through {@link CapturingAppender}), exception messages and {@code toString()} of every
 * configuration, request and result object the tests meet. {@code SuiteChecksTest} fails the build
 * when any of them was ever seen.
 */
public final class Secrets {

    public static final String BIRD_ACCESS_KEY = "bird-key-7Hq2Lx9PzR4mWc";
    public static final String BRIDGE_API_KEY = "bridge-key-Vb3Nn8Kd2QsYe";
    public static final String BRIDGE_SIGNING_SECRET = "bridge-signing-Ju5Tf1XoGa";

    private static final List<String> ALL = List.of(BIRD_ACCESS_KEY, BRIDGE_API_KEY, BRIDGE_SIGNING_SECRET);
    private static final List<String> FOUND = new CopyOnWriteArrayList<>();
    private static final AtomicLong THROWABLES = new AtomicLong();
    private static final AtomicLong OBJECTS = new AtomicLong();
    private static final AtomicLong LOG_EVENTS = new AtomicLong();
    private static final AtomicLong CHARS = new AtomicLong();

    private Secrets() {
    }

    /** Looks for every credential in a text seen at {@code where}. */
    public static void scan(String where, String text) {
        if (text == null) {
            return;
        }
        CHARS.addAndGet(text.length());
        for (String s : ALL) {
            if (text.contains(s)) {
                FOUND.add(where + ": " + abbreviate(text));
            }
        }
    }

    static void scanLogEvent(String where, String text) {
        LOG_EVENTS.incrementAndGet();
        scan(where, text);
    }

    /** The message, {@code toString()} and stack of a throwable, its causes and suppressed ones. */
    public static void scanThrowable(String where, Throwable t) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>();
        todo.add(t);
        while (!todo.isEmpty()) {
            Throwable next = todo.remove(todo.size() - 1);
            if (next == null || !seen.add(next)) {
                continue;
            }
            THROWABLES.incrementAndGet();
            scan(where, next.toString());
            scan(where, next.getMessage());
            scan(where, next.getLocalizedMessage());
            todo.add(next.getCause());
            todo.addAll(List.of(next.getSuppressed()));
        }
    }

    /** An object's {@code toString()}. */
    public static void scanObject(String where, Object o) {
        OBJECTS.incrementAndGet();
        scan(where, String.valueOf(o));
    }

    /** Whether a text would be flagged, without recording it (the scanner's own check). */
    public static boolean wouldFlag(String text) {
        return ALL.stream().anyMatch(text::contains);
    }

    public static List<String> found() {
        return List.copyOf(FOUND);
    }

    public static long throwablesScanned() {
        return THROWABLES.get();
    }

    public static long objectsScanned() {
        return OBJECTS.get();
    }

    public static long logEventsScanned() {
        return LOG_EVENTS.get();
    }

    public static long charsScanned() {
        return CHARS.get();
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
