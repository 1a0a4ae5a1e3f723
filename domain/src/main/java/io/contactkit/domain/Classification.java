package io.contactkit.domain;

/** Bridge's contact type. */
public enum Classification {
    /** Cellphone, first name, last name, language and every required custom attribute are present. */
    NORMAL,
    /** Something NORMAL needs is missing. */
    PARTIAL
}
