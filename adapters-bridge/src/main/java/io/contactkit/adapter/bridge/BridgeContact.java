package io.contactkit.adapter.bridge;

import io.contactkit.domain.Classification;
import io.contactkit.domain.Contact;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A contact as Bridge returned it, with Bridge's own classification: the {@code type} (NORMAL or
 * PARTIAL) that the newer API puts on its answers. Bridge documents that {@code type} may be missing
 * from get and list answers, and the older API has none: then {@link #type()} is empty. Immutable.
 */
public final class BridgeContact {

    private final Contact contact;
    private final Classification type;

    /**
     * @param contact the contact
     * @param type    Bridge's classification, or {@code null} when Bridge gave none
     */
    public BridgeContact(Contact contact, @Nullable Classification type) {
        this.contact = Objects.requireNonNull(contact, "contact");
        this.type = type;
    }

    /** {@return the contact in the domain's terms} */
    public Contact contact() {
        return contact;
    }

    /** {@return Bridge's {@code type}, as returned; empty when the answer had none (or one it does not document)} */
    public Optional<Classification> type() {
        return Optional.ofNullable(type);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BridgeContact b && b.contact.equals(contact) && Objects.equals(b.type, type);
    }

    @Override
    public int hashCode() {
        return Objects.hash(contact, type);
    }

    @Override
    public String toString() {
        return "BridgeContact[" + contact + ", type=" + type + "]";
    }
}
