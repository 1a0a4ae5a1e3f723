package io.contactkit.simulator.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The variables a {@link PathTemplate} matched, as sent (percent-encoded) or decoded. */
public final class PathVariables {

    private final Map<String, String> raw;

    PathVariables(Map<String, String> raw) {
        this.raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    }

    /** The segment as sent, still percent-encoded. */
    public String raw(String name) {
        String value = raw.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no path variable " + name);
        }
        return value;
    }

    /** The decoded segment, or {@code null} when its percent-escapes are malformed or not UTF-8. */
    public String decoded(String name) {
        return PathCodec.decode(raw(name));
    }

    Map<String, String> all() {
        return raw;
    }
}
