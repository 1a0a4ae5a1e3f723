package io.contactkit.domain.archfixture;

/** Pure: a Date from a given instant reads no clock, and IDN converts a domain name without I/O. */
public class PureTimeAndNames {
    public Object at(long millis) {
        return new java.util.Date(millis);
    }

    public String asciiDomain(String domain) {
        return java.net.IDN.toASCII(domain);
    }
}
