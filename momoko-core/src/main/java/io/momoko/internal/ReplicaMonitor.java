package io.momoko.internal;

import io.momoko.Pool;
import io.momoko.ReplicaPolicy;
import io.momoko.Row;
import io.momoko.ServerAddress;
import io.momoko.ServerStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The servers of a connection string that names several, each with a pool of its own for reads, and their role
 * and replay lag measured every {@code checkInterval}. A standby is readable while its lag is within
 * {@code maxLag}; a failed check makes a server unreadable until a check succeeds again.
 *
 * <p>Lag is what the standby has received but not yet replayed: zero when it has replayed everything and is
 * streaming from a primary; otherwise the time since the last transaction it replayed committed. That errs on
 * the safe side: a standby whose primary went quiet long ago and then wrote once counts as far behind until it
 * replays that write; a standby that lost its primary counts as falling behind from then on.
 */
final class ReplicaMonitor {

    /** Role, then lag in milliseconds (NULL on a primary, or on a standby that cannot tell). */
    private static final String CHECK = "SELECT pg_is_in_recovery(), CASE WHEN NOT pg_is_in_recovery() THEN NULL "
            + "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() "
            + "AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') THEN 0 "
            + "ELSE (EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1000)::bigint END";

    private final Map<ServerAddress, Pool> pools = new LinkedHashMap<>();
    private final Map<ServerAddress, ServerStatus> statuses = new ConcurrentHashMap<>();
    private final Set<ServerAddress> checking = ConcurrentHashMap.newKeySet();
    private final ReplicaPolicy policy;
    private final PoolContext context;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicInteger next = new AtomicInteger();
    /** The pools of readable standbys, rebuilt when a status changes: a read allocates nothing to choose. */
    private volatile List<Pool> readable = List.of();
    private volatile long timer = -1;
    private volatile boolean closed;

    /**
     * Creates the monitor and the servers' pools (which open nothing until used).
     *
     * @param servers the connection string's servers
     * @param poolFor builds the read pool of one server
     */
    ReplicaMonitor(List<ServerAddress> servers, Function<ServerAddress, Pool> poolFor, ReplicaPolicy policy,
                   PoolContext context) {
        this.policy = policy;
        this.context = context;
        for (ServerAddress server : servers) {
            pools.put(server, poolFor.apply(server));
            statuses.put(server, new ServerStatus(server, ServerStatus.Role.UNKNOWN, null, false, null));
        }
    }

    /** Starts checking, once: a first check of every server now, then every {@code checkInterval}. */
    void start() {
        if (started.compareAndSet(false, true) && !closed) {
            checkAll();
            timer = context.setPeriodic(Math.max(1, policy.checkInterval().toMillis()), this::checkAll);
        }
    }

    private void checkAll() {
        pools.forEach(this::check);
    }

    private void check(ServerAddress server, Pool pool) {
        if (closed || !checking.add(server)) {
            return;
        }
        // A check that hangs (a silent server) must not hold the server's status: bounded by an interval at least.
        long bound = Math.max(1_000, policy.checkInterval().toMillis());
        pool.execute(CHECK).orTimeout(bound, TimeUnit.MILLISECONDS).whenComplete((cursor, error) -> {
            checking.remove(server);
            if (closed) {
                return;
            }
            if (error != null) {
                Throwable cause = Errors.unwrap(error);
                update(new ServerStatus(server, ServerStatus.Role.UNREACHABLE, null, false,
                        cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName()));
                return;
            }
            Row row = cursor.fetchOne();
            boolean standby = Boolean.TRUE.equals(row.get(0));
            Long lagMillis = row.get(1, Long.class);
            Duration lag = standby && lagMillis != null ? Duration.ofMillis(Math.max(0, lagMillis)) : null;
            boolean readable = lag != null && lag.compareTo(policy.maxLag()) <= 0;
            update(new ServerStatus(server, standby ? ServerStatus.Role.STANDBY
                    : ServerStatus.Role.PRIMARY, lag, readable,
                    standby && lag == null ? "a standby that is not streaming and has replayed nothing" : null));
        });
    }

    /**
     * Returns the read pool of a readable standby, taking them in turn.
     *
     * @return the pool, or {@code null} when no standby is readable
     */
    Pool readable() {
        List<Pool> now = readable;
        return now.isEmpty() ? null : now.get(Math.floorMod(next.getAndIncrement(), now.size()));
    }

    /** Records a server's status and rebuilds the readable list (checks of several servers may finish at once). */
    private synchronized void update(ServerStatus status) {
        statuses.put(status.server(), status);
        List<Pool> now = new ArrayList<>(pools.size());
        pools.forEach((server, pool) -> {
            if (statuses.get(server).readable()) {
                now.add(pool);
            }
        });
        readable = List.copyOf(now);
    }

    /**
     * Finds the read pool that lent a connection.
     *
     * @param connection a connection given back to the main pool
     * @return the read pool, or {@code null} when none of them lent it
     */
    ConnectionPool lender(io.momoko.Connection connection) {
        for (Pool pool : pools.values()) {
            if (pool instanceof ConnectionPool readPool && readPool.lent(connection)) {
                return readPool;
            }
        }
        return null;
    }

    /**
     * Returns every server's last measured status, in the connection string's order.
     *
     * @return the statuses
     */
    List<ServerStatus> statuses() {
        List<ServerStatus> all = new ArrayList<>(pools.size());
        pools.keySet().forEach(server -> all.add(statuses.get(server)));
        return all;
    }

    /** Stops checking and closes the servers' pools. */
    CompletableFuture<Void> close() {
        closed = true;
        long id = timer;
        if (id >= 0) {
            context.cancelTimer(id);
        }
        return CompletableFuture.allOf(pools.values().stream().map(Pool::close).toArray(CompletableFuture<?>[]::new));
    }
}
