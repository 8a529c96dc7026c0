package io.momoko.bench;

import io.momoko.ConnectOptions;
import io.momoko.Pool;
import io.vertx.core.Vertx;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code momoko-2-loops}: the upper bound of spreading one pool over two event loops (ARCHITECTURE.md,
 * "Spreading a pool over N event loops"), measured without building it: two independent pools of half the
 * size, each on an event loop of its own, pipelining 1 like {@code momoko}. A caller starts on the pools in
 * turn and then stays on the pool that answered it (its next statement is issued on that pool's event loop),
 * as a shard-per-loop pool would keep it; nothing crosses between the loops, so this costs less than any real
 * sharded pool (no shared waiters, no stealing, no consistent stats).
 */
final class MomokoTwoLoopsTarget implements Target {

    private static final int LOOPS = 2;

    private final Pool[] pools = new Pool[LOOPS];
    private final Vertx vertx = Transports.momokoVertx();
    private final ThreadLocal<Pool> answeredBy = new ThreadLocal<>();
    private final AtomicInteger next = new AtomicInteger();

    MomokoTwoLoopsTarget(ConnectOptions options, int size) {
        for (int i = 0; i < LOOPS; i++) {
            // Built from this (non-Vert.x) thread, each pool gets a new event-loop context: the loops alternate.
            Pool.Builder builder = Pool.builder().name("momoko-2-loops-" + i).connectOptions(options)
                    .size(size / LOOPS).maxSize(size / LOOPS).pipelining(1);
            pools[i] = (vertx == null ? builder : builder.vertx(vertx)).build();
            pools[i].connect().join();
        }
    }

    @Override
    public String name() {
        return "momoko-2-loops";
    }

    @Override
    public CompletionStage<Integer> run(Workload workload, int key) {
        Pool known = answeredBy.get();
        Pool pool = known != null ? known : pools[Math.floorMod(next.getAndIncrement(), LOOPS)];
        var answer = workload == Workload.SELECT_1 ? pool.execute(workload.sql) : pool.execute(workload.sql, key);
        return answer.thenApply(cursor -> {
            answeredBy.set(pool);
            return MomokoTarget.read(cursor);
        });
    }

    @Override
    public void close() {
        for (Pool pool : pools) {
            pool.close().join();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
