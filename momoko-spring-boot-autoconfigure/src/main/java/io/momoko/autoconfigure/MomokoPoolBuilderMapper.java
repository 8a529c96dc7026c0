package io.momoko.autoconfigure;

import io.momoko.ConfigurationException;
import io.momoko.ConnectOptions;
import io.momoko.Pool;
import io.momoko.ReplicaPolicy;
import io.momoko.TcpKeepalive;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.Locale;

/**
 * Maps {@link MomokoProperties} and the {@link MomokoConnectionDetails} onto a {@link Pool.Builder}.
 *
 * <p>The range checks are the core's alone: {@link ConnectOptions.Builder}'s setters and
 * {@link Pool.Builder#validate()}. This class only renames a setting they reject to the property the user
 * wrote ({@code maxSize} to {@code momoko.pool.max-size}), so that {@link MomokoPropertyFailureAnalyzer}
 * can name it. No message repeats a value: {@code momoko.url} may hold a password.
 */
final class MomokoPoolBuilderMapper {

    private MomokoPoolBuilderMapper() {
    }

    /**
     * Creates a builder with the properties applied and checked.
     *
     * @param properties the {@code momoko.*} properties
     * @param details where the server is
     * @param environment for {@code spring.application.name} and the shutdown phase's timeout
     * @return the builder
     * @throws ConfigurationException whose {@code setting()} is the property holding an invalid value
     */
    static Pool.Builder builder(MomokoProperties properties, MomokoConnectionDetails details, Environment environment) {
        return builder(properties, details, environment, "momoko");
    }

    /**
     * Creates a builder from properties bound under another prefix (a second pool): errors name that prefix.
     *
     * @param prefix where the properties were bound, for example {@code momoko.replica}
     */
    static Pool.Builder builder(MomokoProperties properties, MomokoConnectionDetails details, Environment environment,
                                String prefix) {
        ConnectOptions.Builder connect;
        ConnectOptions base;
        try {
            connect = connectOptions(properties, details, environment);
            base = connect.build();
        } catch (ConfigurationException e) {
            throw invalid(property(prefix + ".", e), e);
        }
        // Outside the try: its errors already name the property.
        ConnectOptions options = connect.keepalive(keepalive(properties.getKeepalive(), base.keepalive(), prefix))
                .build();
        MomokoProperties.Pool pool = properties.getPool();
        Pool.Builder builder = Pool.builder().connectOptions(options);
        PropertyMapper map = PropertyMapper.get();
        map.from(pool::getName).to(builder::name);
        map.from(pool::getSize).to(builder::size);
        map.from(pool::getMaxSize).to(builder::maxSize);
        map.from(pool::getReconnectInterval).to(builder::reconnectInterval);
        map.from(pool::isRaiseConnectErrors).to(builder::raiseConnectErrors);
        map.from(pool::getSetSession).to(builder::setSession);
        map.from(pool::isAutoShrink).to(builder::autoShrink);
        map.from(pool::getShrinkDelay).to(builder::shrinkDelay);
        map.from(pool::getShrinkPeriod).to(builder::shrinkPeriod);
        map.from(pool::getAcquireTimeout).to(builder::acquireTimeout);
        map.from(pool::getMaxWaiting).to(builder::maxWaiting);
        // For these three null means none, not the builder's default; a query timeout of 0 is the documented
        // way to switch the starter's default off.
        map.from(pool::getQueryTimeout).always().as(timeout -> timeout == null || timeout.isZero() ? null : timeout)
                .to(builder::queryTimeout);
        map.from(pool::getMaxLifetime).always().to(builder::maxLifetime);
        map.from(pool::getLeakDetectionThreshold).always().to(builder::leakDetectionThreshold);
        map.from(pool::getValidationInterval).to(builder::validationInterval);
        map.from(pool::getPipelining).to(builder::pipelining);
        map.from(pool::getStatementCacheSize).to(builder::statementCacheSize);
        map.from(pool::isPgbouncer).to(builder::pgbouncer);
        map.from(environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase", Duration.class))
                .to(builder::closeTimeout);
        try {
            MomokoProperties.Replicas replicas = properties.getReplicas();
            builder.replicaPolicy(new ReplicaPolicy(replicas.getMaxLag(), replicas.getCheckInterval(),
                    replicas.isFallbackToPrimary()));
        } catch (ConfigurationException e) {
            throw invalid(property(prefix + ".replicas.", e), e);
        }
        try {
            return builder.validate();
        } catch (ConfigurationException e) {
            throw invalid(property(prefix + ".pool.", e), e);
        }
    }

    /**
     * The details' options (all of a {@code momoko.url}), then what the properties set explicitly on top: an
     * unset property never overrides the url.
     */
    private static ConnectOptions.Builder connectOptions(MomokoProperties properties, MomokoConnectionDetails details,
                                                         Environment environment) {
        ConnectOptions base = details.getConnectOptions();
        ConnectOptions.Builder options = base.toBuilder();
        PropertyMapper map = PropertyMapper.get();
        // Asked again for every new connection: a details bean backed by a secrets manager rotates freely.
        map.from(details::getPassword).toCall(() -> options.passwordProvider(details::getPassword));
        map.from(properties::getSslMode).to(options::sslMode);
        map.from(properties::getApplicationName).orFrom(base::applicationName)
                .orFrom(() -> environment.getProperty("spring.application.name")).to(options::applicationName);
        map.from(properties::getConnectTimeout).to(options::connectTimeout);
        return options;
    }

    /** The core names a keepalive value as libpq does ({@code keepalives_idle}); the property is its last word. */
    private static TcpKeepalive keepalive(MomokoProperties.Keepalive keepalive, TcpKeepalive base, String prefix) {
        try {
            return new TcpKeepalive(keepalive.getEnabled() != null ? keepalive.getEnabled() : base.enabled(),
                    keepalive.getIdle() != null ? keepalive.getIdle() : base.idle(),
                    keepalive.getInterval() != null ? keepalive.getInterval() : base.interval(),
                    keepalive.getCount() != null ? keepalive.getCount() : base.count());
        } catch (ConfigurationException e) {
            String setting = e.setting() == null ? "" : e.setting().substring(e.setting().indexOf('_') + 1);
            throw invalid(prefix + ".keepalive." + setting, e);
        }
    }

    /**
     * Names a rejected value by its property.
     *
     * @param property the property's name
     * @param rejected what the core's check threw
     * @return the exception to throw, with the property as its {@code setting()} and first in its message
     */
    static ConfigurationException invalid(String property, ConfigurationException rejected) {
        return new ConfigurationException(property, property + ": " + rejected.getMessage());
    }

    /** The core names a setting as its builder method: {@code maxSize} is {@code momoko.pool.max-size}. */
    private static String property(String prefix, ConfigurationException rejected) {
        String setting = rejected.setting();
        return setting == null ? prefix.substring(0, prefix.length() - 1)
                : prefix + setting.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }
}
