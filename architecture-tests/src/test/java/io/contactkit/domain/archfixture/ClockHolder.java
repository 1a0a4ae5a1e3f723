package io.contactkit.domain.archfixture;

/** Deliberately impure: keeps a clock to read later. */
public class ClockHolder {
    public java.time.Clock clock;
}
