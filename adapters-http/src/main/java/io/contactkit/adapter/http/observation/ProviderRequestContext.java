package io.contactkit.adapter.http.observation;

import io.contactkit.adapter.http.HttpResponse;
import io.contactkit.ports.ProviderException;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.RequestReplySenderContext;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the provider-request observation knows: the provider, the operation, the method and path
 * template, the workspace and contact the path names (high-cardinality only), and, once finished,
 * the outcome, the final status and the attempts made. The carrier is the map of headers a tracing
 * handler injects ({@code traceparent}); the transport sends them with every attempt.
 */
public class ProviderRequestContext extends RequestReplySenderContext<Map<String, String>, HttpResponse> {

    /** The outcome of a request that succeeded. */
    public static final String SUCCESS = "success";
    /** The outcome of a request the subscriber cancelled. */
    public static final String CANCELLED = "cancelled";
    /** The outcome of a request that failed with an error that is not a typed provider error. */
    public static final String ERROR = "error";

    private final String provider;
    private final String operation;
    private final String method;
    private final String pathTemplate;
    private final String workspaceId;
    private final String contactId;
    private volatile String outcome = CANCELLED;
    private volatile boolean outcomeKnown;
    private volatile int status;
    private volatile int attempts;

    /**
     * @param provider     the provider's id
     * @param operation    the request's operation name, such as {@code contacts.get}
     * @param method       the HTTP method
     * @param pathTemplate the path with its variables as names, such as {@code /workspaces/{workspaceId}/contacts}
     * @param workspaceId  the workspace the path names, or {@code null}
     * @param contactId    the contact the path names, or {@code null}
     * @param headers      the carrier: headers a tracing handler adds to the request
     */
    public ProviderRequestContext(String provider, String operation, String method, String pathTemplate, String workspaceId,
                                  String contactId, Map<String, String> headers) {
        super((carrier, key, value) -> {
            if (carrier != null) {
                carrier.put(key, value);
            }
        }, Kind.CLIENT);
        this.provider = Objects.requireNonNull(provider, "provider");
        this.operation = Objects.requireNonNull(operation, "operation");
        this.method = Objects.requireNonNull(method, "method");
        this.pathTemplate = Objects.requireNonNull(pathTemplate, "pathTemplate");
        this.workspaceId = workspaceId;
        this.contactId = contactId;
        setCarrier(headers);
        setRemoteServiceName(provider);
    }

    /** {@return the provider's id} */
    public String provider() {
        return provider;
    }

    /** {@return the request's name, such as {@code contacts.get}} */
    public String operation() {
        return operation;
    }

    /** {@return the HTTP method} */
    public String method() {
        return method;
    }

    /** {@return the path template the request's path fits, holding no values} */
    public String pathTemplate() {
        return pathTemplate;
    }

    /** {@return the workspace id, or {@code null}}. High-cardinality. */
    public @Nullable String workspaceId() {
        return workspaceId;
    }

    /** {@return the contact id, or {@code null}}. High-cardinality. */
    public @Nullable String contactId() {
        return contactId;
    }

    /**
     * {@return {@value #SUCCESS}, a typed error's code, {@value #ERROR}, or {@value #CANCELLED}; while unfinished, {@value #CANCELLED}
     * before the first retry and then the code of the failure last retried; a convention should report it only once
     * {@link #outcomeKnown()}}
     */
    public String outcome() {
        return outcome;
    }

    /**
     * {@return whether {@link #outcome()} and {@link #status()} say something yet: {@code false} from the start until the first
     * retry or the end, so that a convention leaves them out of the keys known at the start (those a meter handler's
     * {@code .active} long-task timer is tagged with)}
     */
    public boolean outcomeKnown() {
        return outcomeKnown;
    }

    /** {@return the final HTTP status, 0 when none was received} */
    public int status() {
        return status;
    }

    /** {@return attempts made so far} */
    public int attempts() {
        return attempts;
    }

    /**
     * Records a successful final response.
     *
     * @param response the response, or {@code null} when there was none to read
     */
    public void succeeded(@Nullable HttpResponse response) {
        if (response != null) {
            setResponse(response);
            this.status = response.status();
        }
        this.outcome = SUCCESS;
        this.outcomeKnown = true;
    }

    /**
     * Records the final failure: its code and status when it is a typed provider error.
     *
     * @param failure the failure
     */
    public void failed(Throwable failure) {
        setError(failure);
        outcomeOf(failure);
    }

    /**
     * Records a failed attempt that is about to be retried: until the request finishes, its outcome and status are those of
     * this failure, so that what is noted about the retry (the {@code retry} event) says what was retried.
     *
     * @param failure the failure of the attempt
     */
    public void retrying(Throwable failure) {
        outcomeOf(failure);
    }

    private void outcomeOf(Throwable failure) {
        if (failure instanceof ProviderException p) {
            this.outcome = p.code();
            this.status = p.status();
        } else {
            this.outcome = ERROR;
            this.status = 0;
        }
        this.outcomeKnown = true;
    }

    /** Records that the subscriber cancelled the request: outcome {@value #CANCELLED}, no status. */
    public void cancelled() {
        this.outcome = CANCELLED;
        this.status = 0;
        this.outcomeKnown = true;
    }

    /**
     * Records the number of attempts made.
     *
     * @param value the attempts, retries included
     */
    public void attempts(int value) {
        this.attempts = value;
    }
}
