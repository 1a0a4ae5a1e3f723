package io.contactkit.api;

import java.util.List;

/**
 * {@link ContactKit.Builder#build()} was asked for a provider id that no
 * {@link io.contactkit.ports.ProviderFactory} on the class path offers. The message lists the ids
 * that are available.
 */
public final class UnknownProviderException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The id asked for. */
    private final String requestedId;
    /** The ids available. */
    private final List<String> availableIds;

    /**
     * A refusal of an unknown provider id.
     *
     * @param requestedId the id asked for
     * @param availableIds the ids that could have been used, sorted
     */
    public UnknownProviderException(String requestedId, List<String> availableIds) {
        super("unknown provider '" + requestedId + "'; available: "
                + (availableIds.isEmpty() ? "none (no ProviderFactory registered)" : String.join(", ", availableIds)));
        this.requestedId = requestedId;
        this.availableIds = List.copyOf(availableIds);
    }

    /** {@return the id asked for} */
    public String requestedId() {
        return requestedId;
    }

    /** {@return the ids that could have been used, sorted} */
    public List<String> availableIds() {
        return availableIds;
    }
}
