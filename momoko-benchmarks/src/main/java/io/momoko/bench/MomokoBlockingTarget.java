package io.momoko.bench;

import io.momoko.BlockingPool;
import io.momoko.ConnectOptions;
import io.momoko.Pool;
import io.momoko.Row;
import io.momoko.Statement;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Momoko's blocking API on virtual threads, driven exactly as {@code hikari-virtual} is (each virtual thread
 * loops, calling the pool and waiting): what a Spring MVC application with
 * {@code spring.threads.virtual.enabled=true} gets from {@code pool.blocking()}.
 */
final class MomokoBlockingTarget implements Target, Target.Blocking {

    private final Pool pool;
    private final BlockingPool blocking;
    private final ExecutorService fanout = Threads.executor(true, 0);
    /** The NIO Vert.x instance the pool was given ({@link Transports}), else {@code null}. */
    private final Vertx vertx = Transports.momokoVertx();

    MomokoBlockingTarget(ConnectOptions options, int size) {
        Pool.Builder builder = Pool.builder().name("momoko-blocking-virtual").connectOptions(options).size(size)
                .maxSize(size);
        this.pool = (vertx == null ? builder : builder.vertx(vertx)).build();
        pool.connect().join();
        this.blocking = pool.blocking();
    }

    @Override
    public String name() {
        return "momoko-blocking-virtual";
    }

    @Override
    public Blocking blocking() {
        return this;
    }

    @Override
    public boolean virtualThreads() {
        return true;
    }

    @Override
    public int call(Workload workload, int key) throws Exception {
        return switch (workload) {
            case SELECT_1 -> read(blocking.execute(workload.sql).fetchAll());
            case WRITE_TX -> blocking.transaction(List.of(Statement.of(workload.sql, key))).get(0).rowCount();
            case FANOUT_3 -> {
                Future<Integer> second = fanout.submit(() -> read(blocking.execute(workload.sql,
                        Workload.fanoutKey(key, 1)).fetchAll()));
                Future<Integer> third = fanout.submit(() -> read(blocking.execute(workload.sql,
                        Workload.fanoutKey(key, 2)).fetchAll()));
                yield read(blocking.execute(workload.sql, key).fetchAll()) + second.get() + third.get();
            }
            default -> read(blocking.execute(workload.sql, key).fetchAll());
        };
    }

    private static int read(List<Row> rows) {
        for (Row row : rows) {
            for (int i = 0; i < row.size(); i++) {
                Sink.consume(row.get(i));
            }
        }
        return rows.size();
    }

    @Override
    public CompletionStage<Integer> run(Workload workload, int key) {
        return Threads.supply(this, workload, key, fanout);
    }

    @Override
    public void close() {
        fanout.shutdownNow();
        pool.close().join();
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
