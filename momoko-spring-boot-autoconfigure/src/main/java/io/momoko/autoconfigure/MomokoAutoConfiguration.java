package io.momoko.autoconfigure;

import io.momoko.Pool;
import io.momoko.metrics.StatementObserver;
import io.vertx.core.Vertx;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Auto-configuration of a Momoko {@link Pool}: built from {@code momoko.*} properties and the
 * {@link MomokoConnectionDetails} (mapped by {@link MomokoPoolBuilderMapper}), customized by
 * {@link MomokoPoolCustomizer} beans, connected during start-up, and closed gracefully at shutdown.
 */
@AutoConfiguration
@ConditionalOnClass(Pool.class)
@ConditionalOnProperty(prefix = "momoko", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(MomokoProperties.class)
public final class MomokoAutoConfiguration {

    MomokoAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(MomokoConnectionDetails.class)
    PropertiesMomokoConnectionDetails momokoConnectionDetails(MomokoProperties properties) {
        return new PropertiesMomokoConnectionDetails(properties);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(Pool.class)
    Pool momokoPool(MomokoProperties properties, MomokoConnectionDetails connectionDetails,
                    ObjectProvider<Vertx> vertx, ObjectProvider<MomokoPoolCustomizer> customizers,
                    ObjectProvider<StatementObserver> observer,
                    Environment environment) {
        Pool.Builder builder = MomokoPoolBuilderMapper.builder(properties, connectionDetails, environment);
        observer.ifAvailable(builder::observer);
        vertx.ifUnique(builder::vertx);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        Pool pool = builder.build();
        connect(pool, properties.getConnectTimeout() != null ? properties.getConnectTimeout()
                : connectionDetails.getConnectOptions().connectTimeout());
        return pool;
    }

    @Bean
    @ConditionalOnMissingBean(name = "momokoPoolLifecycle")
    MomokoPoolLifecycle momokoPoolLifecycle(ObjectProvider<Pool> pools) {
        return new MomokoPoolLifecycle(pools);
    }

    @Bean
    @ConditionalOnMissingBean
    MomokoPoolFactory momokoPoolFactory(Environment environment, ObjectProvider<MomokoPoolMetricsProvider> metrics,
                                        ObjectProvider<StatementObserver> observer) {
        return new MomokoPoolFactory(environment, metrics, observer);
    }

    /**
     * Opens the initial connections before the application starts. The wait is bounded: every attempt ends
     * by its connect timeout, so this cannot hang start-up.
     */
    private static void connect(Pool pool, java.time.Duration connectTimeout) {
        long limit = connectTimeout.toMillis() * 2 + 5_000;
        try {
            pool.connect().get(limit, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            pool.close();
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException ? (RuntimeException) cause : new IllegalStateException(cause);
        } catch (TimeoutException e) {
            pool.close();
            throw new IllegalStateException("Momoko pool '" + pool.name() + "' did not connect within " + limit + " ms",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.close();
            throw new IllegalStateException("Interrupted while connecting Momoko pool '" + pool.name() + "'", e);
        }
    }
}
