package io.contactkit.domain.archfixture;

/** Deliberately impure: prints to standard error. */
public class ErrPrinter {
    public void complain(String s) {
        System.err.println(s);
    }
}
