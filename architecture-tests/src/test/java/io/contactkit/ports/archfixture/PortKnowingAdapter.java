package io.contactkit.ports.archfixture;

/** Deliberately wrong: a port that knows an adapter. */
public class PortKnowingAdapter {
    public io.contactkit.adapter.memory.InMemoryContactProvider provider;
}
