package io.contactkit.fixturea.internal;

/** An implementation detail of module fixturea. */
public class Hidden {
}
