package io.momoko.bench;

import io.momoko.BlockingPool;
import io.momoko.ConnectOptions;
import io.momoko.Pool;
import io.momoko.Statement;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Momoko's blocking API on virtual threads, driven exactly as {@code hikari-virtual} is (one virtual thread per
 * operation, each calling the pool and waiting): what a Spring MVC application with
 * {@code spring.threads.virtual.enabled=true} gets from {@code pool.blocking()}.
 */
final class MomokoBlockingTarget implements Target {

    private final Pool pool;
    private final BlockingPool blocking;
    private final ExecutorService threads;

    private MomokoBlockingTarget(ConnectOptions options, int size, ExecutorService threads) {
        this.pool = Pool.builder().name("momoko-blocking-virtual").connectOptions(options).size(size).maxSize(size)
                .build();
        pool.connect().join();
        this.blocking = pool.blocking();
        this.threads = threads;
    }

    /** Virtual threads, or {@code null} on a JDK without them (this module compiles for 17). */
    static MomokoBlockingTarget virtual(ConnectOptions options, int size) {
        try {
            ExecutorService threads = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
                    .invoke(null);
            return new MomokoBlockingTarget(options, size, threads);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** Whether this JDK has virtual threads, without opening a pool. */
    static boolean available() {
        try {
            Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "momoko-blocking-virtual";
    }

    @Override
    public CompletionStage<?> run(Workload workload, int key) {
        if (workload == Workload.FANOUT_3) {
            return CompletableFuture.allOf(call(Workload.PK_LOOKUP, key),
                    call(Workload.PK_LOOKUP, key % Workload.ROWS + 1),
                    call(Workload.PK_LOOKUP, (key + 7) % Workload.ROWS + 1));
        }
        return call(workload, key);
    }

    private CompletableFuture<Integer> call(Workload workload, int key) {
        return CompletableFuture.supplyAsync(() -> switch (workload) {
            case SELECT_1 -> blocking.execute(workload.sql).fetchAll().size();
            case WRITE_TX -> blocking.transaction(List.of(Statement.of(workload.sql, key))).size();
            default -> blocking.execute(workload.sql, key).fetchAll().size();
        }, threads);
    }

    @Override
    public void close() {
        threads.shutdownNow();
        pool.close().join();
    }
}
