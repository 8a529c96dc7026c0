package io.momoko.bench;

import io.momoko.ConnectOptions;
import io.momoko.Cursor;
import io.momoko.Pool;
import io.momoko.Row;
import io.momoko.Statement;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Momoko's pool: built by {@code Pool.builder()} with a pipelining depth, or as the starter builds it. */
final class MomokoTarget implements Target {

    private final String name;
    private final Pool pool;
    /** The NIO Vert.x instance the pool was given ({@link Transports}), else {@code null}. */
    private final Vertx vertx;

    private MomokoTarget(String name, Pool.Builder builder, Vertx vertx) {
        this.name = name;
        this.vertx = vertx;
        this.pool = (vertx == null ? builder : builder.vertx(vertx)).build();
        pool.connect().join();
    }

    /** {@code momoko} (pipelining 1) or {@code momoko-pipelined} (16). */
    static MomokoTarget built(ConnectOptions options, int size, int pipelining) {
        String name = pipelining > 1 ? "momoko-pipelined" : "momoko";
        return new MomokoTarget(name, Pool.builder().name(name).connectOptions(options).size(size).maxSize(size)
                .pipelining(pipelining), Transports.momokoVertx());
    }

    /** {@code momoko-default}: what the Spring Boot starter builds from {@code momoko.url} ({@link StarterPool}). */
    static MomokoTarget starter(String url, int size) {
        return new MomokoTarget("momoko-default", StarterPool.builder(url, size), Transports.momokoVertx());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<Integer> run(Workload workload, int key) {
        switch (workload) {
            case SELECT_1:
                return pool.execute(workload.sql).thenApply(MomokoTarget::read);
            case FANOUT_3:
                CompletableFuture<Integer> first = pool.execute(workload.sql, key).thenApply(MomokoTarget::read);
                CompletableFuture<Integer> second = pool.execute(workload.sql, Workload.fanoutKey(key, 1))
                        .thenApply(MomokoTarget::read);
                CompletableFuture<Integer> third = pool.execute(workload.sql, Workload.fanoutKey(key, 2))
                        .thenApply(MomokoTarget::read);
                return first.thenCombine(second, Integer::sum).thenCombine(third, Integer::sum);
            case WRITE_TX:
                return pool.transaction(List.of(Statement.of(workload.sql, key)))
                        .thenApply(cursors -> (int) cursors.get(0).rowCount());
            default:
                return pool.execute(workload.sql, key).thenApply(MomokoTarget::read);
        }
    }

    /** Reads every column of every row into the sink; returns the rows read. */
    static int read(Cursor<Row> cursor) {
        int rows = 0;
        for (Row row : cursor.fetchAll()) {
            for (int i = 0; i < row.size(); i++) {
                Sink.consume(row.get(i));
            }
            rows++;
        }
        return rows;
    }

    @Override
    public void close() {
        pool.close().join();
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
