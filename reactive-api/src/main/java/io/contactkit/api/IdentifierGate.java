package io.contactkit.api;

import io.contactkit.domain.Identifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Serializes writes that share an identifier: a write runs only while it holds every identifier it
 * names (in its workspace), so two upserts of the same e-mail address never race at the provider,
 * where both could create a contact. All identifiers of a write are taken at once, so writes never
 * deadlock, and waiting writes are admitted first come, first served per identifier: a later write
 * never overtakes an earlier one that shares an identifier with it. Waiting costs no thread.
 */
final class IdentifierGate {

    private record Key(String workspace, Identifier identifier) {
    }

    private final Object lock = new Object();
    private final Set<Key> held = new HashSet<>();
    private final LinkedHashSet<Waiter> waiting = new LinkedHashSet<>();

    /** Runs {@code action} once no other guarded action holds any of the identifiers; releases them however it ends. */
    <T> Mono<T> guarded(String workspace, Collection<Identifier> identifiers, Mono<T> action) {
        if (identifiers.isEmpty()) {
            return action;
        }
        Set<Key> keys = new HashSet<>();
        for (Identifier i : identifiers) {
            keys.add(new Key(workspace, i));
        }
        return Mono.usingWhen(acquire(keys), permit -> action, Permit::release, (permit, error) -> permit.release(),
                Permit::release);
    }

    /** How many writes are waiting for an identifier now. */
    int waiting() {
        synchronized (lock) {
            return waiting.size();
        }
    }

    private Mono<Permit> acquire(Set<Key> keys) {
        return Mono.create(sink -> {
            Waiter w = new Waiter(keys, sink);
            sink.onCancel(w::cancel);
            boolean now;
            synchronized (lock) {
                now = free(keys, blockedByWaiters());
                if (now) {
                    held.addAll(keys);
                    w.granted = true;
                } else {
                    waiting.add(w);
                }
            }
            if (now) {
                sink.success(w.permit);
            }
        });
    }

    private Set<Key> blockedByWaiters() {
        Set<Key> blocked = new HashSet<>();
        for (Waiter w : waiting) {
            blocked.addAll(w.keys);
        }
        return blocked;
    }

    private boolean free(Set<Key> keys, Set<Key> blocked) {
        for (Key k : keys) {
            if (held.contains(k) || blocked.contains(k)) {
                return false;
            }
        }
        return true;
    }

    private void release(Set<Key> keys) {
        List<Waiter> admitted = new ArrayList<>();
        synchronized (lock) {
            held.removeAll(keys);
            Set<Key> blocked = new HashSet<>();
            for (Iterator<Waiter> it = waiting.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (free(w.keys, blocked)) {
                    held.addAll(w.keys);
                    w.granted = true;
                    it.remove();
                    admitted.add(w);
                } else {
                    blocked.addAll(w.keys);
                }
            }
        }
        for (Waiter w : admitted) {
            w.sink.success(w.permit);
        }
    }

    private final class Waiter {
        final Set<Key> keys;
        final MonoSink<Permit> sink;
        final Permit permit;
        boolean granted; // guarded by lock

        Waiter(Set<Key> keys, MonoSink<Permit> sink) {
            this.keys = keys;
            this.sink = sink;
            this.permit = new Permit(keys);
        }

        void cancel() {
            boolean release;
            synchronized (lock) {
                release = granted;
                if (!granted) {
                    waiting.remove(this);
                }
            }
            if (release) {
                // granted while being cancelled: the permit may never reach its user, so give it back
                permit.release();
            } else {
                // a waiter that leaves may have been the only thing keeping later ones waiting
                IdentifierGate.this.release(Set.of());
            }
        }
    }

    private final class Permit {
        private final Set<Key> keys;
        private final AtomicBoolean released = new AtomicBoolean();

        Permit(Set<Key> keys) {
            this.keys = keys;
        }

        Mono<Void> release() {
            if (released.compareAndSet(false, true)) {
                IdentifierGate.this.release(keys);
            }
            return Mono.empty();
        }
    }
}
