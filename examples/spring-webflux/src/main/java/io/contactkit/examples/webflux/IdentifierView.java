package io.contactkit.examples.webflux;

/** An identifier in a request or an answer: {@code {"key": "emailaddress", "value": "ada@example.com"}}. */
record IdentifierView(String key, String value) {
}
