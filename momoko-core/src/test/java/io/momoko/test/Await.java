package io.momoko.test;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Waiting in tests, always with a deadline: a future that never completes fails the test instead of
 * hanging the build.
 */
public final class Await {

    /** How long any single future may take in a test. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);

    private Await() {
    }

    /**
     * Waits for a future's value.
     *
     * @param stage the future
     * @param <T> the value type
     * @return the value
     * @throws AssertionError when the deadline passes
     * @throws RuntimeException the future's own failure, unwrapped
     */
    public static <T> T result(CompletionStage<T> stage) {
        return result(stage, DEADLINE);
    }

    /**
     * Waits for a future's value within a deadline of the test's choosing (shorter than what the future would
     * take if the code under test did not do its job, so that a pass proves something).
     *
     * @param stage the future
     * @param within the deadline
     * @param <T> the value type
     * @return the value
     * @throws AssertionError when the deadline passes
     * @throws RuntimeException the future's own failure, unwrapped
     */
    public static <T> T result(CompletionStage<T> stage, Duration within) {
        try {
            return stage.toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            throw new AssertionError("Future did not complete within " + within, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting", e);
        }
    }

    /**
     * Waits for a future's failure.
     *
     * @param stage the future
     * @return the failure, unwrapped from {@link java.util.concurrent.CompletionException}
     * @throws AssertionError when the future succeeds or the deadline passes
     */
    public static Throwable failure(CompletionStage<?> stage) {
        return failure(stage, DEADLINE);
    }

    /**
     * Waits for a future's failure within a deadline of the test's choosing (shorter than what the future
     * would take if the code under test did not fail it when it should, so that a pass proves "at once").
     *
     * @param stage the future
     * @param within the deadline
     * @return the failure, unwrapped from {@link java.util.concurrent.CompletionException}
     * @throws AssertionError when the future succeeds or the deadline passes
     */
    public static Throwable failure(CompletionStage<?> stage, Duration within) {
        Object value;
        try {
            value = stage.toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        } catch (TimeoutException e) {
            // A hang is never the failure a test expects: say so rather than return the timeout.
            throw new AssertionError("Expected a failure but the future did not complete within " + within, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting", e);
        }
        throw new AssertionError("Expected a failure but the future completed with " + value);
    }

    /**
     * Waits for a future to complete either way, within the deadline: for polling "does it work yet?".
     *
     * @param stage the future
     * @return whether it completed normally
     * @throws AssertionError when the deadline passes
     */
    public static boolean succeeds(CompletionStage<?> stage) {
        return result(stage.handle((value, error) -> error == null));
    }

    /**
     * Polls a condition until it holds.
     *
     * @param description what is awaited, for the failure message
     * @param condition the condition
     * @throws AssertionError when the deadline passes first
     */
    public static void until(String description, BooleanSupplier condition) {
        until(description, DEADLINE, condition);
    }

    /**
     * Polls a condition until it holds, within a deadline of the test's choosing (shorter than what the
     * condition would take if the code under test did nothing, so that a pass proves something).
     *
     * @param description what is awaited, for the failure message
     * @param within the deadline
     * @param condition the condition
     * @throws AssertionError when the deadline passes first
     */
    public static void until(String description, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + within + " waiting for " + description);
            }
            Thread.onSpinWait();
            try {
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + description, e);
            }
        }
    }
}
