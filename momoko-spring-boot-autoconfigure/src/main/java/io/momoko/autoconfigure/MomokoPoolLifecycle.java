package io.momoko.autoconfigure;

import io.momoko.Pool;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the pool gracefully at shutdown: it stops taking work, lets statements in flight finish within the
 * shutdown phase's timeout, then closes its connections. Its phase is below the web server's, so requests
 * still being served can use the pool while the server drains.
 */
final class MomokoPoolLifecycle implements SmartLifecycle {

    /** Stops after the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}) and the server itself. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final Pool pool;
    private volatile boolean running;

    MomokoPoolLifecycle(Pool pool) {
        this.pool = pool;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        pool.close().join();
        running = false;
    }

    @Override
    public void stop(Runnable callback) {
        pool.close().whenComplete((ignored, error) -> {
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
