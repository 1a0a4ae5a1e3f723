package io.contactkit.ports;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The request conflicts with existing contacts (HTTP 409, or a domain conflict): identifiers owned by
 * several contacts under {@code strict_alias}, or a create whose identifier is taken.
 */
public final class ConflictException extends ProviderException {

    private static final long serialVersionUID = 1L;

    /** The contacts involved. */
    private final List<String> contactIds;

    /**
     * A conflict as the provider reported it.
     *
     * @param provider the provider's id
     * @param status the HTTP status, 0 for a conflict found locally
     * @param providerCode the provider's own error code, or {@code null}
     * @param message what conflicts, without credentials
     * @param contactIds the contacts involved, empty when the provider does not name them
     */
    public ConflictException(String provider, int status, @Nullable String providerCode, String message, List<String> contactIds) {
        super(provider, status, providerCode, message, null);
        this.contactIds = List.copyOf(contactIds);
    }

    /**
     * The contacts involved, when the provider names them.
     *
     * @return their ids, possibly empty
     */
    public List<String> contactIds() {
        return contactIds;
    }

    @Override
    public String code() {
        return "conflict";
    }
}
