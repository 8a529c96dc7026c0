package io.momoko.internal;

import java.time.Duration;

/**
 * Watches connections borrowed with {@code getConn} and warns about those held too long (HikariCP's
 * {@code ProxyLeakTask}). When leak detection is off the pool uses {@link #OFF}, which captures nothing:
 * no stack trace or stack walk on every {@code getConn}.
 */
interface LeakTracker {

    /** What a borrow leaves behind for warnings and {@code leases()}: where it happened and who did it. */
    record Lease(Throwable borrowedAt, String borrower) {
    }

    /** Leak detection off. */
    LeakTracker OFF = new LeakTracker() {
        @Override
        public Lease capture() {
            return null;
        }

        @Override
        public void start(PooledConnection pooled, Lease lease) {
        }

        @Override
        public void stop(PooledConnection pooled) {
        }
    };

    /**
     * The tracker for a threshold.
     *
     * @param threshold hold time after which to warn, or {@code null} for off
     */
    static LeakTracker of(Duration threshold, PoolContext context, String poolName) {
        return threshold == null ? OFF : new TimedLeakTracker(threshold, context, poolName);
    }

    /** Called on the borrower's thread, whose stack shows who borrowed (the event loop's would not). */
    Lease capture();

    /** Called on the pool's context once the connection is handed over. */
    void start(PooledConnection pooled, Lease lease);

    /** Called on the pool's context when the connection comes back (or is closed). */
    void stop(PooledConnection pooled);
}
