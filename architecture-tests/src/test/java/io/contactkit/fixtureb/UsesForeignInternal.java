package io.contactkit.fixtureb;

/** Deliberately wrong: a module using another module's internal package. */
public class UsesForeignInternal {
    public io.contactkit.fixturea.internal.Hidden hidden;
}
