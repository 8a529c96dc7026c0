package io.momoko.autoconfigure.health;

import io.momoko.Pool;
import io.momoko.PoolStats;
import io.momoko.ServerStatus;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Health of a Momoko pool. A pool whose connections are all busy is UP: saturation is reported as a detail,
 * because a check that fails under load gets healthy instances restarted. Otherwise the check pings with a
 * short timeout, so it never waits behind the pool longer than that; it is DOWN when the ping fails, when no
 * connection can be had, or when the pool is closed. It blocks only the caller's thread, never an event loop.
 */
public class MomokoHealthIndicator extends AbstractHealthIndicator {

    private final Pool pool;
    private final Duration timeout;
    private volatile String serverVersion;

    /**
     * Creates the indicator.
     *
     * @param pool the pool to check
     * @param timeout how long a ping may take
     */
    public MomokoHealthIndicator(Pool pool, Duration timeout) {
        super("Momoko pool health check failed");
        this.pool = pool;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        PoolStats stats = pool.stats();
        builder.withDetail("pool", stats.name())
                .withDetail("free", stats.free())
                .withDetail("busy", stats.busy())
                .withDetail("dead", stats.dead())
                .withDetail("pending", stats.pending())
                .withDetail("waiting", stats.waiting())
                .withDetail("size", stats.size())
                .withDetail("maxSize", stats.maxSize());
        addServers(builder);
        if (pool.isClosed()) {
            builder.down().withDetail("reason", "pool is closed");
            return;
        }
        if (stats.free() == 0 && stats.busy() > 0) {
            builder.up().withDetail("saturated", true);
            addVersion(builder);
            return;
        }
        try {
            pool.ping().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            builder.down().withDetail("reason", String.valueOf(e.getCause().getMessage()));
            return;
        } catch (java.util.concurrent.TimeoutException e) {
            builder.down().withDetail("reason", "no answer to a ping within " + timeout.toMillis() + " ms");
            return;
        }
        if (serverVersion == null) {
            serverVersion = pool.execute("SHOW server_version").get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .fetchOne().get(0, String.class);
        }
        builder.up();
        addVersion(builder);
    }

    /**
     * Each server of a url naming several, as the pool last measured it: a standby that lags or a server that is
     * unreachable shows here, while the status follows the pool itself (reads fall back to the primary).
     */
    private void addServers(Health.Builder builder) {
        List<ServerStatus> servers = pool.servers();
        if (servers.isEmpty()) {
            return;
        }
        Map<String, Map<String, Object>> details = new LinkedHashMap<>();
        for (ServerStatus server : servers) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("role", server.role().name());
            if (server.lag() != null) {
                detail.put("lagMillis", server.lag().toMillis());
            }
            detail.put("readable", server.readable());
            if (server.problem() != null) {
                detail.put("problem", server.problem());
            }
            details.put(server.server().toString(), detail);
        }
        builder.withDetail("servers", details);
    }

    private void addVersion(Health.Builder builder) {
        if (serverVersion != null) {
            builder.withDetail("serverVersion", serverVersion);
        }
    }
}
