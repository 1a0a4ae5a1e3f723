package io.contactkit.domain.archfixture;

/** Deliberately impure: prints. */
public class Printer {
    public void say(String s) {
        System.out.println(s);
    }
}
