package io.contactkit.ports;

/** The operations of {@link ContactProvider}; a provider declares the ones it supports natively. */
public enum Operation {
    /** {@link ContactProvider#create}. */
    CREATE,
    /** {@link ContactProvider#upsert}. */
    UPSERT,
    /** {@link ContactProvider#get}. */
    GET,
    /** {@link ContactProvider#update}. */
    UPDATE,
    /** {@link ContactProvider#delete}. */
    DELETE,
    /** {@link ContactProvider#list} and {@link ContactProvider#listPages}. */
    LIST,
    /** {@link ContactProvider#search}. */
    SEARCH
}
