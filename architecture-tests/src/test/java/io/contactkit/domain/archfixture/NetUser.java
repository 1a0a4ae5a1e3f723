package io.contactkit.domain.archfixture;

/** Deliberately impure: knows the network. */
public class NetUser {
    public Object host(String url) {
        return java.net.URI.create(url).getHost();
    }
}
