package io.momoko.internal;

import io.momoko.PoolAdmin;
import io.momoko.PoolLease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@link PoolAdmin} over the engine: what is held, and eviction of idle connections. */
final class PoolAdministration implements PoolAdmin {

    private final PoolEngine engine;

    PoolAdministration(PoolEngine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<List<PoolLease>> leases() {
        return engine.maintenance().inspectBusy((busy, now) -> {
            List<PoolLease> leases = new ArrayList<>();
            for (PooledConnection pooled : busy) {
                String sql = pooled.connection.runningSql();
                LeakTracker.Lease lease = pooled.lease;
                leases.add(new PoolLease(pooled.connection.backendPid(), Duration.ofNanos(now - pooled.borrowedNanos),
                        pooled.exclusive ? "getConn" : "statement", lease == null ? null : lease.borrower(),
                        sql == null ? null : Errors.describe(sql)));
            }
            return leases;
        });
    }

    @Override
    public CompletableFuture<Integer> evictIdle() {
        return engine.maintenance().evictIdle();
    }
}
