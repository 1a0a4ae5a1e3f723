package io.contactkit.simulator.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A simulator's endpoints: HTTP method and path template to handler. A request is served by the most
 * specific template (a literal segment beats a variable one, leftmost first) that matches its path and
 * has a handler for its method; when no template matches the path, the table answers 404, and when
 * none of those that match has the method, 405. A variable may carry a check (for example "a UUID"),
 * run on the most specific template matching the path before the method is looked at, as a provider
 * that validates path parameters first does. A template can also refuse the methods it has no handler
 * for ({@link #refuse}), so that a more general template does not take them.
 *
 * @param <C> what a handler works on besides the path: the request and whatever the API resolved first
 */
public final class RouteTable<C> {

    /** One endpoint's work. */
    @FunctionalInterface
    public interface Handler<C> {
        SimResponse handle(C call, PathVariables path);
    }

    /** One template's handlers by method; {@code refusesAll}: every method is answered 405. */
    private static final class Resource<C> {
        final PathTemplate template;
        final Map<String, Handler<C>> byMethod = new LinkedHashMap<>();
        boolean refusesAll;

        Resource(PathTemplate template) {
            this.template = template;
        }

        boolean serves(String method) {
            return refusesAll || byMethod.containsKey(method);
        }
    }

    private final Map<String, Resource<C>> resources = new LinkedHashMap<>();
    private final Map<String, Function<String, SimResponse>> checks = new LinkedHashMap<>();
    private final Function<SimRequest, SimResponse> notFound;
    private final Function<SimRequest, SimResponse> notAllowed;

    /**
     * @param notFound   the answer when no template matches the path
     * @param notAllowed the answer when no template matching the path has a handler for the method
     */
    public RouteTable(Function<SimRequest, SimResponse> notFound, Function<SimRequest, SimResponse> notAllowed) {
        this.notFound = Objects.requireNonNull(notFound, "notFound");
        this.notAllowed = Objects.requireNonNull(notAllowed, "notAllowed");
    }

    /** Routes {@code method} on {@code template} to {@code handler}. */
    public RouteTable<C> on(String method, String template, Handler<C> handler) {
        if (resource(template).byMethod.putIfAbsent(method, Objects.requireNonNull(handler, "handler")) != null) {
            throw new IllegalArgumentException(method + " " + template + " is routed twice");
        }
        return this;
    }

    /** Answers 405 to every method {@code template} has no handler for, rather than letting a more general template serve it. */
    public RouteTable<C> refuse(String template) {
        resource(template).refusesAll = true;
        return this;
    }

    private Resource<C> resource(String template) {
        return resources.computeIfAbsent(template, t -> new Resource<>(PathTemplate.of(t)));
    }

    /**
     * Checks the raw value of every variable with this name once a template matched: the check
     * returns the answer that refuses the request, or {@code null} to go on.
     */
    public RouteTable<C> check(String variable, Function<String, SimResponse> check) {
        checks.put(variable, Objects.requireNonNull(check, "check"));
        return this;
    }

    /** The answer of the handler the request's method and path select, or the table's 404 or 405. */
    public SimResponse dispatch(SimRequest request, C call) {
        Resource<C> forPath = null;
        PathVariables pathVariables = null;
        Resource<C> forMethod = null;
        PathVariables methodVariables = null;
        for (Resource<C> resource : resources.values()) {
            PathVariables matched = resource.template.match(request.segments());
            if (matched == null) {
                continue;
            }
            if (forPath == null || resource.template.moreSpecificThan(forPath.template)) {
                forPath = resource;
                pathVariables = matched;
            }
            if (resource.serves(request.method()) && (forMethod == null || resource.template.moreSpecificThan(forMethod.template))) {
                forMethod = resource;
                methodVariables = matched;
            }
        }
        if (forPath == null) {
            return notFound.apply(request);
        }
        for (Map.Entry<String, String> variable : pathVariables.all().entrySet()) {
            Function<String, SimResponse> check = checks.get(variable.getKey());
            SimResponse refused = check == null ? null : check.apply(variable.getValue());
            if (refused != null) {
                return refused;
            }
        }
        Handler<C> handler = forMethod == null ? null : forMethod.byMethod.get(request.method());
        return handler == null ? notAllowed.apply(request) : handler.handle(call, methodVariables);
    }
}
