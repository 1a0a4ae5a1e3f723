package io.contactkit.domain;

/** The bounds every command is checked against. Providers may add stricter ones of their own. */
public final class Limits {

    /** Bird: at most 10 ids in each list or account change. */
    public static final int MAX_MEMBERSHIP_IDS = 10;
    /**
     * The longest list or account id.
     */
    public static final int MAX_MEMBERSHIP_ID_LENGTH = 128;
    /**
     * The most identifiers one command carries.
     */
    public static final int MAX_IDENTIFIERS_PER_COMMAND = 100;
    /**
     * The most attributes one command sets or removes.
     */
    public static final int MAX_ATTRIBUTES_PER_COMMAND = 1000;
    /**
     * The longest attribute name.
     */
    public static final int MAX_ATTRIBUTE_NAME_LENGTH = 128;
    /**
     * The longest text value.
     */
    public static final int MAX_TEXT_VALUE_LENGTH = 65_535;
    /**
     * The most values of one list attribute.
     */
    public static final int MAX_LIST_VALUE_SIZE = 1000;
    /**
     * The longest language tag (BCP 47).
     */
    public static final int MAX_LANGUAGE_LENGTH = 35;
    /**
     * The longest owner (an e-mail address at most).
     */
    public static final int MAX_OWNER_LENGTH = 320;
    /**
     * The most digits a number value has on either side of its decimal point: {@code 1e999} (a 1 and 999 zeros) and
     * {@code 1e-1000} are the extremes. A number beyond it (such as {@code 1e999999999}, a billion digits once written
     * out) is invalid.
     */
    public static final int MAX_NUMBER_DIGITS = 1000;

    /**
     * Whether a number is within {@link #MAX_NUMBER_DIGITS}: at most that many digits before its decimal point, and as
     * many after it.
     *
     * @param value the number
     * @return true when a command may carry it
     */
    public static boolean isNumberInRange(java.math.BigDecimal value) {
        return Math.abs((long) value.scale()) <= MAX_NUMBER_DIGITS
                && Math.abs((long) value.precision() - value.scale()) <= MAX_NUMBER_DIGITS;
    }

    private Limits() {
    }
}
