package io.momoko.autoconfigure.health;

import io.momoko.Pool;
import io.momoko.autoconfigure.MomokoAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

import java.time.Duration;

/**
 * Registers the {@code momoko} health contributor when Spring Boot's health support is present: the pool's
 * indicator when there is one {@link Pool} bean, a composite with one indicator per pool bean (by bean name)
 * when there are several, as Boot does for data sources. Turn it off with
 * {@code management.health.momoko.enabled=false}.
 */
@AutoConfiguration(after = MomokoAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, Pool.class})
@ConditionalOnBean(Pool.class)
@ConditionalOnEnabledHealthIndicator("momoko")
public class MomokoHealthContributorAutoConfiguration
        extends CompositeHealthContributorConfiguration<MomokoHealthIndicator, Pool> {

    MomokoHealthContributorAutoConfiguration() {
        super(pool -> new MomokoHealthIndicator(pool, Duration.ofSeconds(2)));
    }

    @Bean
    @ConditionalOnMissingBean(name = {"momokoHealthIndicator", "momokoHealthContributor"})
    HealthContributor momokoHealthContributor(ConfigurableListableBeanFactory beanFactory) {
        return createContributor(beanFactory, Pool.class);
    }
}
