package io.contactkit.simulator;

import io.contactkit.domain.Contact;
import io.contactkit.simulator.internal.SimServer;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * What the running simulators share, the counterpart of {@link SimulatorBuilder}: where they listen,
 * how many requests they received, the contacts they hold, and stopping, blocking ({@link #close()})
 * or not ({@link #stopLater()}). State lives in memory only and is lost when the simulator stops.
 *
 * <p>{@link SimulatorBuilder#start()} and {@link #close()} block until the port is bound or released,
 * which suits tests and the command line; reactive code uses {@link SimulatorBuilder#startLater()} and
 * {@link #stopLater()}, which do not block.
 */
public abstract sealed class Simulator implements AutoCloseable permits BirdSimulator, BridgeSimulator {

    private final SimServer server;
    private final Function<String, List<Contact>> contacts;

    Simulator(SimServer server, Function<String, List<Contact>> contacts) {
        this.server = Objects.requireNonNull(server, "server");
        this.contacts = Objects.requireNonNull(contacts, "contacts");
    }

    /**
     * {@code http://host:port}: the base URL to give a client instead of the provider's own.
     *
     * @return the base URL, with an IPv6 host in brackets
     */
    public final String baseUrl() {
        String host = server.host();
        return "http://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + server.port();
    }

    /** {@return the port it listens on (the one bound, when port 0 asked for any free one)} */
    public final int port() {
        return server.port();
    }

    /**
     * How many requests the simulator received (whatever their outcome): lets tests see what a client sent.
     *
     * @return the number of requests received since it started
     */
    public final long requestCount() {
        return server.requestCount();
    }

    /**
     * A consistent copy of a workspace's contacts, in creation order.
     *
     * @param workspace the workspace id
     * @return its contacts; empty for a workspace that has none or is unknown
     */
    public final List<Contact> contacts(String workspace) {
        return contacts.apply(workspace);
    }

    /**
     * Stops listening and drops every contact, blocking until the port is released: for tests and
     * programs; reactive code uses {@link #stopLater()}.
     */
    @Override
    public final void close() {
        server.close();
    }

    /**
     * Stops listening and drops every contact when subscribed, without blocking.
     *
     * @return completes once the port is released
     */
    public final Mono<Void> stopLater() {
        return server.closeLater();
    }

    /** {@return the simulator's class and base URL, for example {@code BirdSimulator[http://127.0.0.1:41234]}} */
    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[" + baseUrl() + "]";
    }
}
