package io.momoko.internal;

import java.util.concurrent.CompletableFuture;

/**
 * A future that tells its producer when it is failed or cancelled, by anyone: the way a caller's giving up
 * ({@code cancel}, {@code orTimeout}, {@code completeExceptionally}) reaches the work behind it. A hook rather
 * than a {@code whenComplete} stage, so a statement that succeeds pays nothing for it.
 *
 * @param <T> the value type
 */
class WatchedFuture<T> extends CompletableFuture<T> {

    private volatile Runnable onFailure;

    /** Runs {@code action} when this future fails or is cancelled (at once if it already has). */
    void onFailure(Runnable action) {
        onFailure = action;
        if (isCompletedExceptionally()) {
            action.run();
        }
    }

    @Override
    public boolean completeExceptionally(Throwable error) {
        boolean completed = super.completeExceptionally(error);
        if (completed) {
            fire();
        }
        return completed;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            fire();
        }
        return cancelled;
    }

    private void fire() {
        Runnable action = onFailure;
        if (action != null) {
            action.run();
        }
    }
}
