package io.contactkit.reliability.support;

/** A {@link FaultServer} key taken apart: {@code METHOD target\nbody}. */
public record LogicalRequest(String method, String target, String body) {

    public static LogicalRequest of(String key) {
        int nl = key.indexOf('\n');
        String line = key.substring(0, nl);
        int sp = line.indexOf(' ');
        return new LogicalRequest(line.substring(0, sp), line.substring(sp + 1), key.substring(nl + 1));
    }
}
