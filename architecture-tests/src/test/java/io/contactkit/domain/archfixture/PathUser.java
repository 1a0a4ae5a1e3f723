package io.contactkit.domain.archfixture;

/** Deliberately impure: reads files through NIO. */
public class PathUser {
    public Object read(String name) throws Exception {
        return java.nio.file.Files.readString(java.nio.file.Path.of(name));
    }
}
