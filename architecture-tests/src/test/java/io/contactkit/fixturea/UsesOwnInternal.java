package io.contactkit.fixturea;

/** Allowed: a module using its own internal package. */
public class UsesOwnInternal {
    public io.contactkit.fixturea.internal.Hidden hidden;
}
