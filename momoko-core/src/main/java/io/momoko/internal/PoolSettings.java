package io.momoko.internal;

import io.momoko.ConnectOptions;
import io.momoko.ReplicaPolicy;
import io.momoko.ServerAddress;
import io.momoko.metrics.ObservedStatement;
import io.momoko.metrics.PoolMetrics;
import io.momoko.metrics.StatementObserver;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool's settings, checked by {@code Pool.Builder} before they get here. Public only because the builder,
 * in the API package, creates it; the module does not export this package.
 *
 * @param connectOptions server and login
 * @param name pool name
 * @param size initial and minimum size
 * @param maxSize maximum size
 * @param reconnectInterval minimum time between failed connection attempts of one dead slot
 * @param raiseConnectErrors whether connect() fails on partial failure
 * @param setSession statements run on every new connection
 * @param autoShrink whether idle connections above size are closed
 * @param shrinkDelay idle time before shrinking
 * @param shrinkPeriod how often to shrink
 * @param acquireTimeout how long a request may wait
 * @param maxWaiting how many requests may wait
 * @param queryTimeout default statement timeout, or null
 * @param maxLifetime connection lifetime, or null
 * @param validationInterval idle time after which a connection is pinged before use
 * @param leakDetectionThreshold hold time after which a borrower is warned about, or null
 * @param closeTimeout grace period for work in progress at close
 * @param pipelining pool-level statements per connection
 * @param statementCacheSize prepared statements cached per connection, 0 for none
 * @param vertx shared Vert.x instance, or null
 * @param metrics metrics receiver
 * @param observer what watches each statement (tracing)
 * @param pgbouncer whether a pooler in transaction mode (PgBouncer) is in front of the server: unnamed statements,
 *                  and no session state, which would stay on a server connection another client gets next
 * @param replicaPolicy how {@code replicas()} picks standbys when the connection string names several servers
 */
public record PoolSettings(ConnectOptions connectOptions, String name, int size, int maxSize,
                           Duration reconnectInterval, boolean raiseConnectErrors, List<String> setSession,
                           boolean autoShrink, Duration shrinkDelay, Duration shrinkPeriod, Duration acquireTimeout,
                           int maxWaiting, Duration queryTimeout, Duration maxLifetime, Duration validationInterval,
                           Duration leakDetectionThreshold, Duration closeTimeout,
                           int pipelining, int statementCacheSize, Vertx vertx, PoolMetrics metrics,
                           StatementObserver observer, boolean pgbouncer, ReplicaPolicy replicaPolicy) {

    /** Settings with no statement observer (the engine's own tests and benchmarks). */
    public PoolSettings(ConnectOptions connectOptions, String name, int size, int maxSize,
                        Duration reconnectInterval, boolean raiseConnectErrors, List<String> setSession,
                        boolean autoShrink, Duration shrinkDelay, Duration shrinkPeriod, Duration acquireTimeout,
                        int maxWaiting, Duration queryTimeout, Duration maxLifetime, Duration validationInterval,
                        Duration leakDetectionThreshold, Duration closeTimeout,
                        int pipelining, int statementCacheSize, Vertx vertx, PoolMetrics metrics) {
        this(connectOptions, name, size, maxSize, reconnectInterval, raiseConnectErrors, setSession, autoShrink,
                shrinkDelay, shrinkPeriod, acquireTimeout, maxWaiting, queryTimeout, maxLifetime, validationInterval,
                leakDetectionThreshold, closeTimeout, pipelining, statementCacheSize, vertx, metrics,
                StatementObserver.NONE, false, ReplicaPolicy.DEFAULT);
    }

    /**
     * The settings of the pool that serves {@link io.momoko.Pool#replicas()} reads on one server: that server only,
     * opened on demand (size 0), on the main pool's Vert.x, reporting no metrics of its own.
     *
     * @param server one of the connection string's servers
     * @param sharedVertx the main pool's Vert.x instance
     * @return the settings
     */
    public PoolSettings forServer(ServerAddress server, Vertx sharedVertx) {
        return new PoolSettings(connectOptions.forServer(server), name + "@" + server, 0, maxSize, reconnectInterval,
                false, setSession, true, shrinkDelay, shrinkPeriod, acquireTimeout, maxWaiting, queryTimeout,
                maxLifetime, validationInterval, leakDetectionThreshold, closeTimeout, pipelining, statementCacheSize,
                sharedVertx, PoolMetrics.NOOP, observer, pgbouncer, replicaPolicy);
    }

    /**
     * Tells the observer that a statement starts, unless nobody observes.
     *
     * @param sql the statement, placeholders included
     * @return what to tell when it ends
     */
    public StatementObserver.Observation observe(String sql) {
        if (observer == StatementObserver.NONE) {
            return StatementObserver.Observation.NONE;
        }
        return observer.started(new ObservedStatement(name, sql, connectOptions.database(), connectOptions.host(),
                connectOptions.port()));
    }

    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    /**
     * Returns a fresh default pool name.
     *
     * @return {@code momoko-N}
     */
    public static String nextName() {
        return "momoko-" + POOL_NUMBER.incrementAndGet();
    }
}
