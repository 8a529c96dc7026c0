package io.momoko.sample;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.momoko.metrics.PoolMetrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the status page charts besides the connection counts: statements completed (the page turns the count
 * into statements per second) and the 99th percentile of the time requests waited for a connection. The starter's
 * meters are function timers (cheap on the hot path, no percentiles), so the sample records acquire waits a
 * second time in a timer with a short percentile window, and passes every report on to the starter's recorder.
 */
final class PoolActivity implements PoolMetrics {

    /**
     * What {@code /api/pool} reports.
     *
     * @param statements statements completed since start, successful or not
     * @param acquireWaitP99Millis 99% of the requests of the last few seconds waited at most this long
     */
    record Numbers(long statements, double acquireWaitP99Millis) {
    }

    private final PoolMetrics starter;
    private final LongAdder statements = new LongAdder();
    private final Timer acquireWait;

    PoolActivity(PoolMetrics starter) {
        this.starter = starter;
        // A registry of its own: the application's registry binds the pool's meters, so the pool (and this,
        // which the pool is built with) cannot wait for it without a bean cycle.
        MeterRegistry registry = new SimpleMeterRegistry();
        this.acquireWait = Timer.builder("sample.pool.acquire.wait")
                .description("Time waiting for a connection, with a 99th percentile over the last few seconds")
                .publishPercentiles(0.99)
                // A status page wants "now": the percentile forgets samples after 5 s (two rotating buffers).
                .distributionStatisticExpiry(Duration.ofSeconds(5))
                .distributionStatisticBufferLength(2)
                .register(registry);
    }

    Numbers numbers() {
        double p99 = 0;
        for (ValueAtPercentile value : acquireWait.takeSnapshot().percentileValues()) {
            p99 = value.value(TimeUnit.MILLISECONDS);
        }
        return new Numbers(statements.sum(), p99);
    }

    @Override
    public void acquired(long waitedNanos) {
        acquireWait.record(waitedNanos, TimeUnit.NANOSECONDS);
        starter.acquired(waitedNanos);
    }

    @Override
    public void statementCompleted(long elapsedNanos, boolean succeeded) {
        statements.increment();
        starter.statementCompleted(elapsedNanos, succeeded);
    }

    @Override
    public void released(long usedNanos) {
        starter.released(usedNanos);
    }

    @Override
    public void connectionCreated(Duration took) {
        starter.connectionCreated(took);
    }

    @Override
    public void connectionFailed() {
        starter.connectionFailed();
    }

    @Override
    public void connectionClosed() {
        starter.connectionClosed();
    }

    @Override
    public void acquireTimedOut() {
        starter.acquireTimedOut();
    }

    @Override
    public void queryTimedOut() {
        starter.queryTimedOut();
    }
}
