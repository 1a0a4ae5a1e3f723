package io.contactkit.adapter.http;

import io.contactkit.adapter.http.observation.ContactKitObservationDocumentation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One call through the pipeline: the request and what the stages share about it. Attempts run one
 * after the other, so plain volatile fields suffice.
 */
final class HttpCall {

    private static final String WORKSPACE = ContactKitObservationDocumentation.HighCardinalityKeys.WORKSPACE_ID.asString();

    private final HttpRequest request;
    private final PathTemplates templates;
    private final Map<String, String> propagationHeaders = new ConcurrentHashMap<>();
    private volatile PathTemplates.Route route;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile boolean lastAttempt;
    private volatile int attempts;
    private volatile Consumer<Throwable> retryObserver = failure -> { };

    HttpCall(HttpRequest request, PathTemplates templates) {
        this.request = request;
        this.templates = templates;
    }

    HttpRequest request() {
        return request;
    }

    /**
     * A log line about this call, with the workspace its path names (if it names one) as the key-value
     * {@code contactkit.workspace.id}, the key its observation has for it: never in the line's text, which holds no value
     * from the path above TRACE.
     */
    LoggingEventBuilder about(LoggingEventBuilder line) {
        String workspace = route().workspaceId();
        return workspace == null ? line : line.addKeyValue(WORKSPACE, workspace);
    }

    /** The request's path template and ids, matched on first use. */
    PathTemplates.Route route() {
        PathTemplates.Route r = route;
        if (r == null) {
            r = templates.match(request.path());
            route = r;
        }
        return r;
    }

    /** Headers a tracing handler asked to send with every attempt ({@code traceparent}, ...). */
    Map<String, String> propagationHeaders() {
        return propagationHeaders;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    void deadlineNanos(long value) {
        this.deadlineNanos = value;
    }

    /** Whether the current attempt's limit is the call's deadline. */
    boolean lastAttempt() {
        return lastAttempt;
    }

    void lastAttempt(boolean value) {
        this.lastAttempt = value;
    }

    /** Starts the next attempt and returns its number (1 for the first). */
    int nextAttempt() {
        return ++attempts;
    }

    int attempts() {
        return attempts;
    }

    /** Tells what observes the call that the failure of the last attempt is about to be retried. */
    void retrying(Throwable failure) {
        retryObserver.accept(failure);
    }

    void retryObserver(Consumer<Throwable> value) {
        this.retryObserver = value;
    }
}
