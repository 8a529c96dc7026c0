package io.momoko.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

import io.momoko.Pool;

/** Leak detection on: a timer per borrowed connection, cancelled when it comes back. */
final class TimedLeakTracker implements LeakTracker {

    private static final Logger LOG = LoggerFactory.getLogger(Pool.class);
    private static final StackWalker WALKER = StackWalker.getInstance();

    private final Duration threshold;
    private final PoolContext context;
    private final String poolName;
    /** Timer per tracked connection; touched only on the pool's context. */
    private final Map<PooledConnection, Long> timers = new IdentityHashMap<>();

    TimedLeakTracker(Duration threshold, PoolContext context, String poolName) {
        this.threshold = threshold;
        this.context = context;
        this.poolName = poolName;
    }

    @Override
    public Lease capture() {
        return new Lease(new Throwable("Connection borrowed from pool '" + poolName + "' here"), callerOutsideMomoko());
    }

    @Override
    public void start(PooledConnection pooled, Lease lease) {
        pooled.lease = lease;
        long millis = threshold.toMillis();
        timers.put(pooled, context.setTimer(millis, () -> {
            timers.remove(pooled);
            LOG.warn("Pool '{}': a connection has been held for more than {} ms without being returned "
                    + "(possible leak); borrowed at:", poolName, millis, lease.borrowedAt());
        }));
    }

    @Override
    public void stop(PooledConnection pooled) {
        Long timer = timers.remove(pooled);
        if (timer != null) {
            context.cancelTimer(timer);
        }
        pooled.lease = null;
    }

    private static String callerOutsideMomoko() {
        return WALKER.walk(frames -> frames.filter(frame -> !frame.getClassName().startsWith("io.momoko.internal.")
                        && !frame.getClassName().startsWith("java.util.concurrent."))
                .findFirst().map(StackWalker.StackFrame::toStackTraceElement).map(String::valueOf).orElse(null));
    }
}
