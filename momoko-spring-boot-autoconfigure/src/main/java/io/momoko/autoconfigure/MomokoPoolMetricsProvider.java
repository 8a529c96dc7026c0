package io.momoko.autoconfigure;

import io.momoko.metrics.PoolMetrics;

/**
 * Where a pool built by {@link MomokoPoolFactory} reports its work, by pool name: the Micrometer meters when
 * Micrometer is present ({@code MomokoPoolMeters}). An interface of its own so that the factory does not need
 * Micrometer on the class path.
 */
@FunctionalInterface
public interface MomokoPoolMetricsProvider {

    /**
     * Returns the recorder for a pool.
     *
     * @param poolName the pool's name
     * @return the pool's metrics
     */
    PoolMetrics forPool(String poolName);
}
