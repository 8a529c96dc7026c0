package io.momoko.autoconfigure;

import io.momoko.Pool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

import java.util.concurrent.CompletableFuture;

/**
 * Closes every pool bean gracefully at shutdown: each stops taking work, lets statements in flight finish within the
 * shutdown phase's timeout, then closes its connections. Its phase is below the web server's, so requests
 * still being served can use the pool while the server drains.
 */
final class MomokoPoolLifecycle implements SmartLifecycle {

    /** Stops after the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}) and the server itself. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final ObjectProvider<Pool> pools;
    private volatile boolean running;

    MomokoPoolLifecycle(ObjectProvider<Pool> pools) {
        this.pools = pools;
    }

    /** Every pool bean closes; the phase is over when the last one has. */
    private CompletableFuture<Void> closeAll() {
        return CompletableFuture.allOf(pools.orderedStream().map(Pool::close).toArray(CompletableFuture<?>[]::new));
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        closeAll().join();
        running = false;
    }

    @Override
    public void stop(Runnable callback) {
        closeAll().whenComplete((ignored, error) -> {
            running = false;
            callback.run();
        });
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
