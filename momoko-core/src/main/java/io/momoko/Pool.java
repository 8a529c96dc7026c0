package io.momoko;

import io.momoko.internal.Engine;
import io.momoko.internal.PoolSettings;
import io.momoko.metrics.PoolMetrics;
import io.momoko.metrics.StatementObserver;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A pool of PostgreSQL connections with Momoko's semantics: {@code size} connections opened by
 * {@link #connect()}, stretching on demand up to {@code maxSize}, dead connections reconnected lazily,
 * {@code setSession} statements run on every new connection, and {@link #getConn()}/{@link #putConn(Connection)}
 * for work bound to one connection. Unlike Momoko it bounds waiting, times statements out, resets returned
 * connections, never runs a statement twice, and completes every future it returns.
 *
 * <pre>{@code
 * Pool pool = Pool.builder().url("postgresql://app@localhost/shop").size(4).maxSize(16).build();
 * pool.connect().join();
 * Cursor<Row> cursor = pool.execute("SELECT * FROM products WHERE id = %s", 42).join();
 * pool.close().join();
 * }</pre>
 *
 * <p>Statements sent with the {@link SqlOperations} methods each borrow a connection for themselves (a
 * transaction for all its statements) and give it back when done. A statement whose connection turned out
 * to be closed before the statement was written to it is retried once on another connection; one that may
 * have reached the server is never retried.
 *
 * <p>Futures complete on the pool's Vert.x event-loop thread; see {@link Connection} for what that means.
 */
public interface Pool extends SqlOperations<Row> {

    /**
     * Starts a builder.
     *
     * @return a new builder with the defaults documented on its methods
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the {@code size} initial connections at once and completes when every attempt has ended.
     * With {@code raiseConnectErrors} (the default) and a failure it fails with
     * {@link PartiallyConnectedException}, and the pool stays usable with the connections that opened;
     * without it the failed ones wait as dead connections to be reconnected on demand. Requests made before
     * this completes wait for the connections being opened.
     *
     * @return this pool, once connected
     */
    CompletableFuture<Pool> connect();

    /**
     * Returns a view of this pool whose results are built by the given factory.
     *
     * @param factory how to build each row
     * @param <R> the row type
     * @return the view, sharing this pool
     */
    <R> SqlOperations<R> withCursorFactory(CursorFactory<R> factory);

    /**
     * Borrows a connection, runs {@code work} in a transaction on it (see
     * {@link Connection#inTransaction(Function)}) and gives it back. Never retried: the work may have effects
     * outside the database.
     *
     * @param work what to run on the connection
     * @param <T> the result type
     * @return the work's result, after the commit
     */
    <T> CompletableFuture<T> inTransaction(Function<? super Connection, ? extends CompletionStage<T>> work);

    /**
     * Interpolates parameters on the client, as {@link Connection#mogrify(String, Object...)}.
     *
     * @param sql the statement
     * @param params one value per placeholder
     * @return the SQL text with literals in place of placeholders
     */
    String mogrify(String sql, Object... params);

    /**
     * Interpolates named parameters on the client, as {@link Connection#mogrify(String, Map)}.
     *
     * @param sql the statement
     * @param params the values by name
     * @return the SQL text with literals in place of placeholders
     */
    String mogrify(String sql, Map<String, ?> params);

    /**
     * Returns the blocking view of this pool, for virtual threads and Spring MVC: the same statements, returning
     * their results and throwing Momoko's exceptions unwrapped. It uses the connection a transaction manager bound
     * to the calling thread ({@link ConnectionBinding}), so {@code @Transactional} code runs inside its transaction.
     *
     * @return the blocking view, sharing this pool
     */
    BlockingPool blocking();

    /**
     * Returns reads on standbys: when the connection string names several servers, each statement goes to a hot
     * standby whose replay lag is within the {@link ReplicaPolicy} ({@link Builder#replicaPolicy}), round robin;
     * when none qualifies, to this pool (or fails, as the policy says). With one server, everything goes to this
     * pool. Standbys refuse writes (25006). A read may see data up to {@code maxLag} old: read your own writes
     * through the pool itself.
     *
     * @return the read operations, and connections for read-only transactions
     */
    Replicas replicas();

    /**
     * Returns each server of the connection string with its role and lag as last measured for {@link #replicas()};
     * empty when the connection string names one server.
     *
     * @return one entry per server, in the connection string's order
     */
    List<ServerStatus> servers();

    /**
     * Checks with a round trip that the pool can reach the server.
     *
     * @return completes normally when a connection answered
     */
    CompletableFuture<Void> ping();

    /**
     * Turns on {@code hstore} for every connection of the pool, current and future.
     *
     * @return completes when hstore is on; fails when the extension is not installed
     */
    CompletableFuture<Void> registerHstore();

    /**
     * Borrows a connection for work that must stay on one connection (server-side cursors, session state).
     * Give it back with {@link #putConn(Connection)}, {@link #manage(Connection)} or use
     * {@link #withConnection(Function)} instead. Never retried.
     *
     * @return a connection of one's own until it is returned
     */
    CompletableFuture<Connection> getConn();

    /**
     * Borrows a connection, first checking it with a round trip when {@code ping} is set.
     *
     * @param ping whether to check the connection before handing it out
     * @return a connection of one's own until it is returned
     */
    CompletableFuture<Connection> getConn(boolean ping);

    /**
     * Gives back a connection from {@link #getConn()}. An open transaction is rolled back and session
     * changes are undone (then the pool's {@code setSession} statements run again) so that the next borrower
     * finds it as new. The connection must not be used afterwards.
     *
     * @param connection the borrowed connection
     * @return completes when the connection is back in the pool
     * @throws ProgrammingException (through the future) for a connection of another pool or one already returned
     */
    CompletableFuture<Void> putConn(Connection connection);

    /**
     * Wraps a borrowed connection for try-with-resources: closing the wrapper returns the connection.
     *
     * @param connection the borrowed connection
     * @return the wrapper
     */
    ManagedConnection manage(Connection connection);

    /**
     * Borrows a connection, runs {@code work} with it and gives it back however the work ends.
     *
     * @param work what to run; its stage decides when the connection goes back
     * @param <T> the result type
     * @return the work's result
     */
    <T> CompletableFuture<T> withConnection(Function<? super Connection, ? extends CompletionStage<T>> work);

    /**
     * Returns the pool's numbers now.
     *
     * @return a snapshot
     */
    PoolStats stats();

    /**
     * Streams a query's rows as a {@link Flow.Publisher}, 1,000 rows per fetch; see
     * {@link #stream(int, String, Object...)}.
     *
     * @param sql the query
     * @param params the values for the placeholders
     * @return a publisher for one subscriber
     */
    Flow.Publisher<Row> stream(String sql, Object... params);

    /**
     * Streams a query's rows with back-pressure. On the first request the publisher borrows a connection,
     * opens a transaction and a server-side cursor, and fetches {@code fetchSize} rows at a time only as the
     * subscriber asks for them: at most about one fetch of rows is held, whatever the demand. On completion,
     * error or cancellation it closes the cursor, ends the transaction and gives the connection back. It
     * follows the Reactive Streams rules (one subscriber; {@code request(n <= 0)} is an error).
     *
     * <p>The fetch size comes first in every {@code stream} method, so that it cannot be mistaken for a query
     * parameter.
     *
     * @param fetchSize rows per round trip, at least 1
     * @param sql the query
     * @param params the values for the placeholders
     * @return a publisher for one subscriber
     */
    Flow.Publisher<Row> stream(int fetchSize, String sql, Object... params);

    /**
     * Streams a query's rows built by a cursor factory (records, maps), as
     * {@link #stream(int, String, Object...)} does for {@link Row}s.
     *
     * @param factory how to build each row
     * @param fetchSize rows per round trip, at least 1
     * @param sql the query
     * @param params the values for the placeholders
     * @param <R> the row type
     * @return a publisher for one subscriber
     */
    <R> Flow.Publisher<R> stream(CursorFactory<R> factory, int fetchSize, String sql, Object... params);

    /**
     * Streams a query's rows to a callback without a reactive library: a connection, transaction and
     * server-side cursor are held for the duration and released at the end, whatever happens.
     *
     * @param fetchSize rows per round trip, at least 1
     * @param sql the query
     * @param consumer called once per row on the pool's event loop; it must not block
     * @param params the values for the placeholders
     * @return completes after the last row, or with the first error
     */
    CompletableFuture<Void> stream(int fetchSize, String sql, Consumer<? super Row> consumer, Object... params);

    /** How many notifications a subscriber of {@link #listen(String)} may fall behind before some are dropped. */
    int DEFAULT_NOTIFICATION_BUFFER = 1024;

    /**
     * Listens to a channel ({@code LISTEN}), with a buffer of {@value #DEFAULT_NOTIFICATION_BUFFER} per subscriber.
     *
     * @param channel the channel, as {@code pg_notify} and {@link #notify(String, String)} name it (case matters)
     * @return a publisher; see {@link #listen(String, int)}
     */
    Flow.Publisher<Notification> listen(String channel);

    /**
     * Listens to a channel ({@code LISTEN}). Every subscriber gets every notification sent to the channel after
     * it subscribed, until it cancels or the pool closes (then it completes).
     *
     * <p>The pool listens on one dedicated connection, opened when the first subscriber arrives and closed when
     * the last one leaves; it is not counted in {@link #stats()}, size or maxSize, and shows in
     * {@code pg_stat_activity} under the pool's application name. Its notifications are delivered on the pool's
     * event loop: a subscriber must not block there. When that connection is lost it is reopened, the channels
     * are listened to again, and each subscriber then receives a {@linkplain Notification#isGap() gap marker}:
     * notifications sent meanwhile are lost (PostgreSQL keeps none). A subscriber that falls behind by more than
     * {@code bufferSize} loses the newest ones instead, counted in a gap marker; memory stays bounded.
     *
     * <p>An invalid channel (null, empty, longer than 63 bytes) fails the subscriber with
     * {@link ProgrammingException}; so does a subscription to a closed pool, with {@link PoolClosedException}.
     *
     * @param channel the channel (case matters: it is quoted)
     * @param bufferSize how many notifications each subscriber's buffer holds, at least 1
     * @return a publisher; each subscription is independent
     */
    Flow.Publisher<Notification> listen(String channel, int bufferSize);

    /**
     * Sends a notification ({@code pg_notify}, values bound as parameters, so any text is safe).
     *
     * @param channel the channel
     * @param payload the payload, at most 8000 bytes (PostgreSQL's limit); {@code null} sends an empty one
     * @return completes when the server has taken it (delivered to listeners when the sending transaction
     *         commits; a pool-level statement commits at once)
     */
    CompletableFuture<Void> notify(String channel, String payload);

    /**
     * Returns the operator's view of this pool: who holds connections, eviction of idle ones.
     *
     * @return the administration view, sharing this pool
     */
    PoolAdmin admin();

    /**
     * Returns the pool's name.
     *
     * @return the name given to the builder, or a generated one
     */
    String name();

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return {@code true} once the pool takes no more work
     */
    boolean isClosed();

    /**
     * Closes the pool: new work fails with {@link PoolClosedException}, waiting requests fail with it too,
     * work in progress may finish within the builder's {@code closeTimeout}, then every connection closes.
     *
     * @return completes when every connection is closed
     */
    CompletableFuture<Void> close();

    /**
     * Configures and builds a {@link Pool}. Setters take values as given (only references that must not be
     * {@code null} are checked at once); {@link #validate()} and {@link #build()} check every setting and
     * their combination, with messages naming the setting.
     */
    final class Builder {
        private ConnectOptions connectOptions;
        private String name;
        private int size = 1;
        private Integer maxSize;
        private Duration reconnectInterval = Duration.ofMillis(500);
        private boolean raiseConnectErrors = true;
        private List<String> setSession = List.of();
        private boolean autoShrink;
        private Duration shrinkDelay = Duration.ofMinutes(2);
        private Duration shrinkPeriod = Duration.ofMinutes(2);
        private Duration acquireTimeout = Duration.ofSeconds(30);
        private int maxWaiting = 10_000;
        private Duration queryTimeout;
        private Duration maxLifetime = Duration.ofMinutes(30);
        private Duration validationInterval = Duration.ofSeconds(30);
        private Duration leakDetectionThreshold;
        private Duration closeTimeout = Duration.ofSeconds(30);
        private int pipelining = 16;
        private int statementCacheSize = 256;
        private boolean pgbouncer;
        private ReplicaPolicy replicaPolicy = ReplicaPolicy.DEFAULT;
        private Vertx vertx;
        private PoolMetrics metrics = PoolMetrics.NOOP;
        private StatementObserver observer = StatementObserver.NONE;

        private Builder() {
        }

        /**
         * Sets the server by URL or libpq DSN; see {@link ConnectOptions#parse(String)}.
         *
         * @param url the connection string
         * @return this builder
         */
        public Builder url(String url) {
            this.connectOptions = ConnectOptions.parse(url);
            return this;
        }

        /**
         * Sets the server and login.
         *
         * @param connectOptions where and how to connect
         * @return this builder
         */
        public Builder connectOptions(ConnectOptions connectOptions) {
            this.connectOptions = Objects.requireNonNull(connectOptions, "connectOptions");
            return this;
        }

        /**
         * Names the pool in messages, {@code toString()} and metrics; {@code momoko-N} by default.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets how many connections {@link Pool#connect()} opens and auto-shrink keeps; 1 by default.
         *
         * @param size zero or more
         * @return this builder
         */
        public Builder size(int size) {
            this.size = size;
            return this;
        }

        /**
         * Sets how far the pool may stretch under load; {@code size} by default.
         *
         * @param maxSize at least {@code size} and at least 1
         * @return this builder
         */
        public Builder maxSize(int maxSize) {
            this.maxSize = maxSize;
            return this;
        }

        /**
         * Sets how long a failed connection attempt blocks the next one; 500 ms by default, as in Momoko.
         *
         * @param reconnectInterval zero or more
         * @return this builder
         */
        public Builder reconnectInterval(Duration reconnectInterval) {
            this.reconnectInterval = reconnectInterval;
            return this;
        }

        /**
         * Sets whether {@link Pool#connect()} fails when some initial connections fail; {@code true} by default.
         *
         * @param raiseConnectErrors whether to fail
         * @return this builder
         */
        public Builder raiseConnectErrors(boolean raiseConnectErrors) {
            this.raiseConnectErrors = raiseConnectErrors;
            return this;
        }

        /**
         * Sets statements run, in order, on every new or reconnected connection before it is used, and again
         * after a borrowed connection is reset, such as {@code SET TIME ZONE 'UTC'}.
         *
         * @param statements the statements
         * @return this builder
         */
        public Builder setSession(List<String> statements) {
            this.setSession = List.copyOf(statements);
            return this;
        }

        /**
         * Sets whether idle connections beyond {@code size} are closed; off by default.
         *
         * @param autoShrink whether to shrink
         * @return this builder
         */
        public Builder autoShrink(boolean autoShrink) {
            this.autoShrink = autoShrink;
            return this;
        }

        /**
         * Sets how long a connection must be idle before auto-shrink closes it; 2 minutes by default.
         *
         * @param shrinkDelay zero or more
         * @return this builder
         */
        public Builder shrinkDelay(Duration shrinkDelay) {
            this.shrinkDelay = shrinkDelay;
            return this;
        }

        /**
         * Sets how often auto-shrink looks for idle connections; 2 minutes by default.
         *
         * @param shrinkPeriod positive
         * @return this builder
         */
        public Builder shrinkPeriod(Duration shrinkPeriod) {
            this.shrinkPeriod = shrinkPeriod;
            return this;
        }

        /**
         * Sets how long a request may wait for a connection; 30 seconds by default.
         *
         * @param acquireTimeout positive
         * @return this builder
         */
        public Builder acquireTimeout(Duration acquireTimeout) {
            this.acquireTimeout = acquireTimeout;
            return this;
        }

        /**
         * Sets how many requests may wait for a connection; more are rejected at once with
         * {@link PoolOverloadedException}. 10,000 by default.
         *
         * @param maxWaiting zero or more
         * @return this builder
         */
        public Builder maxWaiting(int maxWaiting) {
            this.maxWaiting = maxWaiting;
            return this;
        }

        /**
         * Sets how long a statement may run before it is cancelled on the server; none by default. A
         * {@link Statement#withTimeout(Duration)} overrides it.
         *
         * @param queryTimeout positive, or {@code null} for none
         * @return this builder
         */
        public Builder queryTimeout(Duration queryTimeout) {
            this.queryTimeout = queryTimeout;
            return this;
        }

        /**
         * Sets how long a connection lives before it is retired when next free (minus up to 2.5% jitter so
         * that connections opened together do not retire together); 30 minutes by default.
         *
         * @param maxLifetime positive, or {@code null} for unlimited
         * @return this builder
         */
        public Builder maxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
            return this;
        }

        /**
         * Sets how long a connection may sit idle before it is checked with a round trip before use;
         * 30 seconds by default.
         *
         * @param validationInterval zero or more ({@code 0} checks every time)
         * @return this builder
         */
        public Builder validationInterval(Duration validationInterval) {
            this.validationInterval = validationInterval;
            return this;
        }

        /**
         * Sets how long a borrowed connection may be held before a warning with the borrower's stack trace
         * is logged; off by default.
         *
         * @param leakDetectionThreshold positive, or {@code null} for off
         * @return this builder
         */
        public Builder leakDetectionThreshold(Duration leakDetectionThreshold) {
            this.leakDetectionThreshold = leakDetectionThreshold;
            return this;
        }

        /**
         * Sets how long {@link Pool#close()} lets work in progress finish before closing its connections;
         * 30 seconds by default.
         *
         * @param closeTimeout zero or more
         * @return this builder
         */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        /**
         * Sets how many pool-level statements may be in flight on one connection at once; 16 by default, 1 turns
         * pipelining off. Packing short statements onto few connections saves system calls and server
         * wake-ups: on a small machine it nearly doubles throughput (BENCHMARKS.md). It never costs the pool
         * its parallelism: the pool keeps each SQL template's time on the server, and only a template known to
         * answer within 10 ms joins a connection already running such statements (never one held by
         * {@code getConn}, a transaction, a statement that changes its session, or a slow or new template);
         * a new or slow template takes a free connection or opens one up to {@code maxSize}, and shares only
         * when the pool can do neither. Each statement keeps its own result and error (one Sync per
         * statement), and a connection that has answered nothing for 5 ms is not joined.
         *
         * @param pipelining at least 1
         * @return this builder
         */
        public Builder pipelining(int pipelining) {
            this.pipelining = pipelining;
            return this;
        }

        /**
         * Sets how many prepared statements each connection keeps (least recently used closed first); 256 by
         * default. 0 sends every statement unnamed, parsed, bound and run before one Sync, which PgBouncer in
         * transaction mode needs (its server connections change under a client between transactions, so a
         * statement prepared in one may not be there in the next).
         *
         * @param statementCacheSize zero or more
         * @return this builder
         */
        public Builder statementCacheSize(int statementCacheSize) {
            this.statementCacheSize = statementCacheSize;
            return this;
        }

        /**
         * Sets how {@link Pool#replicas()} picks standbys; {@link ReplicaPolicy#DEFAULT} unless set. Used only when
         * the connection string names several servers (give it {@code target_session_attrs=read-write} so that the
         * pool itself writes to the primary).
         *
         * @param replicaPolicy the policy
         * @return this builder
         */
        public Builder replicaPolicy(ReplicaPolicy replicaPolicy) {
            this.replicaPolicy = Objects.requireNonNull(replicaPolicy, "replicaPolicy");
            return this;
        }

        /**
         * Sets the pool up for PgBouncer in transaction mode (or any pooler that gives a client another server
         * connection for each transaction): every statement unnamed, parsed, bound and run before one Sync (as
         * {@code statementCacheSize(0)}); no {@code setSession}, and pool-level statements that would leave session
         * state ({@code SET} without {@code LOCAL}, {@code LISTEN}, temporary tables...) refused, since that state
         * would stay on a server connection another client gets next. Off by default; without it, a pool that finds
         * its prepared statements lost (26000/42P05) switches to unnamed statements by itself, with a warning.
         *
         * @param pgbouncer whether such a pooler is in front of the server
         * @return this builder
         */
        public Builder pgbouncer(boolean pgbouncer) {
            this.pgbouncer = pgbouncer;
            return this;
        }

        /**
         * Shares the application's Vert.x instance; the pool does not close it. By default the pool uses
         * Momoko's own instance. (The one place where a Vert.x type appears in the API.)
         *
         * @param vertx the instance, or {@code null} for Momoko's own
         * @return this builder
         */
        public Builder vertx(Vertx vertx) {
            this.vertx = vertx;
            return this;
        }

        /**
         * Sets where the pool reports what it does; nowhere by default.
         *
         * @param metrics the metrics receiver
         * @return this builder
         */
        public Builder metrics(PoolMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * Sets what watches each statement from start to end, for tracing: the Spring Boot starter gives one that
         * makes a Micrometer {@code Observation} (a span) per statement. None by default.
         *
         * @param observer the observer
         * @return this builder
         */
        public Builder observer(StatementObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * Checks the settings and creates the pool, without opening any connection.
         *
         * @return the pool; call {@link Pool#connect()} next
         * @throws ConfigurationException naming the first invalid setting
         */
        public Pool build() {
            if (connectOptions == null) {
                throw new ConfigurationException("connectOptions", "url or connectOptions must be set");
            }
            validate();
            return Engine.newPool(new PoolSettings(connectOptions,
                    name != null ? name : PoolSettings.nextName(), size, effectiveMaxSize(), reconnectInterval,
                    raiseConnectErrors, setSession, autoShrink, shrinkDelay, shrinkPeriod, acquireTimeout, maxWaiting,
                    queryTimeout, maxLifetime, validationInterval, leakDetectionThreshold, closeTimeout,
                    pipelining, pgbouncer ? 0 : statementCacheSize, vertx, metrics, observer, pgbouncer, replicaPolicy));
        }

        /**
         * Checks the pool settings (everything but where the server is) without building a pool, as
         * {@link #build()} does first.
         *
         * @return this builder
         * @throws ConfigurationException naming the first invalid setting in {@link ConfigurationException#setting()}
         */
        public Builder validate() {
            if (size < 0) {
                throw new ConfigurationException("size", "size must be >= 0, was " + size);
            }
            int effectiveMaxSize = effectiveMaxSize();
            if (effectiveMaxSize < 1) {
                throw new ConfigurationException("maxSize", "maxSize must be >= 1, was " + effectiveMaxSize);
            }
            if (effectiveMaxSize < size) {
                throw new ConfigurationException("maxSize", "maxSize (" + effectiveMaxSize + ") must be >= size ("
                        + size + ")");
            }
            if (maxWaiting < 0) {
                throw new ConfigurationException("maxWaiting", "maxWaiting must be >= 0, was " + maxWaiting);
            }
            if (statementCacheSize < 0) {
                throw new ConfigurationException("statementCacheSize", "statementCacheSize must be >= 0, was "
                        + statementCacheSize);
            }
            if (pgbouncer && !setSession.isEmpty()) {
                throw new ConfigurationException("setSession", "setSession cannot be used with pgbouncer: PgBouncer "
                        + "in transaction mode gives each transaction whichever server connection is free, so session "
                        + "settings would reach other clients; set them per role (ALTER ROLE ... SET) or per "
                        + "transaction (SET LOCAL)");
            }
            if (pipelining < 1) {
                throw new ConfigurationException("pipelining", "pipelining must be >= 1, was " + pipelining);
            }
            requireNotNegative("reconnectInterval", reconnectInterval, false);
            requireNotNegative("shrinkDelay", shrinkDelay, false);
            requireNotNegative("shrinkPeriod", shrinkPeriod, true);
            requireNotNegative("acquireTimeout", acquireTimeout, true);
            requireNotNegative("validationInterval", validationInterval, false);
            requireNotNegative("closeTimeout", closeTimeout, false);
            if (queryTimeout != null) {
                requireNotNegative("queryTimeout", queryTimeout, true);
            }
            if (maxLifetime != null) {
                requireNotNegative("maxLifetime", maxLifetime, true);
            }
            if (leakDetectionThreshold != null) {
                requireNotNegative("leakDetectionThreshold", leakDetectionThreshold, true);
            }
            return this;
        }

        private int effectiveMaxSize() {
            return maxSize != null ? maxSize : Math.max(size, 1);
        }

        private static void requireNotNegative(String setting, Duration value, boolean positive) {
            if (value == null) {
                throw new ConfigurationException(setting, setting + " must be set");
            }
            if (value.isNegative() || positive && value.isZero()) {
                throw new ConfigurationException(setting, setting + " must be " + (positive ? "positive" : "zero or more")
                        + ", was " + value);
            }
        }
    }
}
