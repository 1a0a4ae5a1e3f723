package io.contactkit.domain;

/** How strictly phone numbers are checked after parsing. */
public enum PhoneCheck {
    /** The number must be a valid, assigned-range number for its region (libphonenumber's {@code isValidNumber}). */
    VALID,
    /** The number must only have a possible length for its region (accepts test ranges such as 555 numbers). */
    POSSIBLE
}
