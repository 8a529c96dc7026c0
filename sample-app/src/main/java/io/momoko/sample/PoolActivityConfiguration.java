package io.momoko.sample;

import io.momoko.autoconfigure.MomokoPoolCustomizer;
import io.momoko.autoconfigure.MomokoProperties;
import io.momoko.autoconfigure.metrics.MomokoPoolMeters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The pool reports to the starter's meters and to {@link PoolActivity}, for the status page's chart. */
@Configuration(proxyBeanMethods = false)
class PoolActivityConfiguration {

    @Bean
    PoolActivity poolActivity(MomokoPoolMeters meters, MomokoProperties properties) {
        return new PoolActivity(meters.recorderFor(properties.getPool().getName()));
    }

    /** Takes the place of the starter's customizer of this name, which backs off for it. */
    @Bean
    MomokoPoolCustomizer momokoMetricsCustomizer(PoolActivity activity) {
        return builder -> builder.metrics(activity);
    }
}
