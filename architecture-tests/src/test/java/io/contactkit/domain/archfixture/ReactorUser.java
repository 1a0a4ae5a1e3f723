package io.contactkit.domain.archfixture;

/** Deliberately impure: returns a reactive type. */
public class ReactorUser {
    public reactor.core.publisher.Mono<String> later(String s) {
        return reactor.core.publisher.Mono.just(s);
    }
}
