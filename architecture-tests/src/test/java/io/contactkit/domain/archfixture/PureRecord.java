package io.contactkit.domain.archfixture;

import java.time.Instant;
import java.util.List;

/** Pure: a record holding a time passed in, with lambdas, streams, Vavr and a serializable marker. */
public record PureRecord(Instant at, List<String> names) implements java.io.Serializable {
    public io.vavr.collection.List<String> upper() {
        return io.vavr.collection.List.ofAll(names.stream().map(s -> s.toUpperCase(java.util.Locale.ROOT)).toList());
    }

    public PureRecord later(java.time.Duration d) {
        return new PureRecord(at.plus(d), names);
    }

    public String describe(Object o) {
        return switch (String.valueOf(o)) {
            case "x" -> "ex";
            default -> o instanceof PureEnum e ? e.label() : "?";
        };
    }
}
