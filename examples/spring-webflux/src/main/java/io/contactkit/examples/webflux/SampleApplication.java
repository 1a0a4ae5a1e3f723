package io.contactkit.examples.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small reactive contacts service on the contactkit starter: upsert a contact, get one, stream a
 * workspace's contacts. The provider comes from {@code contactkit.*} settings (see
 * {@code application.properties}); nothing here wires a client by hand.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
