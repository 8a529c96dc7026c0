package io.momoko.bench;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load for latency: operations start at a fixed rate whatever the system's answers, and each is
 * timed from its intended start, so a system that falls behind pays for the queue it builds (no coordinated
 * omission). Blocking systems get {@code concurrency} threads (platform) or a virtual thread per operation to
 * run on, asynchronous ones at most {@code concurrency} operations in flight (the rest wait on the client's side);
 * the time an operation waits for a thread or a slot counts. Only operations intended to start inside the
 * window count; failures and wrong row counts are errors.
 */
final class OpenLoop {

    private OpenLoop() {
    }

    static ClosedLoop.Result run(Target target, Workload workload, int concurrency, double ratePerSecond,
                                 double warmupSeconds, double seconds) {
        long interval = (long) (1e9 / ratePerSecond);
        long start = System.nanoTime();
        long windowStart = start + (long) (warmupSeconds * 1e9);
        long windowEnd = windowStart + (long) (seconds * 1e9);
        int planned = (int) ((windowEnd - windowStart) / interval) + 1;
        long[] latencies = new long[planned];
        AtomicInteger measured = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        AtomicLong outstanding = new AtomicLong();
        Target.Blocking blocking = target.blocking();
        ExecutorService threads = blocking == null ? null : Threads.executor(blocking.virtualThreads(), concurrency);
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(concurrency);
        CompletableFuture<Void> drained = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean issued = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            for (long intended = start; intended < windowEnd; intended += interval) {
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long begin = intended;
                boolean counted = begin >= windowStart;
                outstanding.incrementAndGet();
                if (blocking == null) {
                    slots.acquireUninterruptibly();
                }
                CompletableFuture<Integer> operation = blocking == null
                        ? target.run(workload, Workload.randomKey()).toCompletableFuture()
                        : Threads.supply(blocking, workload, Workload.randomKey(), threads);
                operation.whenComplete((rows, error) -> {
                    long latency = System.nanoTime() - begin;
                    if (blocking == null) {
                        slots.release();
                    }
                    if (counted) {
                        if (error == null && rows != null && rows == workload.expectedRows) {
                            int slot = measured.getAndIncrement();
                            if (slot < latencies.length) {
                                latencies[slot] = latency;
                            }
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                    if (outstanding.decrementAndGet() == 0 && issued.get()) {
                        drained.complete(null);
                    }
                });
            }
            issued.set(true);
            if (outstanding.get() == 0) {
                drained.complete(null);
            }
            drained.join();
        } finally {
            if (threads != null) {
                threads.shutdownNow();
            }
        }
        int count = Math.min(measured.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        return new ClosedLoop.Result(count / seconds, ClosedLoop.percentile(sorted, 0.50),
                ClosedLoop.percentile(sorted, 0.99), count, errors.get());
    }
}
