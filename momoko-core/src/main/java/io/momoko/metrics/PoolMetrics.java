package io.momoko.metrics;

import java.time.Duration;

/**
 * What a pool reports as it works, for a metrics system to record. Every method has a no-op default, so an
 * implementation overrides only what it records. Methods are called on the pool's event-loop thread and must
 * return quickly without blocking.
 *
 * <p>Gauges (free, busy, dead, pending, waiting connections) are not pushed here: read them from
 * {@link io.momoko.Pool#stats()} when the metrics system asks.
 *
 * <p>The methods called for every statement take plain nanoseconds rather than a {@code Duration}, so that
 * reporting allocates nothing on the pool's hot path (as HikariCP's metrics tracker does).
 */
public interface PoolMetrics {

    /** The metrics that record nothing, the default. */
    PoolMetrics NOOP = new PoolMetrics() {
    };

    /**
     * A request obtained a connection.
     *
     * @param waitedNanos how long it waited, in nanoseconds
     */
    default void acquired(long waitedNanos) {
    }

    /**
     * A connection went back to the pool.
     *
     * @param usedNanos how long it was in use, in nanoseconds
     */
    default void released(long usedNanos) {
    }

    /**
     * A new connection was opened and set up.
     *
     * @param took from the start of the attempt to the end of its {@code setSession} statements
     */
    default void connectionCreated(Duration took) {
    }

    /** A connection failed to open or to run its session set-up. */
    default void connectionFailed() {
    }

    /** A connection was closed: retired, shrunk, broken or at pool close. */
    default void connectionClosed() {
    }

    /** A request gave up waiting after the acquire timeout. */
    default void acquireTimedOut() {
    }

    /** A statement exceeded its query timeout. */
    default void queryTimedOut() {
    }

    /**
     * A statement run through the pool finished.
     *
     * @param elapsedNanos from sending to its result, in nanoseconds
     * @param succeeded whether it succeeded
     */
    default void statementCompleted(long elapsedNanos, boolean succeeded) {
    }
}
