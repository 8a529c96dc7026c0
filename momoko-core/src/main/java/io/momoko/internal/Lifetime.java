package io.momoko.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** When a connection is retired: {@code maxLifetime} after it opened, less a little jitter. */
final class Lifetime {

    private Lifetime() {
    }

    /**
     * Up to 2.5% jitter, so that connections opened together (at {@code connect()}) do not all retire at the
     * same moment and leave the pool empty, as HikariCP does.
     *
     * @return the retirement time, {@code Long.MAX_VALUE} for never
     */
    static long expiry(Duration maxLifetime, long createdNanos) {
        if (maxLifetime == null) {
            return Long.MAX_VALUE;
        }
        long nanos = maxLifetime.toNanos();
        long jitter = (long) (nanos * 0.025 * ThreadLocalRandom.current().nextDouble());
        return createdNanos + nanos - jitter;
    }
}
