package io.contactkit.spring.boot.autoconfigure;

import io.contactkit.ports.ContactProvider;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/** A {@code ContactKit} is configured when a provider is: a provider bean exists, or {@code contactkit.provider} names one. */
final class OnContactKitProviderCondition extends AnyNestedCondition {

    OnContactKitProviderCondition() {
        super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnBean(ContactProvider.class)
    static final class ProviderBean {
    }

    @ConditionalOnProperty(prefix = "contactkit", name = "provider")
    static final class ProviderProperty {
    }
}
