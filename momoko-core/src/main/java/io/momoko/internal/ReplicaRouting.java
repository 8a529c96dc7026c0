package io.momoko.internal;

import io.momoko.Connection;
import io.momoko.Cursor;
import io.momoko.DatabaseNotAvailableException;
import io.momoko.Pool;
import io.momoko.ReplicaPolicy;
import io.momoko.Replicas;
import io.momoko.Row;
import io.momoko.Statement;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code pool.replicas()}: each operation (and each connection borrowed) goes to a readable standby's pool ({@link ReplicaMonitor}), or to the
 * primary's pool when none is readable and the policy allows, or fails naming every server's state.
 */
final class ReplicaRouting implements Replicas {

    private final ReplicaMonitor monitor;
    private final Pool primary;
    private final ReplicaPolicy policy;
    private final String poolName;

    ReplicaRouting(ReplicaMonitor monitor, Pool primary, ReplicaPolicy policy, String poolName) {
        this.monitor = monitor;
        this.primary = primary;
        this.policy = policy;
        this.poolName = poolName;
    }

    private <T> CompletableFuture<T> onReplica(Function<Pool, CompletableFuture<T>> operation) {
        monitor.start();
        Pool target = monitor.readable();
        if (target == null && policy.fallBackToPrimary()) {
            target = primary;
        }
        if (target == null) {
            return CompletableFuture.failedFuture(new DatabaseNotAvailableException("Pool '" + poolName
                    + "': no standby within maxLag " + policy.maxLag() + " for reads (fallBackToPrimary is off): "
                    + monitor.statuses(), null));
        }
        return operation.apply(target);
    }

    @Override
    public CompletableFuture<Connection> getConn() {
        return onReplica(Pool::getConn);
    }

    @Override
    public CompletableFuture<Cursor<Row>> execute(String sql) {
        return onReplica(target -> target.execute(sql));
    }

    @Override
    public CompletableFuture<Cursor<Row>> execute(String sql, Object... params) {
        return onReplica(target -> target.execute(sql, params));
    }

    @Override
    public CompletableFuture<Cursor<Row>> execute(String sql, Map<String, ?> params) {
        return onReplica(target -> target.execute(sql, params));
    }

    @Override
    public CompletableFuture<Cursor<Row>> execute(Statement statement) {
        return onReplica(target -> target.execute(statement));
    }

    @Override
    public CompletableFuture<Cursor<Row>> callProc(String name, Object... args) {
        return onReplica(target -> target.callProc(name, args));
    }

    @Override
    public CompletableFuture<List<Cursor<Row>>> transaction(List<?> statements, boolean autoRollback) {
        return onReplica(target -> target.transaction(statements, autoRollback));
    }

    @Override
    public CompletableFuture<Long> executeMany(String sql, List<?> paramSets) {
        return onReplica(target -> target.executeMany(sql, paramSets));
    }
}
