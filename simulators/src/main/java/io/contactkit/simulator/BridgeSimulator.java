package io.contactkit.simulator;

import io.contactkit.domain.ClassificationRules;
import io.contactkit.simulator.internal.bridge.BridgeApi;
import io.contactkit.simulator.internal.SimServer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A local, stateful stand-in for both generations of Bridge's contacts API, on one port:
 * <ul>
 *   <li>the newer Contacts API under {@code /bridge/api/v1/workspaces/{ws}} ({@code x-api-key}):
 *   cellphone upsert ({@code POST .../contacts/partial}, where an explicit {@code null} removes a field, as
 *   in the update by id: Bridge does not document it) answering {@code type} NORMAL or PARTIAL by
 *   the classification rule and the workspace's required custom attributes, get and update by id,
 *   cursor-paged list, custom attribute settings, and {@code GET /bridge/api/health}; its workspace and
 *   contact ids are UUIDs, as documented (anything else: 422);</li>
 *   <li>the older inbound API under {@code /v1/workspaces/{ws}/contacts} ({@code X-API-Key} and an
 *   HMAC-SHA256 signature over {@code METHOD\nPATH\nBODY\nTIMESTAMP}, lowercase hex, rejected when
 *   wrong or more than five minutes old): create, update, delete and the page-numbered list.</li>
 * </ul>
 * Both generations see the same contacts, at one {@link #baseUrl()} (the paths tell them apart). State
 * lives in memory only.
 *
 * <pre>{@code
 * try (BridgeSimulator bridge = BridgeSimulator.builder().apiKey("k").signingSecret("s").workspace("b6cf1c4a-2b1e-4e63-8f3e-0f9d1a2a1234")
 *         .customAttribute(CustomAttribute.open("company").required()).start()) {
 *     String baseUrl = bridge.baseUrl();
 * }
 * }</pre>
 *
 * <p>{@link Builder#start()} and {@link #close()} block until the port is bound or released, which
 * suits tests and the command line; reactive code uses {@link Builder#startLater()} and
 * {@link #stopLater()}, which do not block.
 */
public final class BridgeSimulator extends Simulator {

    private final BridgeApi api;

    private BridgeSimulator(SimServer server, BridgeApi api) {
        super(server, api::contacts);
        this.api = api;
    }

    /** {@return a builder; a credential must be set before it starts} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the rule the simulator computes {@code type} with: the required custom attributes not archived} */
    public ClassificationRules classificationRules() {
        return api.rules();
    }

    /** Configures a {@link BridgeSimulator}. */
    public static final class Builder extends SimulatorBuilder<BridgeSimulator, Builder> {
        private String apiKey;
        private String signingSecret;
        private final Set<String> workspaces = new LinkedHashSet<>();
        private final List<CustomAttribute> attributes = new ArrayList<>();
        private boolean snakeCaseSettings;
        private boolean signsQueryString;

        private Builder() {
        }

        /**
         * The API key both generations accept. Required.
         *
         * @param value the API key
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is null or blank
         */
        public Builder apiKey(String value) {
            this.apiKey = nonBlank(value, "API key");
            return this;
        }

        /**
         * The older API's signing secret; without one every older-API request is refused.
         *
         * @param value the HMAC signing secret
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is null or blank
         */
        public Builder signingSecret(String value) {
            this.signingSecret = nonBlank(value, "signing secret");
            return this;
        }

        /**
         * A workspace the key may use; call again for more. With none, every workspace is open.
         *
         * @param id the workspace id (the newer API answers 422 to ids that are not UUIDs)
         * @return this builder
         * @throws NullPointerException if {@code id} is null
         */
        public Builder workspace(String id) {
            workspaces.add(Objects.requireNonNull(id, "workspace"));
            return this;
        }

        /**
         * A custom attribute setting of every workspace; call again for more.
         *
         * @param value the setting
         * @return this builder
         * @throws NullPointerException if {@code value} is null
         */
        public Builder customAttribute(CustomAttribute value) {
            attributes.add(Objects.requireNonNull(value, "attribute"));
            return this;
        }

        /**
         * Serve the settings under {@code custom_attributes}, as an older Bridge version does.
         *
         * @param value {@code true} for the snake-case key
         * @return this builder
         */
        public Builder snakeCaseSettings(boolean value) {
            this.snakeCaseSettings = value;
            return this;
        }

        /**
         * Verify older-API signatures over the path with its query string ({@code path?query}, as sent)
         * instead of the path alone (the default). Bridge's page does not say which it signs.
         *
         * @param value {@code true} to expect the query string in the signed path
         * @return this builder
         */
        public Builder signsQueryString(boolean value) {
            this.signsQueryString = value;
            return this;
        }

        @Override
        Builder self() {
            return this;
        }

        @Override
        Plan<BridgeSimulator> plan() {
            if (apiKey == null) {
                throw new IllegalStateException("an API key is required");
            }
            BridgeApi api = new BridgeApi(apiKey, signingSecret, workspaces, attributes, snakeCaseSettings, upsertAnswers200(), clock(),
                    signsQueryString);
            return new Plan<>(api, server -> new BridgeSimulator(server, api));
        }
    }
}
