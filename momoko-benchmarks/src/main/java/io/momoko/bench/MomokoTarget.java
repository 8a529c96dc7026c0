package io.momoko.bench;

import io.momoko.ConnectOptions;
import io.momoko.Pool;
import io.momoko.Statement;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Momoko's pool, plain or pipelined. */
final class MomokoTarget implements Target {

    private final String name;
    private final Pool pool;

    MomokoTarget(ConnectOptions options, int size, int pipelining) {
        this.name = pipelining > 1 ? "momoko-pipelined" : "momoko";
        this.pool = Pool.builder().name(name).connectOptions(options).size(size).maxSize(size).pipelining(pipelining)
                .build();
        pool.connect().join();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<?> run(Workload workload, int key) {
        switch (workload) {
            case SELECT_1:
                return pool.execute(workload.sql);
            case FANOUT_3:
                return CompletableFuture.allOf(pool.execute(workload.sql, key).thenApply(c -> c.fetchOne()),
                        pool.execute(workload.sql, key % Workload.ROWS + 1).thenApply(c -> c.fetchOne()),
                        pool.execute(workload.sql, (key + 7) % Workload.ROWS + 1).thenApply(c -> c.fetchOne()));
            case WRITE_TX:
                return pool.transaction(List.of(Statement.of(workload.sql, key)));
            default:
                return pool.execute(workload.sql, key).thenApply(c -> c.fetchAll());
        }
    }

    @Override
    public void close() {
        pool.close().join();
    }
}
