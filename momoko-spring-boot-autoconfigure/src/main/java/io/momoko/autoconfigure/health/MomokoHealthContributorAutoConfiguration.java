package io.momoko.autoconfigure.health;

import io.momoko.Pool;
import io.momoko.autoconfigure.MomokoAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import java.time.Duration;

/**
 * Registers the {@code momoko} health indicator when Spring Boot's health support is present; turn it off
 * with {@code management.health.momoko.enabled=false}.
 */
@AutoConfiguration(after = MomokoAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, Pool.class})
@ConditionalOnBean(Pool.class)
@ConditionalOnEnabledHealthIndicator("momoko")
public final class MomokoHealthContributorAutoConfiguration {

    MomokoHealthContributorAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(name = "momokoHealthIndicator")
    MomokoHealthIndicator momokoHealthIndicator(Pool pool) {
        return new MomokoHealthIndicator(pool, Duration.ofSeconds(2));
    }
}
