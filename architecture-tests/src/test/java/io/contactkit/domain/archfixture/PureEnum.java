package io.contactkit.domain.archfixture;

/** Pure: an enum with a switch, which the compiler backs with synthetic code. */
public enum PureEnum {
    A, B;

    public String label() {
        switch (this) {
            case A:
                return "a";
            default:
                return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
