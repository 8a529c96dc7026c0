package io.momoko.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Reading futures in fake-clock tests, where everything happens on the test's thread: a future is either
 * done now or not at all, so there is nothing to wait for and a missing completion fails at once.
 */
final class FakeFutures {

    private FakeFutures() {
    }

    /** The value of a future that must already have succeeded. */
    static <T> T done(CompletionStage<T> stage) {
        var future = stage.toCompletableFuture();
        if (!future.isDone()) {
            throw new AssertionError("expected a completed future, it is still pending");
        }
        return future.join();
    }

    /** The failure of a future that must already have failed, unwrapped. */
    static Throwable error(CompletionStage<?> stage) {
        var future = stage.toCompletableFuture();
        if (!future.isDone()) {
            throw new AssertionError("expected a failed future, it is still pending");
        }
        try {
            Object value = future.join();
            throw new AssertionError("expected a failure, got " + value);
        } catch (CompletionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        }
    }
}
