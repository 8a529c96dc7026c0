package io.momoko.internal;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.RejectedExecutionException;

/**
 * A pool's {@link PoolContext} on a Vert.x event loop: the caller's, when the pool is built on a thread of
 * the same Vert.x instance, else a fresh event-loop context. Connections opened from it run their I/O and
 * callbacks on the same thread, so the engine needs no lock.
 */
final class VertxPoolContext implements PoolContext {

    private final Vertx vertx;
    private final Context context;

    VertxPoolContext(Vertx vertx) {
        this.vertx = vertx;
        Context current = Vertx.currentContext();
        this.context = current != null && current.owner() == vertx ? current : vertx.getOrCreateContext();
    }

    @Override
    public boolean inContext() {
        return Vertx.currentContext() == context;
    }

    @Override
    public void execute(Runnable task) {
        if (inContext()) {
            task.run();
        } else {
            try {
                context.runOnContext(ignored -> task.run());
            } catch (RejectedExecutionException closedLoop) {
                // The event loop is gone: the pool was closed and the Vert.x instance with it. Nothing else can
                // touch the pool's state any more, so the task runs here and fails its request with
                // PoolClosedException rather than throw at the caller.
                task.run();
            }
        }
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long setTimer(long delayMillis, Runnable task) {
        // Timers fire on the context that sets them; the engine sets them from its own context.
        return vertx.setTimer(Math.max(1, delayMillis), id -> task.run());
    }

    @Override
    public long setPeriodic(long periodMillis, Runnable task) {
        return vertx.setPeriodic(Math.max(1, periodMillis), id -> task.run());
    }

    @Override
    public void cancelTimer(long id) {
        vertx.cancelTimer(id);
    }
}
