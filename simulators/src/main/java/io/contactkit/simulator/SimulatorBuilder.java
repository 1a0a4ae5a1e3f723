package io.contactkit.simulator;

import io.contactkit.simulator.internal.SimRequest;
import io.contactkit.simulator.internal.SimResponse;
import io.contactkit.simulator.internal.SimServer;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * What the simulators' builders share: where to listen, the clock, and starting, blocking
 * ({@link #start()}) or not ({@link #startLater()}). Each simulator's builder adds its provider's
 * credentials and options; what they start is a {@link Simulator}.
 *
 * @param <S> the simulator built
 * @param <B> the builder itself, returned by every setter
 */
public abstract sealed class SimulatorBuilder<S extends Simulator, B extends SimulatorBuilder<S, B>> permits BirdSimulator.Builder, BridgeSimulator.Builder {

    /** An API ready to serve and the simulator to make of the server that serves it. */
    record Plan<S>(Function<SimRequest, SimResponse> api, Function<SimServer, S> simulator) {
    }

    private String host = "127.0.0.1";
    private int port;
    private Clock clock = Clock.systemUTC();
    private boolean upsertAnswers200;

    SimulatorBuilder() {
    }

    /** The builder itself, typed as the subclass. */
    abstract B self();

    /**
     * The API for the settings the builder has now, and how to wrap its server.
     *
     * @throws IllegalStateException when a required setting is missing
     */
    abstract Plan<S> plan();

    /**
     * The address to listen on; {@code 127.0.0.1} by default.
     *
     * @param value a host name or address
     * @return this builder
     */
    public B host(String value) {
        this.host = Objects.requireNonNull(value, "host");
        return self();
    }

    /**
     * The port; 0 (the default) picks a free one.
     *
     * @param value 0-65535
     * @return this builder
     * @throws IllegalArgumentException when out of range
     */
    public B port(int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException("port must be 0-65535");
        }
        this.port = value;
        return self();
    }

    /**
     * The clock stamping contacts (and, where a simulator checks signatures, judging their timestamps);
     * the system clock by default.
     *
     * @param value the clock
     * @return this builder
     */
    public B clock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock");
        return self();
    }

    Clock clock() {
        return clock;
    }

    /**
     * Answer every successful upsert with 200, the one success the provider's upsert page documents,
     * instead of 201 for a creation (the default, which tells clients created from updated).
     *
     * @param value {@code true} to answer 200 for creations too
     * @return this builder
     */
    public B upsertAnswers200(boolean value) {
        this.upsertAnswers200 = value;
        return self();
    }

    boolean upsertAnswers200() {
        return upsertAnswers200;
    }

    /**
     * A credential or secret as given, once it is known not to be blank.
     *
     * @throws IllegalArgumentException if {@code value} is null or blank, naming {@code what}
     */
    static String nonBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the " + what + " must not be blank");
        }
        return value;
    }

    /**
     * Binds and starts serving, blocking until the port is bound (a test-support entry point).
     *
     * @return the running simulator
     * @throws IllegalStateException when a required setting is missing
     */
    public S start() {
        Plan<S> plan = plan();
        return plan.simulator().apply(SimServer.start(host, port, plan.api()));
    }

    /**
     * Binds and starts serving when subscribed (with the settings the builder has then), without blocking.
     *
     * @return the running simulator, once bound
     */
    public Mono<S> startLater() {
        return Mono.defer(() -> {
            Plan<S> plan = plan();
            return SimServer.bind(host, port, plan.api()).map(plan.simulator());
        });
    }
}
