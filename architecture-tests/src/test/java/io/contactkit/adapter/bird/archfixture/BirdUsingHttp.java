package io.contactkit.adapter.bird.archfixture;

/** Allowed: Bird using the shared HTTP support. */
public class BirdUsingHttp {
    public io.contactkit.adapter.http.archfixture.HttpSupport http = new io.contactkit.adapter.http.archfixture.HttpSupport();
}
