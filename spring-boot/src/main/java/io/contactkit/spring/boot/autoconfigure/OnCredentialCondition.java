package io.contactkit.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when a provider's credential property has text: a blank value (such as an unset
 * {@code ${BIRD_ACCESS_KEY:}} placeholder) counts as not set, so the provider stays unconfigured
 * instead of failing on an empty key.
 */
abstract class OnCredentialCondition extends SpringBootCondition {

    private final String[] properties;

    OnCredentialCondition(String... properties) {
        this.properties = properties;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        for (String property : properties) {
            if (StringUtils.hasText(context.getEnvironment().getProperty(property))) {
                return ConditionOutcome.match(property + " is set");
            }
        }
        return ConditionOutcome.noMatch(String.join(" or ", properties) + " is not set");
    }

    /** {@code contactkit.bird.access-key} or {@code contactkit.bird.access-token} has text. */
    static final class Bird extends OnCredentialCondition {
        Bird() {
            super("contactkit.bird.access-key", "contactkit.bird.access-token");
        }
    }

    /** {@code contactkit.bridge.api-key} has text. */
    static final class Bridge extends OnCredentialCondition {
        Bridge() {
            super("contactkit.bridge.api-key");
        }
    }

    /** {@code contactkit.postgres.url} has text. */
    static final class Postgres extends OnCredentialCondition {
        Postgres() {
            super("contactkit.postgres.url");
        }
    }
}
