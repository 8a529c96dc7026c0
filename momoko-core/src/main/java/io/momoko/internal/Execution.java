package io.momoko.internal;

import io.momoko.Cursor;

import java.util.concurrent.CompletableFuture;

/**
 * A statement under way on one connection: its result for the caller, and the moment the connection is safe
 * to hand on after it ({@link #settled()}): the server has answered the statement itself and any cancel
 * request sent for it has been delivered, so no cancel meant for it can hit the next statement. A statement
 * that timed out or was cancelled completes its result at once and settles later.
 *
 * @param <R> the row type
 */
final class Execution<R> {

    private final CompletableFuture<Cursor<R>> result;
    private final CompletableFuture<Void> settled;
    private final Runnable canceller;

    Execution(CompletableFuture<Cursor<R>> result, CompletableFuture<Void> settled, Runnable canceller) {
        this.result = result;
        this.settled = settled;
        this.canceller = canceller;
    }

    /** A statement that could not be started: failed and settled already. */
    static <R> Execution<R> failed(Throwable error) {
        return new Execution<>(CompletableFuture.failedFuture(error), CompletableFuture.completedFuture(null), () -> { });
    }

    CompletableFuture<Cursor<R>> result() {
        return result;
    }

    CompletableFuture<Void> settled() {
        return settled;
    }

    /**
     * Asks the server to stop the statement. Sent only when nothing else is in flight on the connection (a
     * cancel request stops whatever the session runs when it arrives); if the statement does not answer
     * within a bound, the connection is closed.
     */
    void cancel() {
        canceller.run();
    }
}
