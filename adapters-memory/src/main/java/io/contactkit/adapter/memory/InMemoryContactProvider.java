package io.contactkit.adapter.memory;

import io.contactkit.domain.ContactBook;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.IdentityRules;
import io.contactkit.domain.ReplayableBook;
import io.contactkit.domain.SkippedIdentifier;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.UpsertFailure;
import io.contactkit.domain.UpsertOutcome;
import io.contactkit.domain.Violation;
import io.contactkit.ports.Capabilities;
import io.contactkit.ports.ConflictException;
import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.Operation;
import io.contactkit.ports.Page;
import io.contactkit.ports.Paging;
import io.contactkit.ports.PagingStyle;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.ValidationException;
import io.contactkit.ports.Warning;
import io.vavr.control.Either;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The embedded provider: every workspace is a {@link ContactBook} in memory, so the library and its
 * tools work with no network. Supports every strategy, including {@code merge}.
 *
 * <p>Every workspace obeys the provider's {@link IdentityRules} (none by default) and keeps the history
 * of its commands, so contacts can be split by replay under changed rules ({@link #split}).
 *
 * <p>Thread-safe: commands on one workspace are serialized (each holds the workspace's monitor only
 * for the in-memory work, never across I/O), so parallel upserts lose no update and never break
 * identifier uniqueness. Lists page lazily by creation position; a page is read under the monitor,
 * so each page is consistent, and contacts created while paging appear at the end.
 */
public final class InMemoryContactProvider implements ContactProvider {

    /** The id this provider is discovered by. */
    public static final String ID = "memory";
    static final int DEFAULT_PAGE_SIZE = 100;

    private static final Capabilities CAPABILITIES = new Capabilities(
            EnumSet.allOf(Operation.class), EnumSet.allOf(Strategy.class), Set.of(),
            true, true, true, PagingStyle.TOKEN, ListQuery.MAX_PAGE_SIZE);

    private final ConcurrentHashMap<String, ReplayableBook> workspaces = new ConcurrentHashMap<>();
    private final AtomicLong served = new AtomicLong();
    private final Clock clock;
    private final Supplier<String> ids;
    private final IdentityRules rules;

    /** Random UUIDs as contact ids, the system clock for timestamps. */
    public InMemoryContactProvider() {
        this(Clock.systemUTC(), () -> UUID.randomUUID().toString());
    }

    /**
     * @param clock the clock stamping contacts
     * @param ids   generates contact ids; must never repeat
     */
    public InMemoryContactProvider(Clock clock, Supplier<String> ids) {
        this(clock, ids, IdentityRules.NONE);
    }

    /**
     * @param clock the clock stamping contacts
     * @param ids   generates contact ids; must never repeat
     * @param rules the identity rules every workspace obeys until a split changes them
     */
    public InMemoryContactProvider(Clock clock, Supplier<String> ids, IdentityRules rules) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /**
     * Random UUIDs as contact ids, the system clock, and these identity rules.
     *
     * @param rules the identity rules every workspace obeys until a split changes them
     */
    public InMemoryContactProvider(IdentityRules rules) {
        this(Clock.systemUTC(), () -> UUID.randomUUID().toString(), rules);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public Mono<Contact> create(String workspace, UpsertCommand command) {
        return withBook(workspace, book -> book.create(command, clock.instant())).map(UpsertOutcome::contact);
    }

    @Override
    public Mono<UpsertResult> upsert(String workspace, UpsertCommand command) {
        return withBook(workspace, book -> book.upsert(command, clock.instant())).map(InMemoryContactProvider::toResult);
    }

    @Override
    public Mono<Contact> get(String workspace, String contactId) {
        return Mono.defer(() -> {
            served.incrementAndGet();
            ReplayableBook book = book(workspace);
            synchronized (book) {
                return book.book().get(contactId).map(Mono::just).orElseGet(() -> Mono.error(notFound(contactId)));
            }
        });
    }

    @Override
    public Mono<Contact> update(String workspace, String contactId, UpsertCommand command) {
        return withBook(workspace, book -> book.update(contactId, command, clock.instant())).map(UpsertOutcome::contact);
    }

    @Override
    public Mono<Void> delete(String workspace, String contactId) {
        return withBook(workspace, book -> book.delete(contactId)).then();
    }

    @Override
    public Flux<Page<Contact>> listPages(String workspace, ListQuery query) {
        return Flux.defer(() -> {
            int size = query.pageSize().orElse(DEFAULT_PAGE_SIZE);
            long start = Paging.startPosition(ID, query);   // inside defer: a bad token is an error signal
            return pages(book(workspace), start, size, query.reverse());
        });
    }

    private Flux<Page<Contact>> pages(ReplayableBook book, long start, int size, boolean reverse) {
        return Paging.pages(Long.toString(start), token -> Mono.fromSupplier(() -> {
            served.incrementAndGet();
            long from = Long.parseLong(token);
            ContactBook.Slice slice;
            synchronized (book) {
                slice = reverse ? book.book().sliceBackward(from, size) : book.book().slice(from, size);
            }
            return new Page<>(slice.contacts(), slice.next() < 0 ? null : Long.toString(slice.next()));
        }));
    }

    @Override
    public Flux<Contact> search(String workspace, Identifier identifier) {
        return Flux.defer(() -> {
            served.incrementAndGet();
            ReplayableBook replayable = book(workspace);
            synchronized (replayable) {
                ContactBook book = replayable.book();
                return Flux.fromStream(book.ownerOf(identifier).flatMap(book::get).stream());
            }
        });
    }

    /**
     * How many requests this provider served: each write, get and search, and each page of a listing
     * (the in-memory counterpart of requests sent to a service, for tests of laziness and paging).
     *
     * @return the count since the provider was made
     */
    public long requestCount() {
        return served.get();
    }

    /**
     * How many contacts a workspace holds now.
     *
     * @param workspace the workspace
     * @return its live contacts
     */
    public int size(String workspace) {
        ReplayableBook book = book(workspace);
        synchronized (book) {
            return book.book().size();
        }
    }

    /**
     * A consistent copy of a workspace's contacts, in creation order.
     *
     * @param workspace the workspace
     * @return its live contacts
     */
    public List<Contact> snapshot(String workspace) {
        ReplayableBook book = book(workspace);
        synchronized (book) {
            return new ArrayList<>(book.book().contacts());
        }
    }

    /**
     * Splits contacts of a workspace by replay: the commands behind them are applied again, in order,
     * under {@code rules} (for example with a value newly blocked), and the contacts that result take
     * their place; no other contact changes. The workspace obeys {@code rules} from then on. Replaying
     * under the rules in force gives back the same contacts.
     *
     * @param workspace the workspace
     * @param contactIds the contacts to split
     * @param rules the identity rules to replay under, and to obey from then on
     * @return the split; fails with a not-found error (changing nothing) when a named contact is not live
     */
    public Mono<ReplayableBook.SplitResult> split(String workspace, Collection<String> contactIds, IdentityRules rules) {
        Objects.requireNonNull(contactIds, "contactIds");
        Objects.requireNonNull(rules, "rules");
        for (String id : contactIds) {
            if (id == null) {
                return Mono.error(ValidationException.local(ID, List.of(Violation.of("contactIds", "invalid_id", "a contact id to split is null"))));
            }
        }
        return withBook(workspace, book -> book.split(List.copyOf(contactIds), rules));
    }

    private ReplayableBook book(String workspace) {
        if (workspace == null || workspace.isBlank()) {
            throw ValidationException.local(ID, List.of(Violation.of("workspace", "missing", "a workspace is required")));
        }
        return workspaces.computeIfAbsent(workspace, ws -> new ReplayableBook(new ContactBook(ws, ids, rules), ids));
    }

    private <T> Mono<T> withBook(String workspace, Function<ReplayableBook, Either<UpsertFailure, T>> op) {
        return Mono.defer(() -> {
            served.incrementAndGet();
            ReplayableBook book = book(workspace);
            Either<UpsertFailure, T> result;
            synchronized (book) {
                result = op.apply(book);
            }
            return result.fold(f -> Mono.error(toException(f)), Mono::just);
        });
    }

    static ProviderException toException(UpsertFailure failure) {
        if (failure instanceof UpsertFailure.Conflict c) {
            return new ConflictException(ID, 409, "conflict", c.message(), c.contactIds());
        }
        if (failure instanceof UpsertFailure.NotFound n) {
            return new NotFoundException(ID, 404, "not_found", n.message());
        }
        UpsertFailure.Invalid invalid = (UpsertFailure.Invalid) failure;
        return ValidationException.local(ID, invalid.violations().asJava());
    }

    private static NotFoundException notFound(String contactId) {
        return new NotFoundException(ID, 404, "not_found", "no contact with id " + contactId);
    }

    static UpsertResult toResult(UpsertOutcome outcome) {
        List<Warning> warnings = new ArrayList<>();
        for (SkippedIdentifier s : outcome.identifiersSkipped()) {
            warnings.add(Warning.skipped(s));
        }
        for (Identifier i : outcome.removalsIgnored()) {
            warnings.add(new Warning("removal_ignored", i + " was not removed: the contact does not own it"));
        }
        for (String merged : outcome.contactsMerged()) {
            warnings.add(new Warning("contact_merged", "contact " + merged + " was merged into " + outcome.contact().id()));
        }
        return new UpsertResult(outcome.created() ? UpsertResult.Status.CREATED : UpsertResult.Status.UPDATED,
                outcome.contact(), warnings, null);
    }
}
