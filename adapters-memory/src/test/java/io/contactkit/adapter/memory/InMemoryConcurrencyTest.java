package io.contactkit.adapter.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contactkit.domain.AttributeValue;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.testkit.CaseCounts;
import io.contactkit.domain.testkit.Gens;
import io.contactkit.domain.testkit.Seeds;
import io.contactkit.ports.ConflictException;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.Warning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Many upserts on one workspace in parallel lose no update and never break identifier uniqueness:
 * 10,000 generated upserts (all four strategies, identifiers from a pool of nine) on eight threads,
 * then the invariants are checked on the final state.
 */
class InMemoryConcurrencyTest {

    static final int UPSERTS = 10_000;
    static final int MARKED = 10;
    static final String WS = "ws-parallel";

    /** What one upsert answered. */
    record Answer(int n, UpsertResult result, Throwable error) {
    }

    @Test
    void parallelUpsertsLoseNoUpdateAndKeepIdentifiersUnique() {
        long seed = Seeds.seed("in-memory concurrency");
        List<UpsertCommand> generated = Gens.sample(Gens.commands().gen(), UPSERTS, seed);
        // every MARKED-th command also writes an attribute of its own, so a lost update would show as a
        // missing attribute (not every command: contacts holding thousands of attributes would make the test slow)
        List<UpsertCommand> commands = new ArrayList<>(UPSERTS);
        for (int n = 0; n < UPSERTS; n++) {
            commands.add(n % MARKED != 0 ? generated.get(n)
                    : generated.get(n).toBuilder().set("op" + n, AttributeValue.of(n)).build(IdentifierPolicy.defaults()).get());
        }
        InMemoryContactProvider provider = new InMemoryContactProvider();
        Scheduler rails = Schedulers.newParallel("upsert-rail", 8);
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        try {
            Flux.range(0, UPSERTS)
                    .parallel(8)
                    .runOn(rails, 16)
                    .flatMap(n -> provider.upsert(WS, commands.get(n))
                            .map(r -> new Answer(n, r, null))
                            .onErrorResume(e -> Mono.just(new Answer(n, null, e))))
                    .doOnNext(answers::add)
                    .sequential()
                    .blockLast(Duration.ofMinutes(1));
        } finally {
            rails.dispose();
        }

        CaseCounts counts = new CaseCounts("in-memory concurrency (seed " + seed + ")");
        assertEquals(UPSERTS, answers.size());
        Set<Identifier> everOwned = new HashSet<>();
        Set<Identifier> removedSomewhere = new HashSet<>();
        Set<Integer> succeeded = new HashSet<>();
        long created = 0;
        long retired = 0;
        for (Answer a : answers) {
            commands.get(a.n()).removeIdentifiers().forEach(removedSomewhere::add);
            if (a.error() != null) {
                assertTrue(a.error() instanceof ConflictException, () -> "only typed conflicts may fail, got " + a.error());
                counts.count("conflict");
                continue;
            }
            succeeded.add(a.n());
            everOwned.addAll(a.result().contact().identifiers());
            if (a.result().created()) {
                created++;
                counts.count("created");
            } else {
                counts.count("updated");
            }
            for (Warning w : a.result().warnings()) {
                counts.count("warning " + w.code());
                if (w.code().equals("contact_merged")) {
                    retired++;
                }
            }
        }

        List<Contact> contacts = provider.snapshot(WS);
        Map<Identifier, String> owners = new HashMap<>();
        Map<String, String> opHolders = new HashMap<>();
        for (Contact c : contacts) {
            for (Identifier i : c.identifiers()) {
                assertNull(owners.put(i, c.id()), () -> i + " is owned by two contacts");
            }
            for (String attribute : c.attributes().keySet()) {
                if (attribute.startsWith("op")) {
                    assertNull(opHolders.put(attribute, c.id()), () -> attribute + " is held by two contacts");
                }
            }
        }
        for (Identifier i : everOwned) {
            assertTrue(owners.containsKey(i) || removedSomewhere.contains(i), () -> i + " was owned once and is lost");
        }
        for (Identifier i : Gens.SMALL_POOL) {
            List<String> found = provider.search(WS, i).map(Contact::id).collectList().block();
            assertEquals(Optional.ofNullable(owners.get(i)).map(List::of).orElse(List.of()), found, () -> "search for " + i);
        }
        long marked = 0;
        for (int n : succeeded) {
            if (n % MARKED == 0) {
                marked++;
                assertTrue(opHolders.containsKey("op" + n), "the update of upsert " + n + " is lost");
            }
        }
        assertEquals(marked, opHolders.size(), "attributes of failed upserts must not appear");
        assertEquals(created - retired, contacts.size(), "contacts = created - merged away");
        assertEquals(contacts.size(), provider.size(WS));
        assertEquals(contacts, provider.list(WS, ListQuery.builder().pageSize(7).build()).collectList().block());

        counts.print().assertAtLeast(100, "created", "updated", "conflict", "warning contact_merged", "warning identifier_skipped",
                "warning identifier_not_added", "warning removal_ignored");
    }
}
