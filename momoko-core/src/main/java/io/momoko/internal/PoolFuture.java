package io.momoko.internal;

import io.momoko.ProgrammingException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The futures a pool returns. Waiting for one ({@code join}, {@code get}) on the pool's own event loop
 * would stop the loop that must complete it, and with it every request and timer of the pool, for ever;
 * so that call fails at once with a message saying what to do instead. Stages derived from it
 * ({@code thenApply}, ...) are pool futures too.
 *
 * @param <T> the value type
 */
final class PoolFuture<T> extends WatchedFuture<T> {

    private final PoolContext context;
    private final String poolName;

    /** A future for a caller of this pool. */
    static <T> PoolFuture<T> of(PoolEngine engine) {
        return new PoolFuture<>(engine.context(), engine.name());
    }

    PoolFuture(PoolContext context, String poolName) {
        this.context = context;
        this.poolName = poolName;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new PoolFuture<>(context, poolName);
    }

    @Override
    public T join() {
        refuseToBlockTheLoop();
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        refuseToBlockTheLoop();
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        refuseToBlockTheLoop();
        return super.get(timeout, unit);
    }

    private void refuseToBlockTheLoop() {
        if (!isDone() && context.inContext()) {
            // Nobody can wait for this one any more: withdraw the request, so a connection it would be given
            // later goes straight back instead of being held by a caller that is gone.
            cancel(false);
            throw blockingOnLoop(poolName, "join()/get()");
        }
    }

    /** The refusal to wait on the loop that must answer, shared with the blocking API. */
    static ProgrammingException blockingOnLoop(String poolName, String what) {
        return new ProgrammingException(what + " on pool '" + poolName + "''s own event loop would block "
                + "the thread that must complete the future, and the whole pool with it. Chain the next "
                + "step with thenCompose/thenApply instead, or call join() from your own thread "
                + "(a virtual thread, a request thread).");
    }
}
