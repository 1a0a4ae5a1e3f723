package io.contactkit.domain.archfixture;

/** Deliberately impure: touches files. */
public class FileUser {
    public boolean exists(String name) {
        return new java.io.File(name).exists();
    }
}
