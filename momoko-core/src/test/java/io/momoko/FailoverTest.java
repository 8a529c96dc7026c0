package io.momoko;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.momoko.test.Await;
import io.momoko.test.ReplicatedCluster;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failover under load on real streaming replication: 32 writers through a pool whose URL names the primary and
 * the standby with {@code target_session_attrs=read-write}; the primary is killed ({@code pg_ctl stop -m
 * immediate}) and the standby promoted. Writes must resume on the new primary without restarting the pool, and
 * with synchronous replication no acknowledged write may be lost and none may be written twice. pgjdbc + HikariCP
 * ({@code targetServerType=primary}) is measured the same way, for RELIABILITY.md.
 */
class FailoverTest {

    private static final int WRITERS = 32;
    private static final int WRITES_BEFORE = 1_000;
    private static final int WRITES_AFTER = 1_000;

    /** One system under test: writes one row, throwing when the write was not acknowledged. */
    private interface Writes {
        void insert(long id, int writer) throws Exception;
    }

    /** What one failover cost. */
    private record Outcome(long acknowledged, long failed, long lost, long duplicated, Duration longestGap) {
        @Override
        public String toString() {
            return "acknowledged " + acknowledged + ", failed " + failed + ", lost " + lost + ", duplicated "
                    + duplicated + ", longest gap between acknowledged writes " + longestGap.toMillis() + " ms";
        }
    }

    @Test
    void writesResumeOnThePromotedStandbyLosingAndDuplicatingNothing() throws Exception {
        try (ReplicatedCluster cluster = ReplicatedCluster.start(true)) {
            Pool pool = result(Pool.builder().url(ReplicatedCluster.url(cluster.primaryServer() + ","
                            + cluster.standbyServer(), "target_session_attrs=read-write&connect_timeout=2"))
                    .size(8).maxSize(8).build().connect());
            try {
                Outcome outcome = failOver(cluster, (id, writer) -> pool.execute(
                        "INSERT INTO writes (id, writer) VALUES ($1, $2)", id, writer).get(30, TimeUnit.SECONDS));
                System.out.println("Momoko failover: " + outcome);
                assertThat(outcome.lost()).isZero();
                assertThat(outcome.duplicated()).isZero();
                // The same pool object serves writes on the new primary.
                assertThat(result(pool.execute("SELECT pg_is_in_recovery()")).fetchOne().get(0)).isEqualTo(false);
            } finally {
                result(pool.close());
            }
        }
    }

    @Test
    void pgjdbcWithHikariFailsOverTheSameWay() throws Exception {
        try (ReplicatedCluster cluster = ReplicatedCluster.start(true)) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:postgresql://" + cluster.primaryServer() + "," + cluster.standbyServer()
                    + "/postgres?user=postgres&sslmode=disable&targetServerType=primary&connectTimeout=2");
            config.setMaximumPoolSize(8);
            config.setConnectionTimeout(30_000);
            try (HikariDataSource hikari = new HikariDataSource(config)) {
                Outcome outcome = failOver(cluster, (id, writer) -> {
                    try (java.sql.Connection connection = hikari.getConnection();
                         PreparedStatement insert = connection.prepareStatement(
                                 "INSERT INTO writes (id, writer) VALUES (?, ?)")) {
                        insert.setLong(1, id);
                        insert.setInt(2, writer);
                        insert.executeUpdate();
                    }
                });
                System.out.println("pgjdbc + HikariCP failover: " + outcome);
                assertThat(outcome.lost()).isZero();
            }
        }
    }

    /** Runs the writers, kills the primary and promotes the standby once they are going, and counts. */
    private static Outcome failOver(ReplicatedCluster cluster, Writes writes) throws Exception {
        ReplicatedCluster.query(cluster.primary(), "CREATE TABLE writes (id bigint, writer int)");
        ConcurrentLinkedQueue<long[]> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicLong failed = new AtomicLong();
        AtomicLong nextId = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    long id = nextId.incrementAndGet();
                    try {
                        writes.insert(id, writer);
                        acknowledged.add(new long[] {id, System.nanoTime()});
                    } catch (Exception e) {
                        // Not acknowledged: it may or may not have been written; it is never tried again.
                        failed.incrementAndGet();
                        // Pacing, not synchronisation: a pool that fails at once must not spin the machine.
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                    }
                }
            }, "writer-" + w);
            thread.start();
            writers.add(thread);
        }
        try {
            Await.until("writes before the failover", Duration.ofSeconds(60),
                    () -> acknowledged.size() >= WRITES_BEFORE);
            cluster.stopPrimary("immediate");
            cluster.promoteStandby();
            long promoted = System.nanoTime();
            Await.until("writes on the new primary", Duration.ofSeconds(60),
                    () -> acknowledged.stream().filter(ack -> ack[1] > promoted).count() >= WRITES_AFTER);
        } finally {
            running.set(false);
            for (Thread writer : writers) {
                writer.join(60_000);
            }
        }
        Set<Long> stored = new HashSet<>();
        long rows;
        try (ConnectionOnce standby = new ConnectionOnce(cluster.standby())) {
            rows = standby.count();
            stored.addAll(standby.ids());
        }
        long lost = acknowledged.stream().filter(ack -> !stored.contains(ack[0])).count();
        long[] times = acknowledged.stream().mapToLong(ack -> ack[1]).sorted().toArray();
        long longestGap = 0;
        for (int i = 1; i < times.length; i++) {
            longestGap = Math.max(longestGap, times[i] - times[i - 1]);
        }
        return new Outcome(acknowledged.size(), failed.get(), lost, rows - stored.size(),
                Duration.ofNanos(longestGap));
    }

    /** The new primary's view of the table. */
    private static final class ConnectionOnce implements AutoCloseable {
        private final Connection connection;

        ConnectionOnce(ConnectOptions options) {
            this.connection = result(Momoko.connect(options));
        }

        long count() {
            return result(connection.execute("SELECT count(*) FROM writes")).fetchOne().get(0, Long.class);
        }

        List<Long> ids() {
            List<Long> ids = new ArrayList<>();
            for (Row row : result(connection.execute("SELECT id FROM writes")).fetchAll()) {
                ids.add(row.get(0, Long.class));
            }
            return ids;
        }

        @Override
        public void close() {
            result(connection.close());
        }
    }
}
