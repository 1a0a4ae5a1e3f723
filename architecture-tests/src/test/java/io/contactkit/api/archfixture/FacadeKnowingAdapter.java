package io.contactkit.api.archfixture;

/** Deliberately wrong: the facade naming an adapter class instead of going through the ports. */
public class FacadeKnowingAdapter {
    public Object provider() {
        return new io.contactkit.adapter.memory.InMemoryContactProvider();
    }
}
