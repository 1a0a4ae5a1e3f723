package io.contactkit.ports.archfixture;

/** Deliberately wrong: a port that depends on a transport library. */
public class PortUsingNetty {
    public reactor.netty.http.client.HttpClient client;
}
