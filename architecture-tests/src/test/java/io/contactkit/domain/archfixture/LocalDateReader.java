package io.contactkit.domain.archfixture;

/** Deliberately impure: reads the clock through a local date. */
public class LocalDateReader {
    public Object today() {
        return java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    }
}
