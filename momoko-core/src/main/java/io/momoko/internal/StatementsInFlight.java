package io.momoko.internal;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * The statements sent on one connection and not yet answered, oldest first (answers come in the order
 * statements were sent, so the head is the one the server runs), with the cancel requests sent for them.
 * Safe from any thread: callers add from theirs, answers arrive on the connection's event loop.
 */
final class StatementsInFlight {

    /** One statement: settled once answered and once a cancel request sent for it has been delivered. */
    static final class Entry {
        final CompletableFuture<?> result;
        final String sql;
        final CompletableFuture<Void> settled = new CompletableFuture<>();
        private boolean answered;
        private CompletableFuture<Void> cancelDelivered;
        /** Set before the server's answer completes the result: any earlier completion is the caller's. */
        volatile boolean serverAnswered;

        Entry(CompletableFuture<?> result, String sql) {
            this.result = result;
            this.sql = sql;
        }

        /** Records the answer; settles now, or when the cancel request sent for it is delivered. */
        synchronized void answered() {
            answered = true;
            if (cancelDelivered == null) {
                settled.complete(null);
            } else {
                cancelDelivered.whenComplete((ignored, error) -> settled.complete(null));
            }
        }

        /**
         * Sends a cancel request for this statement unless it has answered or one was sent already.
         *
         * @return whether one was sent now
         */
        synchronized boolean cancel(Supplier<CompletableFuture<Void>> send) {
            if (answered || cancelDelivered != null) {
                return false;
            }
            cancelDelivered = send.get();
            return true;
        }
    }

    private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();
    /** Settles when the last statement a cancel request was sent for has settled; new statements wait for it. */
    private volatile CompletableFuture<Void> barrier = CompletableFuture.completedFuture(null);

    Entry add(CompletableFuture<?> result, String sql) {
        Entry entry = new Entry(result, sql);
        queue.add(entry);
        return entry;
    }

    void answered(Entry entry) {
        queue.remove(entry);
        entry.answered();
    }

    /** The statement the server runs now, or {@code null}. */
    String oldestSql() {
        Entry oldest = queue.peek();
        return oldest == null ? null : oldest.sql;
    }

    /** The statement the server runs now, or {@code null}. */
    Entry oldest() {
        return queue.peek();
    }

    /** Whether {@code entry} is the only statement in flight, so a cancel request can only stop it. */
    boolean alone(Entry entry) {
        return queue.peek() == entry && queue.size() == 1;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** What a new statement waits for before it is written: a cancel request that could still arrive. */
    CompletableFuture<Void> barrier() {
        return barrier;
    }

    void raiseBarrier(Entry cancelled) {
        barrier = cancelled.settled;
    }

    /** Fails every caller still waiting (at close); the entries settle when their answers come. */
    void failAll(Supplier<Throwable> error) {
        for (Entry entry : queue) {
            entry.result.completeExceptionally(error.get());
        }
    }

    /** The connection was dropped: no answer will come, so every statement settles now. */
    void abandon() {
        for (Entry entry = queue.poll(); entry != null; entry = queue.poll()) {
            entry.answered();
        }
    }
}
