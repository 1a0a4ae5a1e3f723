package io.contactkit.adapter.fixtureb;

/** An adapter another one should not use. */
public class AdapterB {
}
