package io.momoko.autoconfigure;

import io.momoko.SslMode;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Configuration of the Momoko pool, bound from {@code momoko.*}. Where the database is comes from
 * {@code momoko.url} or the host/port/database/username/password properties, unless a
 * {@link MomokoConnectionDetails} bean (for example from {@code @ServiceConnection}) says otherwise.
 *
 * <p>Plain values only. The defaults are {@link io.momoko.Pool.Builder}'s and
 * {@link io.momoko.ConnectOptions.Builder}'s, except where a field's comment says why not. The values are
 * mapped and checked (with the core's own range checks) by {@link MomokoPoolBuilderMapper}.
 */
@ConfigurationProperties("momoko")
public class MomokoProperties {

    /** Whether to configure a Momoko pool. */
    private boolean enabled = true;

    /**
     * Connection URL (postgresql://user:secret@host:5432/db?sslmode=require) or libpq DSN, which takes precedence
     * over host, port, database, username and password.
     */
    private String url;

    // No default: an application that names no database must not quietly connect to localhost as the OS user.
    /** Server host; momoko.url or momoko.host must be set (or a service connection given). */
    private String host;

    /** Server port. */
    private int port = 5432;

    /** Database name; the user name when not set. */
    private String database;

    /** Login user; the operating-system user when not set. */
    private String username;

    /** Login password. */
    private String password;

    // Not the core's PREFER: left unset, the url's sslmode or the service connection's mode applies.
    /**
     * TLS mode, as libpq's sslmode (disable, allow, prefer, require, verify-ca, verify-full); the url's or the
     * service connection's mode, else prefer, when not set.
     */
    private SslMode sslMode;

    // The core sends none; a Spring application already has a name.
    /** Application name reported to the server (pg_stat_activity); spring.application.name when not set. */
    private String applicationName;

    // Unset means the url's connect_timeout or the core's 10 seconds: a default here would override the url.
    /** How long opening one connection may take; the url's connect_timeout, else 10s, when not set. */
    private Duration connectTimeout;

    /** TCP keepalive on every connection. */
    private final Keepalive keepalive = new Keepalive();

    /** Pool settings. */
    private final Pool pool = new Pool();

    /** Metrics settings. */
    private final Metrics metrics = new Metrics();

    /** Reads on standbys ({@code pool.replicas()}) when the url names several servers. */
    private final Replicas replicas = new Replicas();

    /** {@return the read-replica settings} */
    public Replicas getReplicas() {
        return this.replicas;
    }

    /** {@return whether to configure a pool} */
    public boolean isEnabled() {
        return this.enabled;
    }

    /** @param enabled whether to configure a pool */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** {@return the connection URL or DSN, or {@code null}} */
    public String getUrl() {
        return this.url;
    }

    /** @param url the connection URL or DSN */
    public void setUrl(String url) {
        this.url = url;
    }

    /** {@return the server host} */
    public String getHost() {
        return this.host;
    }

    /** @param host the server host */
    public void setHost(String host) {
        this.host = host;
    }

    /** {@return the server port} */
    public int getPort() {
        return this.port;
    }

    /** @param port the server port */
    public void setPort(int port) {
        this.port = port;
    }

    /** {@return the database name, or {@code null}} */
    public String getDatabase() {
        return this.database;
    }

    /** @param database the database name */
    public void setDatabase(String database) {
        this.database = database;
    }

    /** {@return the login user, or {@code null}} */
    public String getUsername() {
        return this.username;
    }

    /** @param username the login user */
    public void setUsername(String username) {
        this.username = username;
    }

    /** {@return the login password, or {@code null}} */
    public String getPassword() {
        return this.password;
    }

    /** @param password the login password */
    public void setPassword(String password) {
        this.password = password;
    }

    /** {@return the TLS mode, or {@code null}} */
    public SslMode getSslMode() {
        return this.sslMode;
    }

    /** @param sslMode the TLS mode */
    public void setSslMode(SslMode sslMode) {
        this.sslMode = sslMode;
    }

    /** {@return the application name, or {@code null}} */
    public String getApplicationName() {
        return this.applicationName;
    }

    /** @param applicationName the application name */
    public void setApplicationName(String applicationName) {
        this.applicationName = applicationName;
    }

    /** {@return how long opening one connection may take} */
    public Duration getConnectTimeout() {
        return this.connectTimeout;
    }

    /** @param connectTimeout how long opening one connection may take */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** {@return the TCP keepalive settings} */
    public Keepalive getKeepalive() {
        return this.keepalive;
    }

    /** {@return the pool settings} */
    public Pool getPool() {
        return this.pool;
    }

    /** {@return the metrics settings} */
    public Metrics getMetrics() {
        return this.metrics;
    }

    /** Metrics settings, bound from {@code momoko.metrics.*}. */
    public static class Metrics {

        /**
         * Whether to publish the pool's numbers under OpenTelemetry's database client names too
         * (db.client.connection.count, .max, .idle.min, .pending_requests, .wait_time, .use_time, .create_time,
         * .timeouts), besides momoko.*.
         */
        private boolean openTelemetryNames;

        /** {@return whether OpenTelemetry's names are published too} */
        public boolean isOpenTelemetryNames() {
            return this.openTelemetryNames;
        }

        /** @param openTelemetryNames whether OpenTelemetry's names are published too */
        public void setOpenTelemetryNames(boolean openTelemetryNames) {
            this.openTelemetryNames = openTelemetryNames;
        }
    }

    /**
     * TCP keepalive, bound from {@code momoko.keepalive.*}: how soon a server that vanished without closing the
     * connection is noticed (idle + interval x count; two minutes with the defaults).
     */
    public static class Keepalive {

        // Unset means the url's keepalives* or the core's default (on, 60s, 10s, 6): a default here would
        // silently override the url.
        /** Whether the operating system probes idle connections to the server; true when not set. */
        private Boolean enabled;

        /** How long a connection stays silent before the first probe (whole seconds); 60s when not set. */
        private Duration idle;

        /** Time between unanswered probes (whole seconds); 10s when not set. */
        private Duration interval;

        /** How many unanswered probes mean the server is gone; 6 when not set. */
        private Integer count;

        /** {@return whether probes are sent, or {@code null} when not set} */
        public Boolean getEnabled() {
            return this.enabled;
        }

        /** @param enabled whether probes are sent */
        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return the idle time before the first probe} */
        public Duration getIdle() {
            return this.idle;
        }

        /** @param idle the idle time before the first probe */
        public void setIdle(Duration idle) {
            this.idle = idle;
        }

        /** {@return the time between probes} */
        public Duration getInterval() {
            return this.interval;
        }

        /** @param interval the time between probes */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /** {@return how many unanswered probes mean the server is gone, or {@code null} when not set} */
        public Integer getCount() {
            return this.count;
        }

        /** @param count how many unanswered probes mean the server is gone */
        public void setCount(Integer count) {
            this.count = count;
        }
    }

    /** Pool settings, bound from {@code momoko.pool.*}. */
    public static class Pool {

        // Not the core's momoko-N: the metrics' pool tag is needed before the pool exists, and a JVM-wide
        // counter would change it on every context restart (tests, devtools).
        /** Pool name, used in messages, health details and the metrics' pool tag. */
        private String name = "momoko";

        /** Connections opened at start-up and kept when shrinking. */
        private int size = 1;

        // Not the core's default (maxSize = size, so 1): an application serves requests concurrently, and 10
        // is HikariCP's and Spring Boot's R2DBC pool's maximum too.
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

        // Not the core's none: with no bound, a statement on a connection whose server stopped answering waits
        // for ever, and so does the request that issued it. Five minutes stops nothing a web application runs.
        /**
         * How long a statement may run before it is cancelled on the server and its caller told; 0 for no limit
         * (batch jobs, migrations).
         */
        private Duration queryTimeout = Duration.ofMinutes(5);

        /** How long a connection lives before it is retired. */
        private Duration maxLifetime = Duration.ofMinutes(30);

        /** How long a connection may sit idle before it is checked with a round trip before use. */
        private Duration validationInterval = Duration.ofSeconds(30);

        /** How long a borrowed connection may be held before a leak warning is logged; off when not set. */
        private Duration leakDetectionThreshold;

        /**
         * Most single statements in flight on one connection; statements known to be short are packed onto
         * connections already in use until each is full, new and slow ones get a connection of their own; 1
         * turns pipelining off.
         */
        private int pipelining = 16;

        /** Prepared statements each connection keeps; 0 prepares every statement unnamed (PgBouncer transaction mode). */
        private int statementCacheSize = 256;

        /** {@return the pool name} */
        public String getName() {
            return this.name;
        }

        /** @param name the pool name */
        public void setName(String name) {
            this.name = name;
        }

        /** {@return the initial size} */
        public int getSize() {
            return this.size;
        }

        /** @param size the initial size */
        public void setSize(int size) {
            this.size = size;
        }

        /** {@return the maximum size} */
        public int getMaxSize() {
            return this.maxSize;
        }

        /** @param maxSize the maximum size */
        public void setMaxSize(int maxSize) {
            this.maxSize = maxSize;
        }

        /** {@return the least time between two failed reconnect attempts} */
        public Duration getReconnectInterval() {
            return this.reconnectInterval;
        }

        /** @param reconnectInterval the least time between two failed reconnect attempts */
        public void setReconnectInterval(Duration reconnectInterval) {
            this.reconnectInterval = reconnectInterval;
        }

        /** {@return whether start-up fails on connect errors} */
        public boolean isRaiseConnectErrors() {
            return this.raiseConnectErrors;
        }

        /** @param raiseConnectErrors whether start-up fails on connect errors */
        public void setRaiseConnectErrors(boolean raiseConnectErrors) {
            this.raiseConnectErrors = raiseConnectErrors;
        }

        /** {@return the session statements} */
        public List<String> getSetSession() {
            return this.setSession;
        }

        /** @param setSession the session statements */
        public void setSetSession(List<String> setSession) {
            this.setSession = setSession;
        }

        /** {@return whether auto-shrink is on} */
        public boolean isAutoShrink() {
            return this.autoShrink;
        }

        /** @param autoShrink whether auto-shrink is on */
        public void setAutoShrink(boolean autoShrink) {
            this.autoShrink = autoShrink;
        }

        /** {@return the idle time before auto-shrink closes a connection} */
        public Duration getShrinkDelay() {
            return this.shrinkDelay;
        }

        /** @param shrinkDelay the idle time before auto-shrink closes a connection */
        public void setShrinkDelay(Duration shrinkDelay) {
            this.shrinkDelay = shrinkDelay;
        }

        /** {@return how often auto-shrink runs} */
        public Duration getShrinkPeriod() {
            return this.shrinkPeriod;
        }

        /** @param shrinkPeriod how often auto-shrink runs */
        public void setShrinkPeriod(Duration shrinkPeriod) {
            this.shrinkPeriod = shrinkPeriod;
        }

        /** {@return how long a request may wait for a connection} */
        public Duration getAcquireTimeout() {
            return this.acquireTimeout;
        }

        /** @param acquireTimeout how long a request may wait for a connection */
        public void setAcquireTimeout(Duration acquireTimeout) {
            this.acquireTimeout = acquireTimeout;
        }

        /** {@return the wait queue bound} */
        public int getMaxWaiting() {
            return this.maxWaiting;
        }

        /** @param maxWaiting the wait queue bound */
        public void setMaxWaiting(int maxWaiting) {
            this.maxWaiting = maxWaiting;
        }

        /** {@return the query timeout; zero or {@code null} for none} */
        public Duration getQueryTimeout() {
            return this.queryTimeout;
        }

        /** @param queryTimeout the query timeout; zero or {@code null} for none */
        public void setQueryTimeout(Duration queryTimeout) {
            this.queryTimeout = queryTimeout;
        }

        /** {@return the maximum lifetime, or {@code null}} */
        public Duration getMaxLifetime() {
            return this.maxLifetime;
        }

        /** @param maxLifetime the maximum lifetime, or {@code null} */
        public void setMaxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
        }

        /** {@return the idle time after which a connection is checked before use} */
        public Duration getValidationInterval() {
            return this.validationInterval;
        }

        /** @param validationInterval the idle time after which a connection is checked before use */
        public void setValidationInterval(Duration validationInterval) {
            this.validationInterval = validationInterval;
        }

        /** {@return the leak detection threshold, or {@code null}} */
        public Duration getLeakDetectionThreshold() {
            return this.leakDetectionThreshold;
        }

        /** @param leakDetectionThreshold the leak detection threshold, or {@code null} */
        public void setLeakDetectionThreshold(Duration leakDetectionThreshold) {
            this.leakDetectionThreshold = leakDetectionThreshold;
        }

        /** {@return the most statements in flight on one connection} */
        public int getPipelining() {
            return this.pipelining;
        }

        /** @param pipelining the most statements in flight on one connection */
        public void setPipelining(int pipelining) {
            this.pipelining = pipelining;
        }

        /** {@return the prepared statements each connection keeps} */
        public int getStatementCacheSize() {
            return this.statementCacheSize;
        }

        /** @param statementCacheSize the prepared statements each connection keeps, 0 for none */
        public void setStatementCacheSize(int statementCacheSize) {
            this.statementCacheSize = statementCacheSize;
        }

        /**
         * Whether PgBouncer (or another pooler) in transaction mode is in front of the server: unnamed statements,
         * and no session state (set-session, SET, LISTEN refused). Without it, a pool that finds its prepared
         * statements lost switches to unnamed statements by itself, with a warning.
         */
        private boolean pgbouncer;

        /** {@return whether a pooler in transaction mode is in front of the server} */
        public boolean isPgbouncer() {
            return this.pgbouncer;
        }

        /** @param pgbouncer whether a pooler in transaction mode is in front of the server */
        public void setPgbouncer(boolean pgbouncer) {
            this.pgbouncer = pgbouncer;
        }
    }

    /** Reads on standbys through {@code pool.replicas()}. */
    public static class Replicas {

        /** How far behind the primary a standby may be and still serve reads. */
        private Duration maxLag = Duration.ofSeconds(10);

        /** How often each server's role and replay lag are measured. */
        private Duration checkInterval = Duration.ofSeconds(1);

        /** Whether reads go to the primary when no standby is within max-lag (else they fail). */
        private boolean fallbackToPrimary = true;

        /** Whether read-only transactions ({@code @Transactional(readOnly = true)}) run on a standby. */
        private boolean readOnlyTransactions;

        /** {@return whether read-only transactions run on a standby} */
        public boolean isReadOnlyTransactions() {
            return this.readOnlyTransactions;
        }

        /** @param readOnlyTransactions whether read-only transactions run on a standby */
        public void setReadOnlyTransactions(boolean readOnlyTransactions) {
            this.readOnlyTransactions = readOnlyTransactions;
        }

        /** {@return the lag bound} */
        public Duration getMaxLag() {
            return this.maxLag;
        }

        /** @param maxLag the lag bound */
        public void setMaxLag(Duration maxLag) {
            this.maxLag = maxLag;
        }

        /** {@return how often servers are checked} */
        public Duration getCheckInterval() {
            return this.checkInterval;
        }

        /** @param checkInterval how often servers are checked */
        public void setCheckInterval(Duration checkInterval) {
            this.checkInterval = checkInterval;
        }

        /** {@return whether reads fall back to the primary} */
        public boolean isFallbackToPrimary() {
            return this.fallbackToPrimary;
        }

        /** @param fallbackToPrimary whether reads fall back to the primary */
        public void setFallbackToPrimary(boolean fallbackToPrimary) {
            this.fallbackToPrimary = fallbackToPrimary;
        }
    }
}
