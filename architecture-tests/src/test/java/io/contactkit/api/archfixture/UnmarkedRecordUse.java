package io.contactkit.api.archfixture;

/** Builds a published record with null for a component that is not marked. */
public class UnmarkedRecordUse {

    public static Plain plain() {
        return new Plain("a", null);
    }

    /** A published record whose components are not marked. */
    public record Plain(String first, String second) {
    }
}
