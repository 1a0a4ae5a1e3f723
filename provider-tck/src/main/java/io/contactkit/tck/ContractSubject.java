package io.contactkit.tck;

import io.contactkit.domain.IdentifierPolicy;
import io.contactkit.ports.ContactProvider;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ProviderContractTest} runs against: a provider, the workspace to use, and what the kit
 * needs to know beyond the provider's {@link io.contactkit.ports.Capabilities}. Closing it closes the
 * provider and runs the {@linkplain Builder#onClose cleanup} (stopping a simulator, for example).
 */
public final class ContractSubject implements AutoCloseable {

    /** The custom identifier key the kit uses when a provider can key on any identifier. */
    public static final String DEFAULT_SECONDARY_KEY = "tckRef";

    private final ContactProvider provider;
    private final String workspace;
    private final Supplier<ContactProvider> badCredentials;
    private final LongSupplier requestCounter;
    private final int minPageSize;
    private final String secondaryKey;
    private final IdentifierPolicy policy;
    private final Supplier<String> unknownContactId;
    private final Runnable onClose;
    private final java.util.List<String> secrets;

    private ContractSubject(Builder b) {
        this.secrets = java.util.List.copyOf(b.secrets);
        this.provider = b.provider;
        this.workspace = b.workspace;
        this.badCredentials = b.badCredentials;
        this.requestCounter = b.requestCounter;
        this.minPageSize = b.minPageSize;
        this.secondaryKey = b.secondaryKey != null ? b.secondaryKey
                : provider.capabilities().upsertKeys().isEmpty() ? DEFAULT_SECONDARY_KEY : null;
        this.policy = b.policy;
        this.unknownContactId = b.unknownContactId;
        this.onClose = b.onClose;
    }

    /**
     * A subject for this provider and workspace; the provider is closed with the subject.
     *
     * @param provider the provider under test
     * @param workspace the workspace the tests write to
     * @return the builder
     */
    public static Builder builder(ContactProvider provider, String workspace) {
        return new Builder(provider, workspace);
    }

    /** {@return the provider under test} */
    public ContactProvider provider() {
        return provider;
    }

    /** {@return the workspace the tests write to} */
    public String workspace() {
        return workspace;
    }

    /** {@return a provider for the same service with credentials it refuses, or {@code null} when there is none to test} */
    public @Nullable ContactProvider providerWithBadCredentials() {
        return badCredentials == null ? null : badCredentials.get();
    }

    /** {@return how many requests reached the provider's service so far, when the subject can tell} */
    public OptionalLong requestCount() {
        return requestCounter == null ? OptionalLong.empty() : OptionalLong.of(requestCounter.getAsLong());
    }

    /** {@return the smallest page size the provider accepts (Bridge's older API: 10)} */
    public int minPageSize() {
        return minPageSize;
    }

    /**
     * The key of the second identifier in multi-identifier scenarios (conflicts, aliases, merges), or
     * {@code null} when the provider holds one identifier per contact and those scenarios do not apply.
     *
     * @return the key, or {@code null}
     */
    public @Nullable String secondaryKey() {
        return secondaryKey;
    }

    /** {@return how the kit normalizes the identifiers it sends} */
    public IdentifierPolicy policy() {
        return policy;
    }

    /** {@return credentials (good and bad) that no error message may contain} */
    public java.util.List<String> secrets() {
        return secrets;
    }

    /** {@return an id no contact has, in the provider's id format} */
    public String unknownContactId() {
        return unknownContactId.get();
    }

    @Override
    public void close() {
        try {
            provider.close();
        } finally {
            if (onClose != null) {
                onClose.run();
            }
        }
    }

    @Override
    public String toString() {
        return "ContractSubject[" + provider.id() + ", workspace=" + workspace + "]";
    }

    /** Builds a {@link ContractSubject}. */
    public static final class Builder {
        private final ContactProvider provider;
        private final String workspace;
        private Supplier<ContactProvider> badCredentials;
        private LongSupplier requestCounter;
        private int minPageSize = 1;
        private String secondaryKey;
        private IdentifierPolicy policy = IdentifierPolicy.defaults();
        private Supplier<String> unknownContactId = () -> UUID.randomUUID().toString();
        private Runnable onClose;
        private final java.util.List<String> secrets = new java.util.ArrayList<>();

        private Builder(ContactProvider provider, String workspace) {
            this.provider = Objects.requireNonNull(provider, "provider");
            this.workspace = Objects.requireNonNull(workspace, "workspace");
        }

        /**
         * Makes a provider whose key or secret the service refuses: enables the authentication test.
         *
         * @param value makes such a provider, called once per test that needs it
         * @return this builder
         */
        public Builder badCredentials(Supplier<ContactProvider> value) {
            this.badCredentials = value;
            return this;
        }

        /**
         * Counts the requests that reached the service (a simulator's request count): enables the
         * checks that paging fetches one page per demand, that cancellation stops it, and that
         * refused requests send nothing.
         *
         * @param value the counter
         * @return this builder
         */
        public Builder requestCounter(LongSupplier value) {
            this.requestCounter = value;
            return this;
        }

        /**
         * Sets the smallest page size the provider accepts (default 1).
         *
         * @param value the size
         * @return this builder
         */
        public Builder minPageSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("minPageSize must be at least 1");
            }
            this.minPageSize = value;
            return this;
        }

        /**
         * The key of the second identifier in multi-identifier scenarios; see {@link ContractSubject#secondaryKey()}.
         *
         * @param value the key, or {@code null} when the provider holds one identifier per contact
         * @return this builder
         */
        public Builder secondaryKey(String value) {
            this.secondaryKey = value;
            return this;
        }

        /**
         * Sets how the tests build their commands (default {@link IdentifierPolicy#defaults()}).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder policy(IdentifierPolicy value) {
            this.policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /**
         * Sets how to make a contact id the provider does not hold (default a random UUID).
         *
         * @param value makes such an id
         * @return this builder
         */
        public Builder unknownContactId(Supplier<String> value) {
            this.unknownContactId = Objects.requireNonNull(value, "unknownContactId");
            return this;
        }

        /**
         * Credentials that no error may reveal; the authentication test checks its error against them.
         *
         * @param values the credentials' texts
         * @return this builder
         */
        public Builder secrets(String... values) {
            secrets.addAll(java.util.List.of(values));
            return this;
        }

        /**
         * Runs after the provider is closed: stop a simulator, drop a workspace, ...
         *
         * @param value what to run
         * @return this builder
         */
        public Builder onClose(Runnable value) {
            this.onClose = value;
            return this;
        }

        /** {@return the subject} */
        public ContractSubject build() {
            return new ContractSubject(this);
        }
    }
}
