package io.momoko.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.momoko.Pool;
import io.momoko.autoconfigure.MomokoPoolMetricsProvider;
import org.springframework.beans.factory.ObjectProvider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of every {@link Pool} bean, each tagged with its own pool name: Boot binds this to every meter
 * registry, and it binds one set of meters per pool (as Boot does for data sources). A pool reports its
 * statement timings through the {@link #recorderFor(String) recorder} of its name, which the auto-configured
 * pool and pools built by {@link io.momoko.autoconfigure.MomokoPoolFactory} get; a pool built any other way
 * still has its gauges.
 */
public final class MomokoPoolMeters implements MeterBinder, MomokoPoolMetricsProvider {

    private final ObjectProvider<Pool> pools;
    private final boolean openTelemetryNames;
    private final Map<String, MicrometerPoolMetrics> recorders = new ConcurrentHashMap<>();

    /**
     * Creates the binder.
     *
     * @param pools the pool beans, looked up when the meters are bound
     */
    public MomokoPoolMeters(ObjectProvider<Pool> pools) {
        this(pools, false);
    }

    /**
     * Creates the binder.
     *
     * @param pools the pool beans, looked up when the meters are bound
     * @param openTelemetryNames whether to publish the numbers under OpenTelemetry's names too
     */
    public MomokoPoolMeters(ObjectProvider<Pool> pools, boolean openTelemetryNames) {
        this.pools = pools;
        this.openTelemetryNames = openTelemetryNames;
    }

    /**
     * Returns the recorder for a pool name, to give a {@link Pool.Builder} as its metrics.
     *
     * @param poolName the pool's name, the meters' {@code pool} tag
     * @return the recorder, the same for the same name
     */
    public MicrometerPoolMetrics recorderFor(String poolName) {
        return recorders.computeIfAbsent(poolName, MicrometerPoolMetrics::new);
    }

    @Override
    public MicrometerPoolMetrics forPool(String poolName) {
        return recorderFor(poolName);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        pools.orderedStream().forEach(pool -> recorderFor(pool.name()).bindTo(registry, pool, openTelemetryNames));
    }
}
