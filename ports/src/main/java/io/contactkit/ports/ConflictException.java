package io.contactkit.ports;

import java.util.List;

/**
 * The request conflicts with existing contacts (HTTP 409, or a domain conflict): identifiers owned by
 * several contacts under {@code strict_alias}, or a create whose identifier is taken.
 */
public final class ConflictException extends ProviderException {

    private static final long serialVersionUID = 1L;

    private final List<String> contactIds;

    public ConflictException(String provider, int status, String providerCode, String message, List<String> contactIds) {
        super(provider, status, providerCode, message, null);
        this.contactIds = List.copyOf(contactIds);
    }

    /** The contacts involved, when the provider names them. */
    public List<String> contactIds() {
        return contactIds;
    }

    @Override
    public String code() {
        return "conflict";
    }
}
