package io.contactkit.adapter.bird;

import io.contactkit.domain.Contact;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A contact as Bird returned it: the domain {@link Contact}, plus what Bird reported about it that the
 * domain derives or does not hold — {@code computedDisplayName}, {@code identifierCount},
 * {@code isAnonymous} and {@code companyRefs}. Bird's own values are kept as given, even where the
 * domain's rules would say otherwise; each is empty when Bird left it out (it may). Immutable.
 *
 * <p>Bird features only some of a contact's identifiers ({@code featuredIdentifiers}, which are the
 * contact's identifiers here); {@link #unfeaturedIdentifiers()} says how many more it holds, which
 * {@link BirdContactsClient#listIdentifiers} serves.
 */
public final class BirdContact {

    private final Contact contact;
    private final String computedDisplayName;
    private final Integer identifierCount;
    private final Boolean anonymous;
    private final List<String> companyRefs;

    /**
     * @param contact             the contact, its identifiers being the featured ones
     * @param computedDisplayName Bird's {@code computedDisplayName}, or {@code null}
     * @param identifierCount     Bird's {@code identifierCount}, or {@code null}
     * @param anonymous           Bird's {@code isAnonymous}, or {@code null}
     * @param companyRefs         Bird's {@code companyRefs} (empty when absent)
     */
    public BirdContact(Contact contact, @Nullable String computedDisplayName, @Nullable Integer identifierCount, @Nullable Boolean anonymous,
                       List<String> companyRefs) {
        this.contact = Objects.requireNonNull(contact, "contact");
        this.computedDisplayName = computedDisplayName;
        this.identifierCount = identifierCount;
        this.anonymous = anonymous;
        this.companyRefs = List.copyOf(companyRefs);
    }

    /** {@return the contact in the domain's terms} */
    public Contact contact() {
        return contact;
    }

    /** {@return the display name Bird computed, as given (the domain's {@link Contact#displayName()} may differ)} */
    public Optional<String> computedDisplayName() {
        return Optional.ofNullable(computedDisplayName);
    }

    /** {@return how many identifiers Bird says the contact has, featured or not} */
    public OptionalInt identifierCount() {
        return identifierCount == null ? OptionalInt.empty() : OptionalInt.of(identifierCount);
    }

    /** {@return Bird's {@code isAnonymous}, as given} */
    public Optional<Boolean> anonymous() {
        return Optional.ofNullable(anonymous);
    }

    /** {@return the companies Bird links the contact to} */
    public List<String> companyRefs() {
        return companyRefs;
    }

    /** {@return how many identifiers Bird holds beyond the featured ones: 0 when all are featured or the count is unknown} */
    public int unfeaturedIdentifiers() {
        return identifierCount == null ? 0 : Math.max(0, identifierCount - contact.identifiers().size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BirdContact b && b.contact.equals(contact) && Objects.equals(b.computedDisplayName, computedDisplayName)
                && Objects.equals(b.identifierCount, identifierCount) && Objects.equals(b.anonymous, anonymous)
                && b.companyRefs.equals(companyRefs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(contact, computedDisplayName, identifierCount, anonymous, companyRefs);
    }

    @Override
    public String toString() {
        return "BirdContact[" + contact + ", computedDisplayName=" + computedDisplayName + ", identifierCount=" + identifierCount
                + ", isAnonymous=" + anonymous + ", companyRefs=" + companyRefs + "]";
    }
}
