package io.momoko.internal;

import io.momoko.ConnectOptions;
import io.momoko.Pool;
import io.momoko.metrics.PoolMetrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Builds a real {@link ConnectionPool} on a {@link FakePoolContext} and a {@link FakeConnector}. */
final class FakePool {

    final FakePoolContext context = new FakePoolContext();
    final FakeConnector connector = new FakeConnector();
    int size = 1;
    int maxSize = 1;
    Duration reconnectInterval = Duration.ofMillis(500);
    boolean autoShrink;
    Duration shrinkDelay = Duration.ofMinutes(2);
    Duration shrinkPeriod = Duration.ofMinutes(2);
    Duration acquireTimeout = Duration.ofSeconds(30);
    int maxWaiting = 10_000;
    Duration maxLifetime;
    Duration validationInterval = Duration.ofSeconds(30);
    Duration leakDetectionThreshold;
    Duration closeTimeout = Duration.ofSeconds(30);
    int pipelining = 1;
    boolean raiseConnectErrors = true;
    PoolMetrics metrics = PoolMetrics.NOOP;

    Pool build() {
        PoolSettings settings = new PoolSettings(ConnectOptions.parse("postgresql://fake@fake/db"), "fake", size,
                maxSize, reconnectInterval, raiseConnectErrors, List.of(), autoShrink, shrinkDelay, shrinkPeriod,
                acquireTimeout, maxWaiting, null, maxLifetime, validationInterval, leakDetectionThreshold, closeTimeout,
                pipelining, 256, null, metrics);
        return new ConnectionPool(settings, connector, context, () -> CompletableFuture.completedFuture(null));
    }

    /** A pool built and connected (the fake connector opens at once unless told otherwise). */
    Pool connected() {
        Pool pool = build();
        FakeFutures.done(pool.connect());
        return pool;
    }

    /** The connection the pool opened n-th (from 0). */
    FakeConnection connection(int n) {
        return connector.opened.get(n);
    }
}
