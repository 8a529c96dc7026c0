package io.momoko.autoconfigure.endpoint;

import io.momoko.Pool;
import io.momoko.PoolLease;
import io.momoko.PoolStats;
import io.momoko.ServerStatus;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code momoko} actuator endpoint. Read: each pool's numbers and its live leases (how long each
 * connection has been held, where it was borrowed, what it is running, which backend serves it). Write:
 * close idle connections. Nothing here shows a password: leases carry SQL text, never parameters.
 */
@Endpoint(id = "momoko")
public class MomokoEndpoint {

    private static final long TIMEOUT_MILLIS = 2_000;

    private final Map<String, Pool> pools;

    /**
     * Creates the endpoint.
     *
     * @param pools the pools by bean name
     */
    public MomokoEndpoint(Map<String, Pool> pools) {
        this.pools = pools;
    }

    /**
     * Describes every pool.
     *
     * @return per pool bean name: its numbers and leases
     * @throws Exception when a pool does not answer within two seconds
     */
    @ReadOperation
    public Map<String, PoolReport> pools() throws Exception {
        Map<String, PoolReport> reports = new LinkedHashMap<>();
        for (Map.Entry<String, Pool> entry : pools.entrySet()) {
            Pool pool = entry.getValue();
            List<PoolLease> current = pool.admin().leases().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            Map<Integer, String> states = serverStates(pool, current);
            List<LeaseReport> leases = new ArrayList<>();
            for (PoolLease lease : current) {
                leases.add(new LeaseReport(lease.backendPid(), lease.heldFor().toMillis(), lease.holder(),
                        lease.borrowedAt(), lease.statement(), states.get(lease.backendPid())));
            }
            List<ServerReport> servers = pool.servers().stream().map(ServerReport::of).toList();
            reports.put(entry.getKey(), new PoolReport(pool.stats(), pool.isClosed(), leases, servers));
        }
        return reports;
    }

    /**
     * Asks the server what each leased backend is doing ({@code pg_stat_activity.state}: active, idle, idle
     * in transaction, ...), which is the only reliable source of transaction state. Needs a free connection:
     * when none comes within a second (a saturated pool), the states are left out rather than waited for.
     */
    private static Map<Integer, String> serverStates(Pool pool, List<PoolLease> leases) {
        Map<Integer, String> states = new LinkedHashMap<>();
        if (leases.isEmpty() || pool.stats().free() == 0) {
            return states;
        }
        Integer[] pids = leases.stream().map(PoolLease::backendPid).toArray(Integer[]::new);
        try {
            pool.execute("SELECT pid, state FROM pg_stat_activity WHERE pid = ANY(%s)", (Object) pids)
                    .get(1, TimeUnit.SECONDS)
                    .forEach(row -> states.put(row.get(0, Integer.class), row.get(1, String.class)));
        } catch (Exception e) {
            states.clear();
        }
        return states;
    }

    /**
     * Closes every idle connection of every pool; they are reopened on demand.
     *
     * @return per pool bean name: how many connections were closed
     * @throws Exception when a pool does not answer within two seconds
     */
    @WriteOperation
    public Map<String, Integer> evict() throws Exception {
        Map<String, Integer> evicted = new LinkedHashMap<>();
        for (Map.Entry<String, Pool> entry : pools.entrySet()) {
            evicted.put(entry.getKey(), entry.getValue().admin().evictIdle().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
        }
        return evicted;
    }

    /**
     * One pool in the endpoint's answer.
     *
     * @param stats the pool's numbers
     * @param closed whether the pool is closed
     * @param leases the connections in use
     * @param servers each server of a url naming several, with its role and lag (empty for one server)
     */
    public record PoolReport(PoolStats stats, boolean closed, List<LeaseReport> leases, List<ServerReport> servers) {
    }

    /**
     * One server of a url naming several, as last measured for {@code pool.replicas()}.
     *
     * @param server host and port
     * @param role {@code PRIMARY}, {@code STANDBY}, {@code UNREACHABLE} or {@code UNKNOWN}
     * @param lagMillis a standby's replay lag, or {@code null}
     * @param readable whether it receives replica reads
     * @param problem why the last check failed, or {@code null}
     */
    public record ServerReport(String server, String role, Long lagMillis, boolean readable, String problem) {

        static ServerReport of(ServerStatus status) {
            return new ServerReport(status.server().toString(), status.role().name(),
                    status.lag() == null ? null : status.lag().toMillis(), status.readable(), status.problem());
        }
    }

    /**
     * One connection in use.
     *
     * @param backendPid the serving backend's pid
     * @param heldForMillis how long it has been held
     * @param holder {@code getConn} or {@code statement}
     * @param borrowedAt the borrowing caller's frame, for {@code getConn}
     * @param statement the running statement's SQL, shortened
     * @param serverState the backend's state from {@code pg_stat_activity} (for example {@code idle in
     *                    transaction}), or {@code null} when it could not be asked without waiting
     */
    public record LeaseReport(int backendPid, long heldForMillis, String holder, String borrowedAt, String statement,
                              String serverState) {
    }
}
