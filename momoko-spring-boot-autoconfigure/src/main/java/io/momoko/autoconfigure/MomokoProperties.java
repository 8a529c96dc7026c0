package io.momoko.autoconfigure;

import io.momoko.ConfigurationException;
import io.momoko.ConnectOptions;
import io.momoko.SslMode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Configuration of the Momoko pool, bound from {@code momoko.*}. Where the database is comes from
 * {@code momoko.url} or the host/port/database/username/password properties, unless a
 * {@link MomokoConnectionDetails} bean (for example from {@code @ServiceConnection}) says otherwise.
 *
 * <p>Checked when bound: an invalid value fails start-up with the property named.
 */
@ConfigurationProperties("momoko")
public class MomokoProperties implements Validator {

    /** Whether to configure a Momoko pool. */
    private boolean enabled = true;

    /**
     * Connection URL ({@code postgresql://user:secret@host:5432/db?sslmode=require}) or libpq DSN. Takes
     * precedence over host, port, database, username and password.
     */
    private String url;

    /** Server host. */
    private String host = "localhost";

    /** Server port. */
    private int port = 5432;

    /** Database name; the user name when not set. */
    private String database;

    /** Login user. */
    private String username;

    /** Login password. */
    private String password;

    /** TLS mode, as libpq's sslmode: disable, allow, prefer, require, verify-ca, verify-full. */
    private SslMode sslMode;

    /** Application name reported to the server (pg_stat_activity); spring.application.name when not set. */
    private String applicationName;

    /** How long opening one connection may take. */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /** Pool settings. */
    private final Pool pool = new Pool();

    /**
     * Returns whether to configure a pool.
     *
     * @return the flag
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets whether to configure a pool.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Returns the connection URL or DSN.
     *
     * @return the URL, or {@code null}
     */
    public String getUrl() {
        return url;
    }

    /**
     * Sets the connection URL or DSN.
     *
     * @param url the URL
     */
    public void setUrl(String url) {
        this.url = url;
    }

    /**
     * Returns the server host.
     *
     * @return the host
     */
    public String getHost() {
        return host;
    }

    /**
     * Sets the server host.
     *
     * @param host the host
     */
    public void setHost(String host) {
        this.host = host;
    }

    /**
     * Returns the server port.
     *
     * @return the port
     */
    public int getPort() {
        return port;
    }

    /**
     * Sets the server port.
     *
     * @param port the port
     */
    public void setPort(int port) {
        this.port = port;
    }

    /**
     * Returns the database name.
     *
     * @return the name, or {@code null}
     */
    public String getDatabase() {
        return database;
    }

    /**
     * Sets the database name.
     *
     * @param database the name
     */
    public void setDatabase(String database) {
        this.database = database;
    }

    /**
     * Returns the login user.
     *
     * @return the user, or {@code null}
     */
    public String getUsername() {
        return username;
    }

    /**
     * Sets the login user.
     *
     * @param username the user
     */
    public void setUsername(String username) {
        this.username = username;
    }

    /**
     * Returns the login password.
     *
     * @return the password, or {@code null}
     */
    public String getPassword() {
        return password;
    }

    /**
     * Sets the login password.
     *
     * @param password the password
     */
    public void setPassword(String password) {
        this.password = password;
    }

    /**
     * Returns the TLS mode.
     *
     * @return the mode, or {@code null} for the URL's or libpq's default (prefer)
     */
    public SslMode getSslMode() {
        return sslMode;
    }

    /**
     * Sets the TLS mode.
     *
     * @param sslMode the mode
     */
    public void setSslMode(SslMode sslMode) {
        this.sslMode = sslMode;
    }

    /**
     * Returns the application name.
     *
     * @return the name, or {@code null}
     */
    public String getApplicationName() {
        return applicationName;
    }

    /**
     * Sets the application name.
     *
     * @param applicationName the name
     */
    public void setApplicationName(String applicationName) {
        this.applicationName = applicationName;
    }

    /**
     * Returns the connect timeout.
     *
     * @return the timeout
     */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /**
     * Sets the connect timeout.
     *
     * @param connectTimeout the timeout
     */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /**
     * Returns the pool settings.
     *
     * @return the settings
     */
    public Pool getPool() {
        return pool;
    }

    @Override
    public boolean supports(Class<?> type) {
        return MomokoProperties.class.isAssignableFrom(type);
    }

    /**
     * Checks the values with the same rules the pool's builders apply, so that a bad value stops start-up with
     * its property named ({@code momoko.pool.maxSize: maxSize (2) must be >= size (5)}).
     */
    @Override
    public void validate(Object target, Errors errors) {
        MomokoProperties properties = (MomokoProperties) target;
        try {
            ConnectOptions.builder().port(properties.port).connectTimeout(properties.connectTimeout);
        } catch (ConfigurationException e) {
            errors.rejectValue(e.setting(), "invalid", e.getMessage());
        }
        Pool pool = properties.pool;
        try {
            io.momoko.Pool.builder().size(pool.size).maxSize(pool.maxSize).maxWaiting(pool.maxWaiting)
                    .pipelining(pool.pipelining).reconnectInterval(pool.reconnectInterval).shrinkDelay(pool.shrinkDelay)
                    .shrinkPeriod(pool.shrinkPeriod).acquireTimeout(pool.acquireTimeout)
                    .validationInterval(pool.validationInterval).queryTimeout(pool.queryTimeout)
                    .maxLifetime(pool.maxLifetime).leakDetectionThreshold(pool.leakDetectionThreshold).validate();
        } catch (ConfigurationException e) {
            errors.rejectValue("pool." + e.setting(), "invalid", e.getMessage());
        }
    }

    /** Pool settings, bound from {@code momoko.pool.*}. */
    public static class Pool {

        /** Pool name, used in messages, health details and the metrics' pool tag. */
        private String name = "momoko";

        /** Connections opened at start-up and kept when shrinking. */
        private int size = 1;

        /** Most connections the pool may hold when it stretches under load. */
        private int maxSize = 10;

        /** Least time between two failed attempts to reconnect a dead connection. */
        private Duration reconnectInterval = Duration.ofMillis(500);

        /** Whether start-up fails when some initial connections cannot be opened. */
        private boolean raiseConnectErrors = true;

        /** Statements run on every new connection, and again after a borrowed one is reset. */
        private List<String> setSession = new ArrayList<>();

        /** Whether idle connections beyond size are closed. */
        private boolean autoShrink;

        /** How long a connection must be idle before auto-shrink closes it. */
        private Duration shrinkDelay = Duration.ofMinutes(2);

        /** How often auto-shrink looks for idle connections. */
        private Duration shrinkPeriod = Duration.ofMinutes(2);

        /** How long a request may wait for a connection. */
        private Duration acquireTimeout = Duration.ofSeconds(30);

        /** How many requests may wait for a connection before more are rejected at once. */
        private int maxWaiting = 10_000;

        /** How long a statement may run before it is cancelled on the server; unlimited when not set. */
        private Duration queryTimeout;

        /** How long a connection lives before it is retired; unlimited when not set. */
        private Duration maxLifetime = Duration.ofMinutes(30);

        /** How long a connection may sit idle before it is checked with a round trip before use. */
        private Duration validationInterval = Duration.ofSeconds(30);

        /** How long a borrowed connection may be held before a leak warning is logged; off when not set. */
        private Duration leakDetectionThreshold;

        /**
         * Most single statements in flight on one connection. Above 1, statements are packed onto connections
         * already in use until each is full.
         */
        private int pipelining = 1;

        /**
         * Returns the pool name.
         *
         * @return the name
         */
        public String getName() {
            return name;
        }

        /**
         * Sets the pool name.
         *
         * @param name the name
         */
        public void setName(String name) {
            this.name = name;
        }

        /**
         * Returns the initial size.
         *
         * @return the size
         */
        public int getSize() {
            return size;
        }

        /**
         * Sets the initial size.
         *
         * @param size the size
         */
        public void setSize(int size) {
            this.size = size;
        }

        /**
         * Returns the maximum size.
         *
         * @return the size
         */
        public int getMaxSize() {
            return maxSize;
        }

        /**
         * Sets the maximum size.
         *
         * @param maxSize the size
         */
        public void setMaxSize(int maxSize) {
            this.maxSize = maxSize;
        }

        /**
         * Returns the reconnect interval.
         *
         * @return the interval
         */
        public Duration getReconnectInterval() {
            return reconnectInterval;
        }

        /**
         * Sets the reconnect interval.
         *
         * @param reconnectInterval the interval
         */
        public void setReconnectInterval(Duration reconnectInterval) {
            this.reconnectInterval = reconnectInterval;
        }

        /**
         * Returns whether start-up fails on connect errors.
         *
         * @return the flag
         */
        public boolean isRaiseConnectErrors() {
            return raiseConnectErrors;
        }

        /**
         * Sets whether start-up fails on connect errors.
         *
         * @param raiseConnectErrors the flag
         */
        public void setRaiseConnectErrors(boolean raiseConnectErrors) {
            this.raiseConnectErrors = raiseConnectErrors;
        }

        /**
         * Returns the session statements.
         *
         * @return the statements
         */
        public List<String> getSetSession() {
            return setSession;
        }

        /**
         * Sets the session statements.
         *
         * @param setSession the statements
         */
        public void setSetSession(List<String> setSession) {
            this.setSession = setSession;
        }

        /**
         * Returns whether auto-shrink is on.
         *
         * @return the flag
         */
        public boolean isAutoShrink() {
            return autoShrink;
        }

        /**
         * Sets whether auto-shrink is on.
         *
         * @param autoShrink the flag
         */
        public void setAutoShrink(boolean autoShrink) {
            this.autoShrink = autoShrink;
        }

        /**
         * Returns the shrink delay.
         *
         * @return the delay
         */
        public Duration getShrinkDelay() {
            return shrinkDelay;
        }

        /**
         * Sets the shrink delay.
         *
         * @param shrinkDelay the delay
         */
        public void setShrinkDelay(Duration shrinkDelay) {
            this.shrinkDelay = shrinkDelay;
        }

        /**
         * Returns the shrink period.
         *
         * @return the period
         */
        public Duration getShrinkPeriod() {
            return shrinkPeriod;
        }

        /**
         * Sets the shrink period.
         *
         * @param shrinkPeriod the period
         */
        public void setShrinkPeriod(Duration shrinkPeriod) {
            this.shrinkPeriod = shrinkPeriod;
        }

        /**
         * Returns the acquire timeout.
         *
         * @return the timeout
         */
        public Duration getAcquireTimeout() {
            return acquireTimeout;
        }

        /**
         * Sets the acquire timeout.
         *
         * @param acquireTimeout the timeout
         */
        public void setAcquireTimeout(Duration acquireTimeout) {
            this.acquireTimeout = acquireTimeout;
        }

        /**
         * Returns the wait queue bound.
         *
         * @return the bound
         */
        public int getMaxWaiting() {
            return maxWaiting;
        }

        /**
         * Sets the wait queue bound.
         *
         * @param maxWaiting the bound
         */
        public void setMaxWaiting(int maxWaiting) {
            this.maxWaiting = maxWaiting;
        }

        /**
         * Returns the query timeout.
         *
         * @return the timeout, or {@code null}
         */
        public Duration getQueryTimeout() {
            return queryTimeout;
        }

        /**
         * Sets the query timeout.
         *
         * @param queryTimeout the timeout
         */
        public void setQueryTimeout(Duration queryTimeout) {
            this.queryTimeout = queryTimeout;
        }

        /**
         * Returns the maximum lifetime.
         *
         * @return the lifetime, or {@code null}
         */
        public Duration getMaxLifetime() {
            return maxLifetime;
        }

        /**
         * Sets the maximum lifetime.
         *
         * @param maxLifetime the lifetime
         */
        public void setMaxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
        }

        /**
         * Returns the validation interval.
         *
         * @return the interval
         */
        public Duration getValidationInterval() {
            return validationInterval;
        }

        /**
         * Sets the validation interval.
         *
         * @param validationInterval the interval
         */
        public void setValidationInterval(Duration validationInterval) {
            this.validationInterval = validationInterval;
        }

        /**
         * Returns the leak detection threshold.
         *
         * @return the threshold, or {@code null}
         */
        public Duration getLeakDetectionThreshold() {
            return leakDetectionThreshold;
        }

        /**
         * Sets the leak detection threshold.
         *
         * @param leakDetectionThreshold the threshold
         */
        public void setLeakDetectionThreshold(Duration leakDetectionThreshold) {
            this.leakDetectionThreshold = leakDetectionThreshold;
        }

        /**
         * Returns the pipelining depth.
         *
         * @return the depth
         */
        public int getPipelining() {
            return pipelining;
        }

        /**
         * Sets the pipelining depth.
         *
         * @param pipelining the depth
         */
        public void setPipelining(int pipelining) {
            this.pipelining = pipelining;
        }
    }
}
