package io.contactkit.adapter.bridge.internal;

import io.contactkit.adapter.bridge.BridgeApiGeneration;
import io.contactkit.domain.Identifier;
import io.contactkit.domain.Strategy;
import io.contactkit.domain.UpsertCommand;
import io.contactkit.ports.UnsupportedCapabilityException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one API generation of Bridge cannot do with a write at all, decided before anything is sent:
 * strategies other than the cellphone match, lists, accounts, removing identifiers other than the
 * e-mail address, removing the owner (newer API), a language (older API), keys other than the
 * cellphone, and identifiers beyond one cellphone and one e-mail address (except on the upsert, which
 * warns about them instead).
 */
public final class BridgeCapabilityGate {

    private final String provider;
    private final BridgeApiGeneration api;

    public BridgeCapabilityGate(String provider, BridgeApiGeneration api) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.api = Objects.requireNonNull(api, "api");
    }

    /** The first thing of the command Bridge cannot do; {@code null} when it can do all of it. */
    public @Nullable UnsupportedCapabilityException unsupported(UpsertCommand c, WriteKind kind) {
        if (kind == WriteKind.UPSERT && c.strategy() != Strategy.STRICT_ALIAS) {
            return unsupported("strategy:" + c.strategy().wireName(),
                    "Bridge matches contacts by cellphone only; the " + c.strategy().wireName() + " strategy is not supported");
        }
        if (!c.addToLists().isEmpty() || !c.removeFromLists().isEmpty()) {
            return unsupported("lists", "Bridge has no lists");
        }
        if (!c.addToAccounts().isEmpty() || !c.removeFromAccounts().isEmpty()) {
            return unsupported("accounts", "Bridge has no accounts");
        }
        for (Identifier r : c.removeIdentifiers()) {
            if (!r.isEmail()) {
                return unsupported("identifier-removal:" + r.key(), "Bridge can only clear a contact's e-mail address; "
                        + r.key() + " identifiers cannot be removed");
            }
        }
        if (api == BridgeApiGeneration.CONNECT && c.owner().isPresent() && c.owner().get().isRemoval()) {
            // ownerIdentifier is typed as an object (InternalUserIdentifierRequest), not nullable, and no
            // documented value means "no owner": sending null would be a guess the page does not allow
            return unsupported("owner:remove", "Bridge's Contacts API documents no way to remove a contact's owner"
                    + " (ownerIdentifier is an object, not nullable); give another owner instead");
        }
        if (api == BridgeApiGeneration.LEGACY && (c.language().isPresent() || c.attributes().containsKey(BridgeFields.LANGUAGE_ATTRIBUTE))) {
            return unsupported("language", "the legacy Bridge API has no language field");
        }
        boolean hasPhone = c.identifiers().stream().anyMatch(Identifier::isPhone);
        if (kind != WriteKind.UPDATE && !hasPhone) {
            for (Identifier i : c.identifiers()) {
                if (!i.isEmail()) {
                    return unsupported("upsertKey:" + i.key(), "Bridge identifies contacts by cellphone only, not by " + i.key());
                }
            }
        }
        if (kind != WriteKind.UPSERT && !BridgeFields.extras(c).isEmpty()) {
            Identifier extra = BridgeFields.extras(c).get(0);
            return unsupported("identifier:" + extra.key(), "Bridge holds one cellphone and one e-mail address per contact; "
                    + "it cannot hold the " + extra.key() + " identifier " + extra.value());
        }
        return null;
    }

    private UnsupportedCapabilityException unsupported(String capability, String message) {
        return new UnsupportedCapabilityException(provider, capability, message);
    }
}
