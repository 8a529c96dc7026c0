package io.momoko.autoconfigure;

import io.momoko.Pool;
import io.momoko.metrics.StatementObserver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Builds additional pools the way the auto-configured one is built, for example a second database or a read
 * replica under {@code momoko.replica.*} (the same properties as {@code momoko.*}):
 *
 * <pre>{@code
 * @Bean
 * Pool replicaPool(MomokoPoolFactory pools) {
 *     return pools.builder("momoko.replica").build();
 * }
 * }</pre>
 *
 * <p>The builder has the properties applied and checked (an invalid value fails with the property named under
 * its own prefix), its metrics reporting under its own pool name, and the application name from
 * {@code spring.application.name}. Every {@link Pool} bean gets health, metrics, the endpoint and a graceful
 * close at shutdown. The pool opens its connections on {@code connect()} or its first request.
 */
public final class MomokoPoolFactory {

    private final Environment environment;
    private final ObjectProvider<MomokoPoolMetricsProvider> metrics;
    private final ObjectProvider<StatementObserver> observer;

    /**
     * Creates the factory.
     *
     * @param environment where properties are bound from
     * @param metrics where pools report, when metrics are configured
     * @param observer what watches each statement (tracing), when configured
     */
    public MomokoPoolFactory(Environment environment, ObjectProvider<MomokoPoolMetricsProvider> metrics,
                             ObjectProvider<StatementObserver> observer) {
        this.environment = environment;
        this.metrics = metrics;
        this.observer = observer;
    }

    /**
     * Returns a builder configured from the properties under a prefix.
     *
     * @param prefix for example {@code momoko.replica}; its pool is named after the last part ({@code replica})
     *               unless {@code <prefix>.pool.name} says otherwise
     * @return the builder
     * @throws io.momoko.ConfigurationException naming the property that holds an invalid value
     */
    public Pool.Builder builder(String prefix) {
        MomokoProperties properties = Binder.get(environment).bind(prefix, MomokoProperties.class)
                .orElseGet(MomokoProperties::new);
        if (!environment.containsProperty(prefix + ".pool.name")) {
            properties.getPool().setName(prefix.substring(prefix.lastIndexOf('.') + 1));
        }
        return builder(properties, new PropertiesMomokoConnectionDetails(properties, prefix), prefix);
    }

    /**
     * Returns a builder configured from properties the application made itself.
     *
     * @param properties the settings, as {@code momoko.*} would give them
     * @param details where the server is (for example a service connection)
     * @param prefix how errors name the properties, for example {@code momoko.replica}
     * @return the builder
     */
    public Pool.Builder builder(MomokoProperties properties, MomokoConnectionDetails details, String prefix) {
        Pool.Builder builder = MomokoPoolBuilderMapper.builder(properties, details, environment, prefix);
        metrics.ifAvailable(provider -> builder.metrics(provider.forPool(properties.getPool().getName())));
        observer.ifAvailable(builder::observer);
        return builder;
    }
}
