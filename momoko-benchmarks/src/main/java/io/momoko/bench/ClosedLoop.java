package io.momoko.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load: {@code concurrency} callers, each starting its next operation when the previous one
 * ends, for a fixed time. Latencies are kept per caller and merged at the end.
 */
final class ClosedLoop {

    /** What one measured interval gave. */
    record Result(double opsPerSecond, double p50Millis, double p99Millis, long operations, long errors) {
    }

    private ClosedLoop() {
    }

    static Result run(Target target, Workload workload, int concurrency, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong errors = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        List<CompletableFuture<Void>> callers = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            long[][] samples = {new long[4096]};
            int[] count = {0};
            CompletableFuture<Void> done = new CompletableFuture<>();
            next(target, workload, deadline, samples, count, errors, done);
            callers.add(done.thenRun(() -> {
                synchronized (latencies) {
                    latencies.add(Arrays.copyOf(samples[0], count[0]));
                    counts.add(count);
                }
            }));
        }
        CompletableFuture.allOf(callers.toArray(new CompletableFuture<?>[0])).join();
        double elapsed = (System.nanoTime() - started) / 1e9;
        long total = counts.stream().mapToLong(count -> count[0]).sum();
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(total / elapsed, percentile(all, 0.50), percentile(all, 0.99), total, errors.get());
    }

    private static void next(Target target, Workload workload, long deadline, long[][] samples, int[] count,
                             AtomicLong errors, CompletableFuture<Void> done) {
        if (System.nanoTime() >= deadline) {
            done.complete(null);
            return;
        }
        long begin = System.nanoTime();
        int key = ThreadLocalRandom.current().nextInt(Workload.ROWS) + 1;
        target.run(workload, key).whenComplete((ignored, error) -> {
            if (error != null) {
                errors.incrementAndGet();
            }
            if (count[0] == samples[0].length) {
                samples[0] = Arrays.copyOf(samples[0], samples[0].length * 2);
            }
            samples[0][count[0]++] = System.nanoTime() - begin;
            next(target, workload, deadline, samples, count, errors, done);
        });
    }

    private static double percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1e6;
    }
}
