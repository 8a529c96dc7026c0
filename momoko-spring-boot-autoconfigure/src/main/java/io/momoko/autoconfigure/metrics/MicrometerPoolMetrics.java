package io.momoko.autoconfigure.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.momoko.Pool;
import io.momoko.PoolStats;
import io.momoko.metrics.PoolMetrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;

/**
 * Micrometer meters for one pool. The pool reports into counters held here from its first connection on,
 * and the meters read them when bound to a registry, so nothing is lost while the application context is
 * still starting and no bean cycle ties the pool to the registry.
 *
 * <p>Meters, tagged {@code pool}: gauges {@code momoko.pool.connections.active|idle|pending|dead|max|min}
 * (and {@code .waiting}), timers {@code momoko.pool.connections.acquire}, {@code .usage} and {@code .creation},
 * counter {@code momoko.pool.connections.timeout}, and the statement timer {@code momoko.query} tagged
 * {@code outcome=success|error}.
 */
public final class MicrometerPoolMetrics implements PoolMetrics {

    private final String poolName;
    private final Recording acquire = new Recording();
    private final Recording usage = new Recording();
    private final Recording creation = new Recording();
    private final Recording success = new Recording();
    private final Recording error = new Recording();
    private final LongAdder acquireTimeouts = new LongAdder();
    private final LongAdder queryTimeouts = new LongAdder();
    private final LongAdder failedConnections = new LongAdder();
    private final LongAdder closedConnections = new LongAdder();

    /**
     * Creates the meters of a pool.
     *
     * @param poolName the pool's name, the {@code pool} tag
     */
    public MicrometerPoolMetrics(String poolName) {
        this.poolName = poolName;
    }

    @Override
    public void acquired(long waitedNanos) {
        acquire.record(waitedNanos);
    }

    @Override
    public void released(long usedNanos) {
        usage.record(usedNanos);
    }

    @Override
    public void connectionCreated(Duration took) {
        creation.record(took.toNanos());
    }

    @Override
    public void connectionFailed() {
        failedConnections.increment();
    }

    @Override
    public void connectionClosed() {
        closedConnections.increment();
    }

    @Override
    public void acquireTimedOut() {
        acquireTimeouts.increment();
    }

    @Override
    public void queryTimedOut() {
        queryTimeouts.increment();
    }

    @Override
    public void statementCompleted(long elapsedNanos, boolean succeeded) {
        (succeeded ? success : error).record(elapsedNanos);
    }

    /**
     * Registers the meters of a pool: its gauges, read from the pool, and the timers and counters this recorder
     * fills (they stay at zero for a pool that was not built with this recorder as its metrics).
     *
     * @param registry where to register
     * @param pool the pool, whose name is the {@code pool} tag
     */
    public void bindTo(MeterRegistry registry, Pool pool) {
        bindTo(registry, pool, false);
    }

    /**
     * Registers the meters of a pool, and optionally the same numbers again under OpenTelemetry's database
     * client names ({@code db.client.connection.*}, tagged {@code db.client.connection.pool.name}), so that
     * dashboards built for those conventions read them.
     *
     * @param registry where to register
     * @param pool the pool
     * @param openTelemetryNames whether to add the OpenTelemetry names
     */
    public void bindTo(MeterRegistry registry, Pool pool, boolean openTelemetryNames) {
        if (openTelemetryNames) {
            bindOpenTelemetryNames(registry, pool);
        }
        Tags tags = Tags.of("pool", poolName);
        gauge(registry, pool, "momoko.pool.connections.active", "Connections in use", PoolStats::busy, tags);
        gauge(registry, pool, "momoko.pool.connections.idle", "Open connections waiting for work", PoolStats::free,
                tags);
        gauge(registry, pool, "momoko.pool.connections.opening", "Connections being opened", PoolStats::pending, tags);
        // The old name read like Hikari's and OpenTelemetry's "pending" (requests waiting): kept for one release.
        gauge(registry, pool, "momoko.pool.connections.pending", "Deprecated: connections being opened; use "
                + "momoko.pool.connections.opening (requests waiting are momoko.pool.connections.waiting)",
                PoolStats::pending, tags);
        gauge(registry, pool, "momoko.pool.connections.dead", "Connections to be reconnected", PoolStats::dead, tags);
        gauge(registry, pool, "momoko.pool.connections.waiting", "Requests waiting for a connection",
                PoolStats::waiting, tags);
        gauge(registry, pool, "momoko.pool.connections.max", "Most connections the pool may hold", PoolStats::maxSize,
                tags);
        gauge(registry, pool, "momoko.pool.connections.min", "Connections kept open", PoolStats::size, tags);
        timer(registry, "momoko.pool.connections.acquire", "Time waiting for a connection", acquire, tags);
        timer(registry, "momoko.pool.connections.usage", "Time a connection was in use", usage, tags);
        timer(registry, "momoko.pool.connections.creation", "Time to open and set up a connection", creation, tags);
        timer(registry, "momoko.query", "Statements run through the pool", success, tags.and("outcome", "success"));
        timer(registry, "momoko.query", "Statements run through the pool", error, tags.and("outcome", "error"));
        FunctionCounter.builder("momoko.pool.connections.timeout", acquireTimeouts, LongAdder::doubleValue)
                .description("Requests that gave up waiting for a connection").tags(tags).register(registry);
        FunctionCounter.builder("momoko.query.timeout", queryTimeouts, LongAdder::doubleValue)
                .description("Statements cancelled by the query timeout").tags(tags).register(registry);
        FunctionCounter.builder("momoko.pool.connections.failed", failedConnections, LongAdder::doubleValue)
                .description("Connections that failed to open").tags(tags).register(registry);
        FunctionCounter.builder("momoko.pool.connections.closed", closedConnections, LongAdder::doubleValue)
                .description("Connections closed").tags(tags).register(registry);
    }

    private void bindOpenTelemetryNames(MeterRegistry registry, Pool pool) {
        Tags tags = Tags.of("db.client.connection.pool.name", poolName);
        gauge(registry, pool, "db.client.connection.count", "Connections by state", PoolStats::free,
                tags.and("db.client.connection.state", "idle"));
        gauge(registry, pool, "db.client.connection.count", "Connections by state", PoolStats::busy,
                tags.and("db.client.connection.state", "used"));
        gauge(registry, pool, "db.client.connection.idle.min", "Connections kept open", PoolStats::size, tags);
        gauge(registry, pool, "db.client.connection.max", "Most connections the pool may hold", PoolStats::maxSize,
                tags);
        gauge(registry, pool, "db.client.connection.pending_requests", "Requests waiting for a connection",
                PoolStats::waiting, tags);
        timer(registry, "db.client.connection.create_time", "Time to open a connection", creation, tags);
        timer(registry, "db.client.connection.wait_time", "Time waiting for a connection", acquire, tags);
        timer(registry, "db.client.connection.use_time", "Time a connection was in use", usage, tags);
        FunctionCounter.builder("db.client.connection.timeouts", acquireTimeouts, LongAdder::doubleValue)
                .description("Requests that gave up waiting for a connection").tags(tags).register(registry);
    }

    // The gauge holds the pool weakly, as Micrometer does: a pool that is gone reads NaN.
    private static void gauge(MeterRegistry registry, Pool pool, String name, String description,
                              ToIntFunction<PoolStats> value, Tags tags) {
        Gauge.builder(name, pool, current -> value.applyAsInt(current.stats())).description(description).tags(tags)
                .register(registry);
    }

    private static void timer(MeterRegistry registry, String name, String description, Recording recording,
                              Tags tags) {
        FunctionTimer.builder(name, recording, r -> r.count.sum(), r -> r.totalNanos.sum(), TimeUnit.NANOSECONDS)
                .description(description).tags(tags).register(registry);
    }

    /** A count and total time, updated by the pool and read by the meters. */
    private static final class Recording {
        final LongAdder count = new LongAdder();
        final LongAdder totalNanos = new LongAdder();

        void record(long nanos) {
            count.increment();
            totalNanos.add(nanos);
        }
    }
}
