package io.momoko;


import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where a PostgreSQL server is and how to log in to it. Immutable; build one with {@link #builder()} or
 * parse one from a URL or libpq DSN with {@link #parse(String)}.
 *
 * <p>{@link #toString()} never shows the password.
 */
public final class ConnectOptions {

    /** The port PostgreSQL listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 5432;

    private final String host;
    private final int port;
    private final List<ServerAddress> servers;
    private final TargetSessionAttrs targetSessionAttrs;
    private final boolean loadBalanceHosts;
    private final String database;
    private final String user;
    private final String password;
    private final Supplier<String> passwordProvider;
    private final SslMode sslMode;
    private final Path sslRootCert;
    private final String applicationName;
    private final Duration connectTimeout;
    private final TcpKeepalive keepalive;
    private final Map<String, String> serverParameters;

    private ConnectOptions(Builder builder) {
        this.servers = builder.servers != null ? List.copyOf(builder.servers)
                : List.of(new ServerAddress(builder.host, builder.port));
        this.host = servers.get(0).host();
        this.port = servers.get(0).port();
        this.targetSessionAttrs = builder.targetSessionAttrs;
        this.loadBalanceHosts = builder.loadBalanceHosts;
        this.user = builder.user != null ? builder.user : System.getProperty("user.name", "postgres");
        this.database = builder.database != null ? builder.database : this.user;
        this.password = builder.password;
        this.passwordProvider = builder.passwordProvider;
        this.sslMode = builder.sslMode;
        this.sslRootCert = builder.sslRootCert;
        this.applicationName = builder.applicationName;
        this.connectTimeout = builder.connectTimeout;
        this.keepalive = builder.keepalive;
        this.serverParameters = Collections.unmodifiableMap(new LinkedHashMap<>(builder.serverParameters));
    }

    /**
     * Parses a connection string in either of the forms libpq accepts: a URL
     * ({@code postgresql://user:secret@host:5432/db?sslmode=require&application_name=app}) or key=value
     * pairs ({@code host=localhost port=5432 dbname=test user=postgres}).
     *
     * <p>Recognised keys: {@code host}, {@code port}, {@code dbname}, {@code user}, {@code password},
     * {@code sslmode}, {@code sslrootcert}, {@code application_name}, {@code connect_timeout} (seconds),
     * {@code keepalives} (0 or 1), {@code keepalives_idle}, {@code keepalives_interval} (seconds),
     * {@code keepalives_count} and {@code options} ({@code -c name=value} server settings). Any other key is rejected, so a typo does not go unnoticed.
     *
     * @param dsn the connection string
     * @return the options it describes
     * @throws ConfigurationException when the string cannot be parsed; the message never contains the password
     */
    public static ConnectOptions parse(String dsn) {
        return Dsn.parse(dsn);
    }

    /**
     * Starts a builder with libpq's defaults: host {@code localhost}, port 5432, the operating-system user,
     * a database named after the user, {@code sslmode=prefer}, a 10 second connect timeout; and TCP keepalive
     * on ({@link TcpKeepalive#DEFAULT}).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder that starts from these options.
     *
     * @return a builder holding a copy of every setting
     */
    public Builder toBuilder() {
        Builder builder = new Builder().host(host).port(port).database(database).user(user).password(password)
                .sslMode(sslMode).applicationName(applicationName).connectTimeout(connectTimeout).keepalive(keepalive)
                .targetSessionAttrs(targetSessionAttrs).loadBalanceHosts(loadBalanceHosts);
        if (servers.size() > 1) {
            builder.servers(servers);
        }
        builder.passwordProvider = passwordProvider;
        builder.sslRootCert = sslRootCert;
        builder.serverParameters.putAll(serverParameters);
        return builder;
    }

    /**
     * Returns the server's host name or IP address.
     *
     * @return the host
     */
    public String host() {
        return host;
    }

    /**
     * Returns the server's TCP port.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns the database to connect to.
     *
     * @return the database name
     */
    public String database() {
        return database;
    }

    /**
     * Returns the user to log in as.
     *
     * @return the user name
     */
    public String user() {
        return user;
    }

    /**
     * Returns the password, asking the {@linkplain Builder#passwordProvider(Supplier) provider} when one is
     * set: every new connection calls this, so a rotated secret is picked up by the next connection. Callers
     * must not log it.
     *
     * @return the password, or {@code null} when none is set
     */
    public String password() {
        return passwordProvider != null ? passwordProvider.get() : password;
    }

    /**
     * Returns how TLS is negotiated.
     *
     * @return the TLS mode
     */
    public SslMode sslMode() {
        return sslMode;
    }

    /**
     * Returns the PEM file of the certificate authorities trusted for the server's certificate (libpq's
     * {@code sslrootcert}).
     *
     * @return the file, or {@code null}
     */
    public Path sslRootCert() {
        return sslRootCert;
    }

    /**
     * Returns the {@code application_name} reported to the server (visible in {@code pg_stat_activity}).
     *
     * @return the application name, or {@code null}
     */
    public String applicationName() {
        return applicationName;
    }

    /**
     * Returns how long opening a connection may take.
     *
     * @return the connect timeout
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Returns the run-time parameters sent at start-up (libpq's {@code options=-c name=value}).
     *
     * @return an unmodifiable map of parameter names to values
     */
    public Map<String, String> serverParameters() {
        return serverParameters;
    }

    /**
     * Returns every server to try, in the order given; one unless the connection string named several.
     *
     * @return the servers, the first being {@link #host()}:{@link #port()}
     */
    public List<ServerAddress> servers() {
        return servers;
    }

    /**
     * Returns which server a new connection must land on when several are named.
     *
     * @return {@link TargetSessionAttrs#ANY} unless set
     */
    public TargetSessionAttrs targetSessionAttrs() {
        return targetSessionAttrs;
    }

    /**
     * Tells whether the servers are tried in random order (libpq's {@code load_balance_hosts=random}).
     *
     * @return {@code false}: in the order given, unless set
     */
    public boolean loadBalanceHosts() {
        return loadBalanceHosts;
    }

    /**
     * Returns these options for one of their servers only: what one connection attempt uses.
     *
     * @param server one of {@link #servers()}
     * @return the options with that single server and no choice left to make
     */
    public ConnectOptions forServer(ServerAddress server) {
        Builder builder = toBuilder();
        builder.servers = null;
        return builder.host(server.host()).port(server.port()).targetSessionAttrs(TargetSessionAttrs.ANY)
                .loadBalanceHosts(false).build();
    }

    /**
     * Returns the TCP keepalive settings of every connection.
     *
     * @return the settings; {@link TcpKeepalive#DEFAULT} unless set
     */
    public TcpKeepalive keepalive() {
        return keepalive;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof ConnectOptions)) {
            return false;
        }
        ConnectOptions that = (ConnectOptions) other;
        return servers.equals(that.servers) && targetSessionAttrs == that.targetSessionAttrs
                && loadBalanceHosts == that.loadBalanceHosts && database.equals(that.database)
                && user.equals(that.user) && Objects.equals(password, that.password)
                && Objects.equals(passwordProvider, that.passwordProvider) && sslMode == that.sslMode
                && Objects.equals(sslRootCert, that.sslRootCert)
                && Objects.equals(applicationName, that.applicationName)
                && connectTimeout.equals(that.connectTimeout) && keepalive.equals(that.keepalive)
                && serverParameters.equals(that.serverParameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(servers, targetSessionAttrs, database, user, sslMode, applicationName, connectTimeout,
                keepalive,
                serverParameters);
    }

    /**
     * Describes the options as a URL with the password masked, safe to log.
     *
     * @return for example {@code postgresql://app:***@db:5432/shop?sslmode=prefer}
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("postgresql://").append(user);
        if (password != null || passwordProvider != null) {
            text.append(":***");
        }
        text.append('@');
        for (int i = 0; i < servers.size(); i++) {
            text.append(i == 0 ? "" : ",").append(servers.get(i));
        }
        text.append('/').append(database).append("?sslmode=").append(sslMode.dsnValue());
        if (applicationName != null) {
            text.append("&application_name=").append(applicationName);
        }
        if (targetSessionAttrs != TargetSessionAttrs.ANY) {
            text.append("&target_session_attrs=").append(targetSessionAttrs.dsnValue());
        }
        if (loadBalanceHosts) {
            text.append("&load_balance_hosts=random");
        }
        return text.toString();
    }

    /**
     * Builds {@link ConnectOptions}. Every setter validates its argument at once and names the setting in
     * its error.
     */
    public static final class Builder {
        private String host = "localhost";
        private List<ServerAddress> servers;
        private TargetSessionAttrs targetSessionAttrs = TargetSessionAttrs.ANY;
        private boolean loadBalanceHosts;
        private int port = DEFAULT_PORT;
        private String database;
        private String user;
        private String password;
        private Supplier<String> passwordProvider;
        private SslMode sslMode = SslMode.PREFER;
        private Path sslRootCert;
        private String applicationName;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private TcpKeepalive keepalive = TcpKeepalive.DEFAULT;
        private final Map<String, String> serverParameters = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets the server's host name or IP address.
         *
         * @param host the host, not blank
         * @return this builder
         */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new ConfigurationException("host", "host must not be blank");
            }
            this.host = host;
            return this;
        }

        /**
         * Sets the server's TCP port.
         *
         * @param port 1 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new ConfigurationException("port", "port must be between 1 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets the database name; by default the user name.
         *
         * @param database the database, or {@code null} for the default
         * @return this builder
         */
        public Builder database(String database) {
            this.database = database;
            return this;
        }

        /**
         * Sets the user name; by default the operating-system user.
         *
         * @param user the user, or {@code null} for the default
         * @return this builder
         */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /**
         * Sets the password.
         *
         * @param password the password, or {@code null} for none
         * @return this builder
         */
        public Builder password(String password) {
            this.password = password;
            this.passwordProvider = null;
            return this;
        }

        /**
         * Sets where the password comes from, asked again for every new connection: for secrets that a
         * secrets manager rotates. Replaces a fixed {@link #password(String)}.
         *
         * @param passwordProvider returns the current password; it must not block for long
         * @return this builder
         */
        public Builder passwordProvider(Supplier<String> passwordProvider) {
            this.passwordProvider = Objects.requireNonNull(passwordProvider, "passwordProvider");
            this.password = null;
            return this;
        }

        /**
         * Sets how TLS is negotiated; {@link SslMode#PREFER} by default, as in libpq.
         *
         * @param sslMode the mode, not {@code null}
         * @return this builder
         */
        public Builder sslMode(SslMode sslMode) {
            this.sslMode = Objects.requireNonNull(sslMode, "sslMode");
            return this;
        }

        /**
         * Sets the trusted certificate authorities (PEM) for {@link SslMode#VERIFY_CA} and
         * {@link SslMode#VERIFY_FULL}; without it those modes trust the JVM's default trust store (public
         * authorities). With {@link SslMode#REQUIRE} it makes the authority checked too, as in libpq.
         *
         * @param sslRootCert the PEM file, or {@code null}
         * @return this builder
         */
        public Builder sslRootCert(Path sslRootCert) {
            this.sslRootCert = sslRootCert;
            return this;
        }

        /**
         * Sets the {@code application_name} reported to the server.
         *
         * @param applicationName the name, or {@code null}
         * @return this builder
         */
        public Builder applicationName(String applicationName) {
            this.applicationName = applicationName;
            return this;
        }

        /**
         * Sets how long opening a connection may take; 10 seconds by default.
         *
         * @param connectTimeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new ConfigurationException("connectTimeout", "connectTimeout must be positive, was " + connectTimeout);
            }
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * Names several servers, tried in order (or at random with {@link #loadBalanceHosts(boolean)}) until one
         * accepts and fits {@link #targetSessionAttrs(TargetSessionAttrs)}; replaces {@link #host(String)} and
         * {@link #port(int)}.
         *
         * @param servers one or more servers
         * @return this builder
         */
        public Builder servers(List<ServerAddress> servers) {
            if (servers == null || servers.isEmpty()) {
                throw new ConfigurationException("host", "at least one server must be given");
            }
            this.servers = List.copyOf(servers);
            return this;
        }

        /**
         * Sets which server a new connection must land on, as libpq's {@code target_session_attrs}.
         *
         * @param targetSessionAttrs the requirement
         * @return this builder
         */
        public Builder targetSessionAttrs(TargetSessionAttrs targetSessionAttrs) {
            this.targetSessionAttrs = Objects.requireNonNull(targetSessionAttrs, "targetSessionAttrs");
            return this;
        }

        /**
         * Tries the servers in random order, spreading connections over them (libpq's
         * {@code load_balance_hosts=random}).
         *
         * @param loadBalanceHosts whether to shuffle
         * @return this builder
         */
        public Builder loadBalanceHosts(boolean loadBalanceHosts) {
            this.loadBalanceHosts = loadBalanceHosts;
            return this;
        }

        /**
         * Sets TCP keepalive for every connection.
         *
         * @param keepalive the settings, for example {@code TcpKeepalive.DEFAULT.withIdle(Duration.ofSeconds(30))}
         *                  or {@link TcpKeepalive#OFF}
         * @return this builder
         */
        public Builder keepalive(TcpKeepalive keepalive) {
            if (keepalive == null) {
                throw new ConfigurationException("keepalive", "keepalive must not be null (TcpKeepalive.OFF switches "
                        + "it off)");
            }
            this.keepalive = keepalive;
            return this;
        }

        /**
         * Adds a run-time parameter sent at start-up, for example {@code search_path}.
         *
         * @param name the parameter name
         * @param value its value
         * @return this builder
         */
        public Builder serverParameter(String name, String value) {
            if (name == null || name.isBlank()) {
                throw new ConfigurationException("server parameter name must not be blank");
            }
            serverParameters.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Creates the immutable options.
         *
         * @return the options
         */
        public ConnectOptions build() {
            return new ConnectOptions(this);
        }
    }
}
