package io.contactkit.ports;

/** The operations of {@link ContactProvider}; a provider declares the ones it supports natively. */
public enum Operation {
    CREATE, UPSERT, GET, UPDATE, DELETE, LIST, SEARCH
}
