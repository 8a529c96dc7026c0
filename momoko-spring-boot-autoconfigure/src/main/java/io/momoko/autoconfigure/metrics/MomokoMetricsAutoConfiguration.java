package io.momoko.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.momoko.Pool;
import io.momoko.autoconfigure.MomokoAutoConfiguration;
import io.momoko.autoconfigure.MomokoPoolCustomizer;
import io.momoko.autoconfigure.MomokoProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Records the pools' work in Micrometer when Micrometer is on the class path: {@link MomokoPoolMeters} binds the
 * meters of every pool bean, tagged with its name; a customizer makes the auto-configured pool report its
 * timings into the recorder of its name.
 */
@AutoConfiguration(before = MomokoAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, Pool.class})
@ConditionalOnProperty(prefix = "momoko", name = "enabled", matchIfMissing = true)
public final class MomokoMetricsAutoConfiguration {

    MomokoMetricsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    MomokoPoolMeters momokoPoolMeters(ObjectProvider<Pool> pools, MomokoProperties properties) {
        return new MomokoPoolMeters(pools, properties.getMetrics().isOpenTelemetryNames());
    }

    @Bean
    @ConditionalOnMissingBean(name = "momokoMetricsCustomizer")
    MomokoPoolCustomizer momokoMetricsCustomizer(MomokoProperties properties, MomokoPoolMeters meters) {
        return builder -> builder.metrics(meters.recorderFor(properties.getPool().getName()));
    }
}
