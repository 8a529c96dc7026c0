package io.momoko.internal;

import io.momoko.MomokoException;
import io.momoko.ProgrammingException;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Waiting for a pool's futures on the caller's thread, for the blocking API: refused on an event loop before any
 * work starts, failures rethrown as the Momoko exception itself, an interrupt turned into giving the work up.
 */
final class Blocking {

    private final PoolContext context;
    private final String poolName;

    Blocking(PoolContext context, String poolName) {
        this.context = context;
        this.poolName = poolName;
    }

    /** Starts {@code work} and waits for its result. */
    <T> T await(Supplier<? extends CompletableFuture<T>> work) {
        refuseOnEventLoop();
        return await(work.get());
    }

    /**
     * Refuses a blocking call on this pool's loop (it would wait for itself for ever) and on any other Vert.x
     * event loop (it would stall every connection served there): before anything is borrowed or sent.
     */
    void refuseOnEventLoop() {
        if (context.inContext()) {
            throw PoolFuture.blockingOnLoop(poolName, "A blocking call");
        }
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            throw new ProgrammingException("A blocking call on pool '" + poolName + "' from a Vert.x event-loop thread ("
                    + Thread.currentThread().getName() + ") would stall every connection that loop serves. Use the "
                    + "asynchronous Pool there, or call the blocking API from your own thread (a virtual thread, a "
                    + "request thread).");
        }
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (CancellationException e) {
            throw new MomokoException("The work on pool '" + poolName + "' was cancelled", e);
        } catch (InterruptedException e) {
            // Nobody waits any more: withdraw the request, or have the server stop a running statement.
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new MomokoException("Interrupted while waiting for pool '" + poolName + "'; the work was given up", e);
        }
    }

    /** The failure itself, as the asynchronous API reports it, never wrapped. */
    static RuntimeException rethrow(Throwable failure) {
        Throwable cause = Errors.unwrap(failure);
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        if (cause instanceof RuntimeException) {
            return (RuntimeException) cause;
        }
        return new MomokoException(String.valueOf(cause.getMessage()), cause);
    }
}
