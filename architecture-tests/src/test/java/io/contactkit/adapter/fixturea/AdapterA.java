package io.contactkit.adapter.fixturea;

/** Deliberately wrong: one adapter using another. */
public class AdapterA {
    public io.contactkit.adapter.fixtureb.AdapterB other = new io.contactkit.adapter.fixtureb.AdapterB();
}
