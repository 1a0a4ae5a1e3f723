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

    private final String property;

    OnCredentialCondition(String property) {
        this.property = property;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return StringUtils.hasText(context.getEnvironment().getProperty(property))
                ? ConditionOutcome.match(property + " is set")
                : ConditionOutcome.noMatch(property + " is not set");
    }

    /** {@code contactkit.bird.access-key} has text. */
    static final class Bird extends OnCredentialCondition {
        Bird() {
            super("contactkit.bird.access-key");
        }
    }

    /** {@code contactkit.bridge.api-key} has text. */
    static final class Bridge extends OnCredentialCondition {
        Bridge() {
            super("contactkit.bridge.api-key");
        }
    }
}
