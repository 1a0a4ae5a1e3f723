package io.contactkit.domain.archfixture;

/** Deliberately impure: new Date() reads the clock. */
public class DateReader {
    public Object now() {
        return new java.util.Date();
    }
}
