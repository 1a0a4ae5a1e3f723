package io.contactkit.adapter.bridge.internal;

/** Which write a request is: the newer API's cellphone upsert, the older API's create, or an update by id in either. */
public enum WriteKind {
    /** The newer API's {@code POST .../contacts/partial}, keyed on the cellphone. */
    UPSERT,
    /** The older API's {@code POST .../contacts}. */
    CREATE,
    /** {@code PATCH} by id, in either generation. */
    UPDATE
}
