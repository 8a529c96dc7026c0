package io.momoko.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load: {@code concurrency} callers, each starting its next operation when the previous one
 * ends. The load runs through the warm-up and the measured window without a pause; only operations that
 * end inside the window count, and only those that succeeded with the expected row count count as
 * throughput (the others are errors). Asynchronous systems are driven by chaining; blocking ones by
 * {@code concurrency} threads (platform or virtual, as the target says) each looping synchronously, as their
 * users do.
 */
final class ClosedLoop {

    /** What one measured window gave. */
    record Result(double opsPerSecond, double p50Millis, double p99Millis, long operations, long errors) {
    }

    /** One caller's tally inside the window. */
    private static final class Caller {
        long[] latencies = new long[4096];
        int count;
        long errors;

        void record(long begin, long end, long windowStart, long windowEnd, boolean ok) {
            if (end < windowStart || end > windowEnd) {
                return;
            }
            if (!ok) {
                errors++;
                return;
            }
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = end - begin;
        }
    }

    private ClosedLoop() {
    }

    static Result run(Target target, Workload workload, int concurrency, double warmupSeconds, double seconds) {
        long windowStart = System.nanoTime() + (long) (warmupSeconds * 1e9);
        long windowEnd = windowStart + (long) (seconds * 1e9);
        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            callers.add(new Caller());
        }
        if (target.blocking() != null) {
            runThreads(target.blocking(), workload, callers, windowStart, windowEnd);
        } else {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (Caller caller : callers) {
                CompletableFuture<Void> finished = new CompletableFuture<>();
                next(target, workload, caller, windowStart, windowEnd, finished);
                done.add(finished);
            }
            CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).join();
        }
        long total = callers.stream().mapToLong(caller -> caller.count).sum();
        long errors = callers.stream().mapToLong(caller -> caller.errors).sum();
        long[] all = callers.stream().flatMapToLong(caller -> Arrays.stream(caller.latencies, 0, caller.count))
                .sorted().toArray();
        return new Result(total / seconds, percentile(all, 0.50), percentile(all, 0.99), total, errors);
    }

    private static void runThreads(Target.Blocking blocking, Workload workload, List<Caller> callers,
                                   long windowStart, long windowEnd) {
        ThreadFactory factory = Threads.factory(blocking.virtualThreads());
        List<Thread> threads = new ArrayList<>();
        for (Caller caller : callers) {
            Thread thread = factory.newThread(() -> {
                while (System.nanoTime() < windowEnd) {
                    long begin = System.nanoTime();
                    boolean ok;
                    try {
                        ok = blocking.call(workload, Workload.randomKey()) == workload.expectedRows;
                    } catch (Exception e) {
                        ok = false;
                    }
                    caller.record(begin, System.nanoTime(), windowStart, windowEnd, ok);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void next(Target target, Workload workload, Caller caller, long windowStart, long windowEnd,
                             CompletableFuture<Void> done) {
        if (System.nanoTime() >= windowEnd) {
            done.complete(null);
            return;
        }
        long begin = System.nanoTime();
        target.run(workload, Workload.randomKey()).whenComplete((rows, error) -> {
            caller.record(begin, System.nanoTime(), windowStart, windowEnd,
                    error == null && rows != null && rows == workload.expectedRows);
            next(target, workload, caller, windowStart, windowEnd, done);
        });
    }

    static double percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1e6;
    }
}
