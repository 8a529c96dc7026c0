package io.momoko.bench;

import io.momoko.Pool;
import io.momoko.autoconfigure.MomokoPoolFactory;
import io.momoko.autoconfigure.MomokoPoolMetricsProvider;
import io.momoko.metrics.StatementObserver;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

/**
 * The pool the Spring Boot starter builds from a URL: its own property binding and mapping
 * ({@link MomokoPoolFactory}, as {@code MomokoAutoConfiguration} uses it), every default as a Boot user gets
 * it, except the size, fixed to the size every system in the run has.
 */
final class StarterPool {

    private StarterPool() {
    }

    static Pool.Builder builder(String url, int size) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("bench", Map.of("momoko.url", url,
                "momoko.pool.size", size, "momoko.pool.max-size", size, "momoko.pool.name", "momoko-default")));
        StaticListableBeanFactory none = new StaticListableBeanFactory();
        return new MomokoPoolFactory(environment, none.getBeanProvider(MomokoPoolMetricsProvider.class),
                none.getBeanProvider(StatementObserver.class)).builder("momoko");
    }
}
