package io.momoko;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Administration of a running pool, for operators and tools rather than application code (as HikariCP's
 * {@code HikariPoolMXBean}); the Spring Boot starter's actuator endpoint is built on it. Get it with
 * {@link Pool#admin()}.
 */
public interface PoolAdmin {

    /**
     * Lists the connections in use now, with how long and by whom they are held. Who borrowed a connection
     * with {@code getConn} is recorded only when leak detection is on ({@code leakDetectionThreshold}),
     * since finding the caller costs a stack walk per borrow.
     *
     * @return the leases, read on the pool's event loop
     */
    CompletableFuture<List<PoolLease>> leases();

    /**
     * Closes every free connection now; they are reopened on demand. Useful after a failover, when idle
     * connections may point at the old primary.
     *
     * @return the number of connections closed
     */
    CompletableFuture<Integer> evictIdle();
}
