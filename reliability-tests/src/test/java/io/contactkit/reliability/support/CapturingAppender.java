package io.contactkit.reliability.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The suite's only log appender (see {@code logback-test.xml}, root level TRACE): every event's
 * formatted message, arguments, MDC, key-value pairs and throwable chain is searched for the credentials
 * ({@link Secrets}), and Netty's leak reports ({@code LEAK:} from {@code io.netty.util.ResourceLeakDetector})
 * are kept. Events are counted per level and logger family; nothing is printed or stored otherwise.
 */
public final class CapturingAppender extends AppenderBase<ILoggingEvent> {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();
    /** Reactor Netty's wiretap logs the raw bytes of requests (headers included) under this category. */
    static final String WIRETAP = "reactor.netty.http.client.HttpClient";
    private static final AtomicLong WIRETAP_EVENTS = new AtomicLong();
    private static volatile boolean started;

    @Override
    public void start() {
        super.start();
        started = true;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String where = "log " + event.getLevel() + " " + event.getLoggerName();
        String message = event.getFormattedMessage();
        StringBuilder text = new StringBuilder(message == null ? "" : message);
        Object[] args = event.getArgumentArray();
        if (args != null) {
            for (Object a : args) {
                text.append('\n').append(a);
            }
        }
        event.getMDCPropertyMap().forEach((k, v) -> text.append('\n').append(k).append('=').append(v));
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(kv -> text.append('\n').append(kv.key).append('=').append(kv.value));
        }
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
            for (IThrowableProxy s : t.getSuppressed()) {
                text.append("\nsuppressed ").append(s.getClassName()).append(": ").append(s.getMessage());
            }
            for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                text.append('\n').append(frame.getSTEAsString());
            }
        }
        String all = text.toString();
        Secrets.scanLogEvent(where, all);
        if (event.getLoggerName().startsWith("io.netty.util.ResourceLeakDetector") && all.contains("LEAK")) {
            LEAKS.add(all);
        }
        if (event.getLoggerName().equals(WIRETAP)) {
            WIRETAP_EVENTS.incrementAndGet();
        }
        COUNTS.computeIfAbsent(event.getLevel() + " " + family(event.getLoggerName()), k -> new AtomicLong()).incrementAndGet();
    }

    private static String family(String logger) {
        String[] parts = logger.split("\\.");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : logger;
    }

    /** True once logback has started this appender (the capture is really in place). */
    public static boolean started() {
        return started;
    }

    /** Events of Reactor Netty's wiretap category: none while the transport does not turn the wiretap on. */
    public static long wiretapEvents() {
        return WIRETAP_EVENTS.get();
    }

    /** Every {@code LEAK:} report Netty logged so far. */
    public static List<String> leaks() {
        return List.copyOf(LEAKS);
    }

    /** Events per level and logger family ({@code DEBUG reactor.netty}, ...). */
    public static Map<String, Long> counts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        COUNTS.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
