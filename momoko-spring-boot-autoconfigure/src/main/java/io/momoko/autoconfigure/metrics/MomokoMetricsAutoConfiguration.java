package io.momoko.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.momoko.Pool;
import io.momoko.autoconfigure.MomokoAutoConfiguration;
import io.momoko.autoconfigure.MomokoPoolCustomizer;
import io.momoko.autoconfigure.MomokoProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Records the pool's work in Micrometer when Micrometer is on the class path: a customizer makes the pool
 * report into {@link MicrometerPoolMetrics}, which Spring Boot binds to every meter registry.
 */
@AutoConfiguration(before = MomokoAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, Pool.class})
@ConditionalOnProperty(prefix = "momoko", name = "enabled", matchIfMissing = true)
public final class MomokoMetricsAutoConfiguration {

    MomokoMetricsAutoConfiguration() {
    }

    @Bean
    MicrometerPoolMetrics momokoPoolMetrics(MomokoProperties properties, ObjectProvider<Pool> pool) {
        MicrometerPoolMetrics metrics = new MicrometerPoolMetrics(properties.getPool().getName());
        // The gauges find the pool lazily: the pool may be the user's own bean, or not built yet.
        metrics.attachLater(pool);
        return metrics;
    }

    @Bean
    MomokoPoolCustomizer momokoMetricsCustomizer(MicrometerPoolMetrics metrics) {
        return builder -> builder.metrics(metrics);
    }
}
