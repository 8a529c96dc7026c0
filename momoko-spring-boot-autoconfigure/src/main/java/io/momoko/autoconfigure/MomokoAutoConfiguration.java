package io.momoko.autoconfigure;

import io.momoko.ConnectOptions;
import io.momoko.Pool;
import io.vertx.core.Vertx;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Auto-configuration of a Momoko {@link Pool}: built from {@code momoko.*} properties and the
 * {@link MomokoConnectionDetails}, customized by {@link MomokoPoolCustomizer} beans, connected during
 * start-up, and closed gracefully at shutdown.
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
                    Environment environment) {
        Pool.Builder builder = builder(properties, connectionDetails, environment);
        vertx.ifUnique(builder::vertx);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        Pool pool = builder.build();
        connect(pool, properties);
        return pool;
    }

    @Bean
    @ConditionalOnMissingBean(name = "momokoPoolLifecycle")
    MomokoPoolLifecycle momokoPoolLifecycle(Pool pool) {
        return new MomokoPoolLifecycle(pool);
    }

    static Pool.Builder builder(MomokoProperties properties, MomokoConnectionDetails details, Environment environment) {
        ConnectOptions.Builder options = ConnectOptions.builder().host(details.getHost()).port(details.getPort())
                .database(details.getDatabase()).user(details.getUsername())
                .connectTimeout(properties.getConnectTimeout());
        if (details.getPassword() != null) {
            // Asked again for every new connection: a details bean backed by a secrets manager rotates freely.
            options.passwordProvider(details::getPassword);
        }
        if (properties.getSslMode() != null) {
            options.sslMode(properties.getSslMode());
        } else if (details.getSslMode() != null) {
            options.sslMode(details.getSslMode());
        }
        String applicationName = properties.getApplicationName() != null ? properties.getApplicationName()
                : environment.getProperty("spring.application.name");
        options.applicationName(applicationName);
        MomokoProperties.Pool pool = properties.getPool();
        return Pool.builder()
                .connectOptions(options.build())
                .name(pool.getName())
                .size(pool.getSize())
                .maxSize(pool.getMaxSize())
                .reconnectInterval(pool.getReconnectInterval())
                .raiseConnectErrors(pool.isRaiseConnectErrors())
                .setSession(pool.getSetSession())
                .autoShrink(pool.isAutoShrink())
                .shrinkDelay(pool.getShrinkDelay())
                .shrinkPeriod(pool.getShrinkPeriod())
                .acquireTimeout(pool.getAcquireTimeout())
                .maxWaiting(pool.getMaxWaiting())
                .queryTimeout(pool.getQueryTimeout())
                .maxLifetime(pool.getMaxLifetime())
                .validationInterval(pool.getValidationInterval())
                .leakDetectionThreshold(pool.getLeakDetectionThreshold())
                .pipelining(pool.getPipelining())
                .closeTimeout(environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase", Duration.class,
                        Duration.ofSeconds(30)));
    }

    /**
     * Opens the initial connections before the application starts. The wait is bounded: every attempt ends
     * by its connect timeout, so this cannot hang start-up.
     */
    private static void connect(Pool pool, MomokoProperties properties) {
        long limit = properties.getConnectTimeout().toMillis() * 2 + 5_000;
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
