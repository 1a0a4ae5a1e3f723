package io.contactkit.simulator;

import io.contactkit.simulator.internal.bird.BirdApi;
import io.contactkit.simulator.internal.bird.BirdDefinition;
import io.contactkit.simulator.internal.SimServer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A local, stateful stand-in for Bird's Contacts API ({@code https://api.bird.com}): identifier
 * upserts with the {@code strict_alias}, {@code first_alias} and {@code first} strategies, create,
 * get, update, delete, token-paged lists, search by identifier, identifier management and attribute
 * definitions, with Bird's status codes and {@code {code, message, details}} errors. Workspace ids
 * are UUIDs, as both Bird pages type them (anything else is answered 422). It accepts the credential it
 * is configured with, as {@code AccessKey <key>} ({@link Builder#accessKey}) or {@code Bearer <token>}
 * ({@link Builder#accessToken}). The identifier upsert answers 201 for a creation by default, or 200
 * for everything as Bird's page documents ({@link Builder#upsertAnswers200}). State lives in memory
 * only and is lost on {@link #close()}. {@link #baseUrl()} is the URL to give a Bird client instead of
 * {@code https://api.bird.com}.
 *
 * <pre>{@code
 * try (BirdSimulator bird = BirdSimulator.builder().accessKey("test-key").workspace("a1405560-c8d3-4b1a-877d-3f449ad95352").start()) {
 *     String baseUrl = bird.baseUrl();   // http://127.0.0.1:<random port>
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link Builder#start()} and {@link #close()} block until the port is bound or released, which
 * suits tests and the command line; reactive code uses {@link Builder#startLater()} and
 * {@link #stopLater()}, which do not block.
 */
public final class BirdSimulator extends Simulator {

    private BirdSimulator(SimServer server, BirdApi api) {
        super(server, api::contacts);
    }

    /** {@return a builder; a credential must be set before it starts} */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link BirdSimulator}. */
    public static final class Builder extends SimulatorBuilder<BirdSimulator, Builder> {
        private String accessKey;
        private String accessToken;
        private final Set<String> workspaces = new LinkedHashSet<>();
        private final List<BirdDefinition> definitions = new ArrayList<>();

        private Builder() {
        }

        /**
         * The only credential accepted, as {@code Authorization: AccessKey <key>}. This or {@link #accessToken} is required;
         * it replaces an access token set before.
         *
         * @param value the access key
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is null or blank
         */
        public Builder accessKey(String value) {
            this.accessKey = nonBlank(value, "access key");
            this.accessToken = null;
            return this;
        }

        /**
         * The only credential accepted, as {@code Authorization: Bearer <token>}. This or {@link #accessKey} is required;
         * it replaces an access key set before.
         *
         * @param value the access token
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is null or blank
         */
        public Builder accessToken(String value) {
            this.accessToken = nonBlank(value, "access token");
            this.accessKey = null;
            return this;
        }

        /**
         * A workspace the credential may use (a UUID, as Bird types it); call again for more. With none, every workspace is open.
         *
         * @param id the workspace id, a UUID
         * @return this builder
         * @throws NullPointerException if {@code id} is null
         * @throws IllegalArgumentException if {@code id} is not a UUID
         */
        public Builder workspace(String id) {
            Objects.requireNonNull(id, "workspace");
            if (!id.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
                throw new IllegalArgumentException("a Bird workspace id is a UUID");
            }
            workspaces.add(id);
            return this;
        }

        /**
         * A custom attribute definition served next to the built-in ones.
         *
         * @param key  the attribute's key
         * @param type the type the definition reports, as Bird names it
         * @return this builder
         * @throws NullPointerException if {@code key} or {@code type} is null
         */
        public Builder attributeDefinition(String key, String type) {
            definitions.add(BirdDefinition.custom(Objects.requireNonNull(key, "key"), Objects.requireNonNull(type, "type")));
            return this;
        }

        @Override
        Builder self() {
            return this;
        }

        @Override
        Plan<BirdSimulator> plan() {
            if (accessKey == null && accessToken == null) {
                throw new IllegalStateException("an access key or access token is required");
            }
            BirdApi api = accessToken != null
                    ? new BirdApi("Bearer", accessToken, workspaces, definitions, clock(), upsertAnswers200())
                    : new BirdApi("AccessKey", accessKey, workspaces, definitions, clock(), upsertAnswers200());
            return new Plan<>(api, server -> new BirdSimulator(server, api));
        }
    }
}
