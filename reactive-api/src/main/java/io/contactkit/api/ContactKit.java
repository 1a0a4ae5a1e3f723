package io.contactkit.api;

import io.contactkit.api.observation.BulkObservationConvention;
import io.contactkit.api.observation.DefaultBulkObservationConvention;
import io.contactkit.domain.Contact;
import io.contactkit.domain.Deduplicator;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.domain.Violation;
import io.contactkit.ports.Capabilities;
import io.contactkit.ports.ContactProvider;
import io.contactkit.ports.ListQuery;
import io.contactkit.ports.NotFoundException;
import io.contactkit.ports.Operation;
import io.contactkit.ports.Page;
import io.contactkit.ports.ProviderException;
import io.contactkit.ports.ProviderFactory;
import io.contactkit.ports.ProviderSettings;
import io.contactkit.ports.RetryPolicy;
import io.contactkit.ports.ServerException;
import io.contactkit.ports.TransportException;
import io.contactkit.ports.UnsupportedCapabilityException;
import io.contactkit.ports.UpsertResult;
import io.contactkit.ports.ValidationException;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The entry point users code against: one provider (found by id through {@link ServiceLoader} or
 * passed in), with a per-operation timeout, an optional retry policy and a default bulk
 * concurrency, and every operation as a lazy {@link Mono} or {@link Flux}.
 *
 * <pre>{@code
 * try (ContactKit kit = ContactKit.builder().provider("memory").build()) {
 *     kit.upsert("ws", command).subscribe(r -> System.out.println(r.status() + " " + r.contact().id()));
 * }
 * }</pre>
 *
 * <p><b>Errors.</b> Every failure is a typed {@link ProviderException}: bad arguments are local
 * {@link ValidationException}s (nothing is sent); an operation that does not finish within the
 * timeout fails with a {@link TransportException} whose provider code is {@code deadline_exceeded} (with the
 * failure of its last try, when one failed before the deadline, in its message and as its cause);
 * an untyped failure of a provider becomes a {@link ServerException} with provider code
 * {@code unexpected} and the original as its cause.
 *
 * <p><b>Capabilities.</b> What the provider lacks is emulated where the result is the same: {@code get}
 * by listing and matching the id, {@code search} by listing and matching the identifier. Anything
 * else it lacks (an upsert strategy it does not apply, list or account changes, newest-first
 * listing, update, delete) fails with {@link UnsupportedCapabilityException} before anything is sent.
 *
 * <p><b>Writes sharing an identifier</b> ({@link #upsert}, {@link #update} and each upsert of
 * {@link #upsertAll}) are serialized across the whole kit: one waits until the other has finished,
 * so a provider never sees two concurrent creates for the same e-mail address. The timeout starts
 * when a write is admitted.
 *
 * <p>Thread-safe. Close the kit to close a provider it created.
 */
public final class ContactKit implements AutoCloseable {

    /** The provider used when none is named. */
    public static final String DEFAULT_PROVIDER = "memory";
    /** The workspace {@link #dedupe(Publisher)} stamps on its contacts. */
    public static final String DEFAULT_DEDUP_WORKSPACE = "dedupe";
    /** How many upserts {@link #upsertAll} keeps in flight unless told otherwise. */
    public static final int DEFAULT_CONCURRENCY = 8;
    /** The deadline of each operation unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The longest {@linkplain Builder#timeout(Duration) timeout}, 7 days; also the longest backoff and
     * {@code Retry-After} wait a {@linkplain Builder#retry(RetryPolicy) retry policy} may set. Longer ones
     * are refused: from about 292 years on they no longer fit the scheduler's nanoseconds.
     */
    public static final Duration MAX_TIMEOUT = RetryPolicy.MAX_WAIT;

    private final ContactProvider provider;
    private final boolean ownsProvider;
    private final int concurrency;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final Clock clock;
    private final IdentifierGate gate = new IdentifierGate();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final BulkObservations observations;

    private ContactKit(ContactProvider provider, boolean ownsProvider, Builder b) {
        this.provider = provider;
        this.ownsProvider = ownsProvider;
        this.concurrency = b.concurrency;
        this.timeout = b.timeout;
        this.retry = b.retry;
        this.clock = b.clock;
        this.observations = new BulkObservations(b.observationRegistry, b.bulkObservationConvention);
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the ids of the providers registered on the class path, sorted} */
    public static List<String> availableProviders() {
        return new ArrayList<>(factories().keySet());
    }

    private static TreeMap<String, ProviderFactory> factories() {
        TreeMap<String, ProviderFactory> out = new TreeMap<>();
        for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class)) {
            out.putIfAbsent(f.id(), f);
        }
        return out;
    }

    /** {@return the provider's id: {@code memory}, {@code bird}, {@code bridge}, ...} */
    public String providerId() {
        return provider.id();
    }

    /** {@return what the provider supports natively} */
    public Capabilities capabilities() {
        return provider.capabilities();
    }

    /** {@return the default number of upserts {@link #upsertAll} keeps in flight} */
    public int concurrency() {
        return concurrency;
    }

    /** {@return the deadline of each operation} */
    public Duration timeout() {
        return timeout;
    }

    /** {@return the facade-level retry policy} */
    public RetryPolicy retryPolicy() {
        return retry;
    }

    // ---- single operations ------------------------------------------------------------------

    /**
     * Creates or updates the contact the command's identifiers and strategy pick.
     *
     * @param workspace the workspace to write to
     * @param command the identifiers, changes and strategy
     * @return whether the contact was created or updated, the contact and any warnings
     */
    public Mono<UpsertResult> upsert(String workspace, UpsertCommand command) {
        return upsert(workspace, command, NOT_STOPPED);
    }

    /** {@link #upsert(String, UpsertCommand)} that, once {@code stopped} says so, starts nothing even when admitted. */
    private Mono<UpsertResult> upsert(String workspace, UpsertCommand command, BooleanSupplier stopped) {
        return Mono.defer(() -> {
            ProviderException bad = firstProblem(workspace(workspace), present("command", command));
            if (bad == null) {
                bad = unsupportedWrite(Operation.UPSERT, command);
            }
            if (bad == null && !capabilities().supports(command.strategy())) {
                bad = unsupported("strategy:" + command.strategy().wireName(),
                        "provider " + providerId() + " does not apply the " + command.strategy().wireName() + " strategy");
            }
            if (bad != null) {
                return Mono.error(bad);
            }
            return write(workspace, command, "upsert", () -> provider.upsert(workspace, command), stopped);
        });
    }

    /**
     * The contact with this id. Emulated by listing when the provider cannot get by id.
     *
     * @param workspace the workspace to read
     * @param contactId the provider's id of the contact
     * @return the contact, or {@link NotFoundException}
     */
    public Mono<Contact> get(String workspace, String contactId) {
        return Mono.defer(() -> {
            ProviderException bad = firstProblem(workspace(workspace), text("contactId", contactId));
            if (bad != null) {
                return Mono.error(bad);
            }
            Mono<Contact> action;
            if (capabilities().supports(Operation.GET)) {
                action = Mono.defer(() -> provider.get(workspace, contactId));
            } else if (capabilities().supports(Operation.LIST)) {
                action = Flux.defer(() -> provider.list(workspace, ListQuery.all()))
                        .filter(c -> c.id().equals(contactId))
                        .next()
                        .switchIfEmpty(Mono.error(() -> new NotFoundException(providerId(), 0, null, "no contact with id " + contactId)));
            } else {
                return Mono.error(unsupported("get", "provider " + providerId() + " can neither get nor list contacts"));
            }
            return finish("get", retried(action, true));
        });
    }

    /**
     * Applies the command's changes to one contact; its identifiers are added to it.
     *
     * @param workspace the workspace to write to
     * @param contactId the provider's id of the contact
     * @param command the changes
     * @return the contact as changed, or {@link NotFoundException}
     */
    public Mono<Contact> update(String workspace, String contactId, UpsertCommand command) {
        return Mono.defer(() -> {
            ProviderException bad = firstProblem(workspace(workspace), text("contactId", contactId), present("command", command));
            if (bad == null) {
                bad = unsupportedWrite(Operation.UPDATE, command);
            }
            if (bad != null) {
                return Mono.error(bad);
            }
            return write(workspace, command, "update", () -> provider.update(workspace, contactId, command), NOT_STOPPED);
        });
    }

    /**
     * Deletes a contact.
     *
     * @param workspace the workspace to write to
     * @param contactId the provider's id of the contact
     * @return completes once deleted; {@link NotFoundException} when there is none
     */
    public Mono<Void> delete(String workspace, String contactId) {
        return Mono.defer(() -> {
            ProviderException bad = firstProblem(workspace(workspace), text("contactId", contactId));
            if (bad == null && !capabilities().supports(Operation.DELETE)) {
                bad = unsupported("delete", "provider " + providerId() + " cannot delete contacts");
            }
            if (bad != null) {
                return Mono.error(bad);
            }
            return finish("delete", retried(Mono.defer(() -> provider.delete(workspace, contactId)), false));
        });
    }

    /**
     * Every contact of the workspace, fetched page by page as the subscriber asks for more.
     *
     * @param workspace the workspace to list
     * @return the contacts
     */
    public Flux<Contact> list(String workspace) {
        return list(workspace, ListQuery.all());
    }

    /**
     * The contacts the query selects, fetched page by page as the subscriber asks for more. The
     * timeout bounds the wait from the subscriber's first request to the first contact (or the end of an empty list); a long listing
     * consumed slowly is not cut short.
     *
     * @param workspace the workspace to list
     * @param query the page size, where to resume, order and filters
     * @return the contacts
     */
    public Flux<Contact> list(String workspace, ListQuery query) {
        return listing(workspace, query, "list", () -> provider.list(workspace, query));
    }

    /**
     * The contacts the query selects as pages, each with the token that resumes the listing after it:
     * hand {@link Page#nextToken()} to {@link ListQuery.Builder#pageToken(String)}, in this run or a
     * later one, to continue where a page ended. A page is fetched only when the subscriber requests
     * it. The timeout bounds the wait from the subscriber's first request to the first page.
     *
     * <pre>{@code
     * Mono<ListQuery> rest = kit.listPages("ws", ListQuery.builder().pageSize(50).build())
     *         .next()
     *         .map(first -> ListQuery.builder().pageSize(50).pageToken(first.nextToken()).build());
     * }</pre>
     *
     * @param workspace the workspace to list
     * @param query the page size, where to resume, order and filters
     * @return the pages, the last one without a next token; fails with a {@link ValidationException}
     *         for a missing workspace or query and an {@link UnsupportedCapabilityException} when the
     *         provider cannot list (or list newest first, when asked to)
     */
    public Flux<Page<Contact>> listPages(String workspace, ListQuery query) {
        return listing(workspace, query, "listPages", () -> provider.listPages(workspace, query));
    }

    private <T> Flux<T> listing(String workspace, ListQuery query, String operation, Supplier<Flux<T>> action) {
        return Flux.defer(() -> {
            ProviderException bad = firstProblem(workspace(workspace), present("query", query));
            if (bad == null) {
                bad = unsupportedListing(query);
            }
            if (bad != null) {
                return Flux.error(bad);
            }
            return finish(operation, Flux.defer(action));
        });
    }

    /**
     * The contacts owning the identifier. Emulated by listing and matching when the provider cannot search.
     *
     * @param workspace the workspace to search
     * @param identifier the identifier
     * @return its owners, none when nobody holds it
     */
    public Flux<Contact> search(String workspace, Identifier identifier) {
        return Flux.defer(() -> {
            ProviderException bad = firstProblem(workspace(workspace), present("identifier", identifier));
            if (bad != null) {
                return Flux.error(bad);
            }
            if (capabilities().supports(Operation.SEARCH)) {
                return finish("search", Flux.defer(() -> provider.search(workspace, identifier)));
            }
            if (capabilities().supports(Operation.LIST)) {
                return finish("search", Flux.defer(() -> provider.list(workspace, ListQuery.all())).filter(c -> c.owns(identifier)));
            }
            return Flux.error(unsupported("search", "provider " + providerId() + " can neither search nor list contacts"));
        });
    }

    // ---- bulk ---------------------------------------------------------------------------------

    /**
     * {@link #upsertAll(String, Publisher, Function, int)} of the commands themselves, at the kit's concurrency.
     *
     * @param workspace the workspace to write to
     * @param commands the commands, read as results are consumed
     * @return one result per command, in completion order
     */
    public Flux<BulkResult<UpsertCommand>> upsertAll(String workspace, Publisher<? extends UpsertCommand> commands) {
        return upsertAll(workspace, commands, Function.identity(), concurrency);
    }

    /**
     * {@link #upsertAll(String, Publisher, Function, int)} at the kit's concurrency.
     *
     * @param workspace the workspace to write to
     * @param inputs the inputs, read as results are consumed
     * @param toCommand turns one input into its command; may throw the input's {@link ValidationException}
     * @param <T> the type of the inputs
     * @return one result per input, in completion order
     */
    public <T> Flux<BulkResult<T>> upsertAll(String workspace, Publisher<? extends T> inputs, Function<? super T, UpsertCommand> toCommand) {
        return upsertAll(workspace, inputs, toCommand, concurrency);
    }

    /**
     * Upserts every input, at most {@code concurrency} at a time, and emits exactly one
     * {@link BulkResult} per input in completion order, carrying the input and its 0-based position.
     * One input's failure never ends the stream: a {@code toCommand} that throws or returns null, a
     * provider error, an untyped exception or a timeout each become a {@code FAILED} result with a
     * typed error. Inputs are read only as results are consumed, so a slow subscriber holds memory
     * for at most {@code concurrency} results; cancelling stops further requests. Upserts sharing an
     * identifier run one after the other.
     *
     * @param workspace the workspace to write to
     * @param inputs the inputs, read as results are consumed
     * @param toCommand turns one input into its command; may throw the input's {@link ValidationException}
     * @param concurrency how many upserts to keep in flight; at least 1
     * @param <T> the type of the inputs
     * @return one result per input, in completion order
     * @throws IllegalArgumentException when {@code concurrency} is below 1
     */
    public <T> Flux<BulkResult<T>> upsertAll(String workspace, Publisher<? extends T> inputs, Function<? super T, UpsertCommand> toCommand,
                                             int concurrency) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(toCommand, "toCommand");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        return Flux.defer(() -> {
            // set before the upserts are cancelled (by the subscriber, or because the inputs failed): each one cancelled gives
            // its identifiers back and admits the next upsert waiting for them, which is being cancelled too and must not start
            AtomicBoolean stopped = new AtomicBoolean();
            return Flux.<T>from(inputs).doOnError(e -> stopped.set(true)).index()
                    .flatMap(t -> one(workspace, t.getT1(), t.getT2(), toCommand, stopped::get), concurrency, 1)
                    .doOnCancel(() -> stopped.set(true));
        });
    }

    private <T> Mono<BulkResult<T>> one(String workspace, long index, T input, Function<? super T, UpsertCommand> toCommand,
                                        BooleanSupplier stopped) {
        return observations.upsert(workspace, index, Mono.fromCallable(() -> toCommand.apply(input))
                .onErrorMap(e -> e instanceof Exception && !(e instanceof ProviderException), this::unreadableInput)
                .switchIfEmpty(Mono.error(() -> invalid("command", "missing", "toCommand returned no command for input " + index)))
                .flatMap(command -> upsert(workspace, command, stopped))
                .map(r -> BulkResult.success(index, input, r))
                .onErrorResume(e -> e instanceof Exception,
                        e -> Mono.just(BulkResult.failure(index, input, typed("upsert", e)))));
    }

    // ---- deduplication ------------------------------------------------------------------------

    /**
     * {@link #dedupe(String, Publisher)} in the workspace {@value #DEFAULT_DEDUP_WORKSPACE}.
     *
     * @param records the records, in order
     * @return an audit per record, then the surviving contacts
     */
    public Flux<DedupEvent> dedupe(Publisher<? extends UpsertCommand> records) {
        return dedupe(DEFAULT_DEDUP_WORKSPACE, records);
    }

    /**
     * Runs the records through the domain's {@link Deduplicator}, in order, each under its own
     * strategy: one {@link DedupEvent.Audited} per record as it is processed (records are numbered
     * from 1), then one {@link DedupEvent.Merged} per surviving contact in creation order. Works
     * locally, without the provider; each subscription is a fresh run stamped with the kit's clock.
     *
     * @param workspace the workspace stamped on the contacts
     * @param records the records, in order
     * @return an audit per record, then the surviving contacts
     */
    public Flux<DedupEvent> dedupe(String workspace, Publisher<? extends UpsertCommand> records) {
        Objects.requireNonNull(records, "records");
        return dedupeValidated(workspace, Flux.<UpsertCommand>from(records).map(Validation::<Seq<Violation>, UpsertCommand>valid));
    }

    /**
     * As {@link #dedupe(String, Publisher)} for records that may have failed validation: an invalid record
     * is audited as rejected ({@code invalid_identifier} when an identifier failed normalization,
     * else {@code invalid_record}) and keeps its number.
     *
     * @param workspace the workspace stamped on the contacts
     * @param records the records, each valid or with its violations, in order
     * @return an audit per record, then the surviving contacts
     */
    public Flux<DedupEvent> dedupeValidated(String workspace, Publisher<? extends Validation<Seq<Violation>, UpsertCommand>> records) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(records, "records");
        return Flux.deferContextual(view -> {
            Deduplicator engine = new Deduplicator(workspace, clock.instant());
            long[] number = {0};
            Observation parent = observations.off() ? null : observations.parent(view);
            Flux<DedupEvent> audits = Flux.<Validation<Seq<Violation>, UpsertCommand>>from(records).map(r -> {
                long n = ++number[0];
                return new DedupEvent.Audited(observations.off() ? engine.accept(n, r)
                        : observations.dedupe(workspace, n, parent, () -> engine.accept(n, r)));
            });
            Flux<DedupEvent> merged = Flux.defer(() -> Flux.fromIterable(engine.contacts()))
                    .map(c -> new DedupEvent.Merged(c, c.sourceRecords()));
            return audits.concatWith(merged);
        });
    }

    // ---- lifecycle ----------------------------------------------------------------------------

    /** Closes the provider when the kit created it (or was asked to close it). Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownsProvider) {
            provider.close();
        }
    }

    @Override
    public String toString() {
        return "ContactKit[provider=" + providerId() + ", concurrency=" + concurrency + ", timeout=" + timeout + ", retry=" + retry + "]";
    }

    // ---- internals ----------------------------------------------------------------------------

    private <T> Mono<T> write(String workspace, UpsertCommand command, String operation, Supplier<Mono<T>> call, BooleanSupplier stopped) {
        Mono<T> attempt = finish(operation, retried(Mono.defer(call), true));
        // a write admitted while its caller is stopping waits for the cancellation under way instead of sending
        return gate.guarded(workspace, identifiersOf(command), Mono.defer(() -> stopped.getAsBoolean() ? Mono.<T>never() : attempt));
    }

    /** For writes outside a bulk run: never stopped. */
    private static final BooleanSupplier NOT_STOPPED = () -> false;

    /** The facade's retries around an operation; none at all (not even an idle retry operator) when the policy is off. */
    private <T> Mono<T> retried(Mono<T> action, boolean idempotent) {
        if (retry.isOff()) {
            return action;
        }
        // each try's failure kept for the deadline's error (finish), which would otherwise hide why the tries failed
        return Mono.deferContextual(context -> {
            @SuppressWarnings("unchecked")
            AtomicReference<Throwable> last = context.getOrDefault(LastFailure.class, null);
            return last == null ? action : action.doOnError(last::set);
        }).retryWhen(OperationRetry.of(retry, idempotent));
    }

    /** The key, in a subscription's context, of where {@link #retried} keeps the last try's failure. */
    private static final class LastFailure {
        private LastFailure() {
        }
    }

    private static Collection<Identifier> identifiersOf(UpsertCommand command) {
        List<Identifier> all = new ArrayList<>(command.identifiers());
        all.addAll(command.removeIdentifiers());
        return all;
    }

    /** One deadline around all attempts; every failure typed. */
    private <T> Mono<T> finish(String operation, Mono<T> action) {
        if (retry.isOff()) {
            // one try: its failure is the operation's, and a deadline that cuts it short has no earlier failure to tell
            return bounded(operation, action, null);
        }
        return Mono.defer(() -> {
            AtomicReference<Throwable> last = new AtomicReference<>();
            return bounded(operation, action, last).contextWrite(context -> context.put(LastFailure.class, last));
        });
    }

    /** The deadline around an operation's tries (with the last try's failure, when kept), every failure typed. */
    private <T> Mono<T> bounded(String operation, Mono<T> action, @Nullable AtomicReference<Throwable> last) {
        return action.timeout(timeout, Mono.error(() -> deadline(operation, last == null ? null : last.get())))
                .onErrorMap(e -> e instanceof Exception && !(e instanceof ProviderException), e -> typed(operation, e));
    }

    /**
     * The deadline of a listing: from the subscriber's first request to the first item (or the end), so that a subscriber
     * that asks later than the timeout is not failed for a wait nobody asked for; every failure typed.
     */
    private <T> Flux<T> finish(String operation, Flux<T> action) {
        return Flux.defer(() -> {
            Sinks.Empty<Void> asked = Sinks.empty();
            return action.timeout(asked.asMono().then(Mono.delay(timeout)), c -> Mono.never(), Flux.error(() -> deadline(operation)))
                    .doOnRequest(n -> asked.tryEmitEmpty());
        }).onErrorMap(e -> e instanceof Exception && !(e instanceof ProviderException), e -> typed(operation, e));
    }

    private TransportException deadline(String operation) {
        return deadline(operation, null);
    }

    /**
     * The deadline's error; with the failure of the last try before it (a typed error, whose message carries no credentials)
     * in its message and as its cause, so that what kept failing is not lost: a refused connection, a dropped one.
     */
    private TransportException deadline(String operation, @Nullable Throwable lastTry) {
        String what = operation + " did not finish within " + timeout;
        return lastTry instanceof ProviderException p
                ? new TransportException(providerId(), 0, "deadline_exceeded", what + "; its last try failed: " + p.getMessage(), p)
                : new TransportException(providerId(), 0, "deadline_exceeded", what);
    }

    private ProviderException typed(String operation, Throwable e) {
        if (e instanceof ProviderException p) {
            return p;
        }
        return new ServerException(providerId(), 0, "unexpected", operation + " failed unexpectedly: " + e.getClass().getName(), e);
    }

    private ProviderException unreadableInput(Throwable e) {
        ValidationException v = invalid("input", "unreadable", "the input could not be turned into a command: " + e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        v.addSuppressed(e);
        return v;
    }

    private ProviderException unsupportedWrite(Operation operation, UpsertCommand command) {
        Capabilities caps = capabilities();
        String name = operation.name().toLowerCase(java.util.Locale.ROOT);
        if (!caps.supports(operation)) {
            return unsupported(name, "provider " + providerId() + " cannot " + name + " contacts");
        }
        if (!caps.lists() && !(command.addToLists().isEmpty() && command.removeFromLists().isEmpty())) {
            return unsupported("lists", "provider " + providerId() + " has no lists; the command changes list memberships");
        }
        if (!caps.accounts() && !(command.addToAccounts().isEmpty() && command.removeFromAccounts().isEmpty())) {
            return unsupported("accounts", "provider " + providerId() + " has no accounts; the command changes account memberships");
        }
        return null;
    }

    private ProviderException unsupportedListing(ListQuery query) {
        if (!capabilities().supports(Operation.LIST)) {
            return unsupported("list", "provider " + providerId() + " cannot list contacts");
        }
        if (query.reverse() && !capabilities().reverseListing()) {
            return unsupported("reverseListing", "provider " + providerId() + " cannot list newest first");
        }
        return null;
    }

    private UnsupportedCapabilityException unsupported(String capability, String message) {
        return new UnsupportedCapabilityException(providerId(), capability, message);
    }

    private ValidationException invalid(String field, String code, String message) {
        return ValidationException.local(providerId(), List.of(Violation.of(field, code, message)));
    }

    private ValidationException workspace(String workspace) {
        return text("workspace", workspace);
    }

    private ValidationException text(String field, String value) {
        return value == null || value.isBlank() ? invalid(field, "missing", "a " + field + " is required") : null;
    }

    private ValidationException present(String field, Object value) {
        return value == null ? invalid(field, "missing", "a " + field + " is required") : null;
    }

    private static ProviderException firstProblem(ProviderException... problems) {
        for (ProviderException p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /**
     * Builds a {@link ContactKit}. Defaults: the {@value #DEFAULT_PROVIDER} provider with empty
     * settings, concurrency {@value #DEFAULT_CONCURRENCY}, a 30-second timeout, no facade-level retries
     * ({@link RetryPolicy#none()}), the system clock.
     */
    public static final class Builder {
        private String providerId = DEFAULT_PROVIDER;
        private ContactProvider instance;
        private boolean closeInstance;
        private ProviderSettings settings = ProviderSettings.empty();
        private int concurrency = DEFAULT_CONCURRENCY;
        private Duration timeout = DEFAULT_TIMEOUT;
        private RetryPolicy retry = RetryPolicy.none();
        private Clock clock = Clock.systemUTC();
        private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
        private BulkObservationConvention bulkObservationConvention;

        private Builder() {
        }

        /**
         * Where observations go (no-op by default): one {@code contactkit.bulk.records} observation per
         * record of {@link ContactKit#upsertAll} and {@link ContactKit#dedupe}, and, handed to the factory of
         * a provider discovered by id, one {@code contactkit.provider.requests} observation per provider
         * request. A provider passed in is observed only if it was built with a registry itself.
         *
         * @param value the registry
         * @return this builder
         */
        public Builder observationRegistry(ObservationRegistry value) {
            this.observationRegistry = Objects.requireNonNull(value, "observationRegistry");
            return this;
        }

        /**
         * Overrides {@link DefaultBulkObservationConvention}; {@code null} restores it.
         *
         * @param value the convention, or {@code null} for the default
         * @return this builder
         */
        public Builder bulkObservationConvention(@Nullable BulkObservationConvention value) {
            this.bulkObservationConvention = value;
            return this;
        }

        /**
         * The provider to discover by id through {@link ServiceLoader}: {@code memory}, {@code bird}, {@code bridge}, ...
         *
         * @param id the provider's id
         * @return this builder
         */
        public Builder provider(String id) {
            this.providerId = Objects.requireNonNull(id, "id");
            this.instance = null;
            return this;
        }

        /**
         * A provider wired by hand. The kit does not close it unless {@link #closeProvider(boolean)} says so.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder provider(ContactProvider provider) {
            this.instance = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * Whether closing the kit closes a provider passed to {@link #provider(ContactProvider)}.
         *
         * @param value whether closing the kit closes a provider passed to {@link #provider(ContactProvider)}
         * @return this builder
         */
        public Builder closeProvider(boolean value) {
            this.closeInstance = value;
            return this;
        }

        /**
         * The settings handed to the provider's factory (ignored for a provider passed in).
         *
         * @param value the settings handed to the provider's factory (ignored for a provider passed in)
         * @return this builder
         */
        public Builder settings(ProviderSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /**
         * The default number of upserts {@link ContactKit#upsertAll} keeps in flight; at least 1.
         *
         * @param value the default number of upserts {@link ContactKit#upsertAll} keeps in flight; at least 1
         * @return this builder
         */
        public Builder concurrency(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, got " + value);
            }
            this.concurrency = value;
            return this;
        }

        /**
         * The deadline of each operation, all retries included; positive and at most {@link #MAX_TIMEOUT} (7 days).
         *
         * @param value the deadline of each operation, all retries included; positive, at most 7 days
         * @return this builder
         * @throws IllegalArgumentException when the value is not positive or longer than 7 days
         */
        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "timeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + value);
            }
            if (value.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("timeout must be at most 7 days (" + MAX_TIMEOUT + "), got " + value);
            }
            this.timeout = value;
            return this;
        }

        /**
         * The facade-level retry policy (default {@link RetryPolicy#none()}); it repeats only what is safe to repeat: retryable failures of
         * {@code get}, {@code upsert} and {@code update}, and rate-limited {@code delete}s (never lists or searches). Its
         * {@code maxBackoff} and {@code maxRetryAfter} are at most {@link #MAX_TIMEOUT} (7 days), which the policy itself checks.
         *
         * @param value the facade-level retry policy
         * @return this builder
         */
        public Builder retry(RetryPolicy value) {
            this.retry = Objects.requireNonNull(value, "retry");
            return this;
        }

        /**
         * The clock stamping deduplicated contacts.
         *
         * @param value the clock stamping deduplicated contacts
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * The kit: with the provider passed in, else with a new one from the factory of the provider id.
         *
         * @return the kit
         * @throws UnknownProviderException when no registered factory has the provider id
         * @throws IllegalArgumentException when the provider's factory rejects the settings, an
         *         option or secret name it does not read included
         */
        public ContactKit build() {
            if (instance != null) {
                return new ContactKit(instance, closeInstance, this);
            }
            TreeMap<String, ProviderFactory> factories = factories();
            ProviderFactory factory = factories.get(providerId);
            if (factory == null) {
                throw new UnknownProviderException(providerId, new ArrayList<>(factories.keySet()));
            }
            ProviderSettings forFactory = observationRegistry.isNoop() || settings.component(ObservationRegistry.class).isPresent()
                    ? settings : settings.withComponent(ObservationRegistry.class, observationRegistry);
            return new ContactKit(Objects.requireNonNull(factory.create(forFactory), "factory returned no provider"), true, this);
        }
    }
}
