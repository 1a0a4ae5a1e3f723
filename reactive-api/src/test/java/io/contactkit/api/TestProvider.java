package io.contactkit.api;

import io.contactkit.adapter.memory.InMemoryContactProvider;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.Capabilities;
import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.Page;
import io.contactkit.ports.UpsertResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A test double: the in-memory provider behind configurable capabilities and an upsert hook, counting
 * calls and the upserts in flight (subscribed and not yet finished).
 */
class TestProvider implements ContactProvider {

    final InMemoryContactProvider memory = new InMemoryContactProvider();
    final AtomicInteger upsertCalls = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger cancelled = new AtomicInteger();
    final AtomicInteger otherCalls = new AtomicInteger();
    final AtomicBoolean closed = new AtomicBoolean();
    final List<UpsertCommand> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    /** When set, get, update and delete fail with what it supplies (still counted). */
    volatile java.util.function.Supplier<RuntimeException> failOthers;
    private final Capabilities capabilities;
    private final BiFunction<UpsertCommand, Mono<UpsertResult>, Mono<UpsertResult>> upsertHook;

    /** Everything the in-memory provider does, unchanged. */
    TestProvider() {
        this(null, (command, real) -> real);
    }

    /**
     * @param capabilities what to declare; null for the in-memory provider's
     * @param upsertHook   given the command and the real upsert, what to answer instead
     */
    TestProvider(Capabilities capabilities, BiFunction<UpsertCommand, Mono<UpsertResult>, Mono<UpsertResult>> upsertHook) {
        this.capabilities = capabilities;
        this.upsertHook = upsertHook;
    }

    @Override
    public String id() {
        return "test";
    }

    @Override
    public Capabilities capabilities() {
        return capabilities == null ? memory.capabilities() : capabilities;
    }

    @Override
    public Mono<Contact> create(String workspace, UpsertCommand command) {
        otherCalls.incrementAndGet();
        return memory.create(workspace, command);
    }

    @Override
    public Mono<UpsertResult> upsert(String workspace, UpsertCommand command) {
        return Mono.defer(() -> {
            upsertCalls.incrementAndGet();
            seen.add(command);
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            return upsertHook.apply(command, memory.upsert(workspace, command));
        }).doOnTerminate(inFlight::decrementAndGet).doOnCancel(() -> {
            inFlight.decrementAndGet();
            cancelled.incrementAndGet();
        });
    }

    @Override
    public Mono<Contact> get(String workspace, String contactId) {
        return Mono.defer(() -> {
            otherCalls.incrementAndGet();
            java.util.function.Supplier<RuntimeException> failure = failOthers;
            return failure == null ? memory.get(workspace, contactId) : Mono.error(failure.get());
        });
    }

    @Override
    public Mono<Contact> update(String workspace, String contactId, UpsertCommand command) {
        return Mono.defer(() -> {
            otherCalls.incrementAndGet();
            java.util.function.Supplier<RuntimeException> failure = failOthers;
            return failure == null ? memory.update(workspace, contactId, command) : Mono.error(failure.get());
        });
    }

    @Override
    public Mono<Void> delete(String workspace, String contactId) {
        return Mono.defer(() -> {
            otherCalls.incrementAndGet();
            java.util.function.Supplier<RuntimeException> failure = failOthers;
            return failure == null ? memory.delete(workspace, contactId) : Mono.error(failure.get());
        });
    }

    @Override
    public Flux<Contact> list(String workspace, ListQuery query) {
        otherCalls.incrementAndGet();
        return memory.list(workspace, query);
    }

    @Override
    public Flux<Page<Contact>> listPages(String workspace, ListQuery query) {
        otherCalls.incrementAndGet();
        return memory.listPages(workspace, query);
    }

    @Override
    public Flux<Contact> search(String workspace, Identifier identifier) {
        otherCalls.incrementAndGet();
        return memory.search(workspace, identifier);
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
