package io.momoko.autoconfigure.observation;

import io.micrometer.observation.ObservationRegistry;
import io.momoko.Pool;
import io.momoko.autoconfigure.MomokoAutoConfiguration;
import io.momoko.metrics.StatementObserver;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Makes every pool report each statement as a Micrometer observation (a span with a tracing bridge) when an
 * {@link ObservationRegistry} exists: the auto-configured pool and the pools built with
 * {@link io.momoko.autoconfigure.MomokoPoolFactory} use the {@link StatementObserver} bean this declares.
 */
@AutoConfiguration(before = MomokoAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ObservationRegistry.class, Pool.class})
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnProperty(prefix = "momoko", name = "enabled", matchIfMissing = true)
public final class MomokoObservationAutoConfiguration {

    MomokoObservationAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(StatementObserver.class)
    StatementObserver momokoStatementObserver(ObservationRegistry registry) {
        return new ObservationStatementObserver(registry);
    }
}
