package io.momoko;

import io.momoko.test.Await;
import io.momoko.test.TcpProxy;
import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 64 concurrent writers insert rows with unique ids through the pool while faults are injected every few
 * seconds. At the end every acknowledged write is in the table exactly once, every future completed, the
 * pool is back at its size with no dead connections, and the server has no connection the pool does not
 * know about. Runs about 60 s; {@code -Dmomoko.soak.seconds=600} for longer.
 */
@ExtendWith(TestDatabaseExtension.class)
class SoakTest {

    private static final int WRITERS = 64;
    private static final int POOL_SIZE = 8;

    @Test
    void losesAndDuplicatesNothingUnderFaults(TestDatabase db) {
        Duration length = Duration.ofSeconds(Long.getLong("momoko.soak.seconds", 60));
        String name = "momoko-soak-" + Long.toHexString(System.nanoTime());
        String table = name.replace('-', '_');
        Connection admin = result(Momoko.connect(db.options()));
        TcpProxy proxy = new TcpProxy(db.options().host(), db.options().port());
        Pool pool = Pool.builder().name(name).size(POOL_SIZE).maxSize(POOL_SIZE).reconnectInterval(Duration.ofMillis(200))
                .acquireTimeout(Duration.ofSeconds(5)).queryTimeout(Duration.ofSeconds(10))
                .connectOptions(db.options().toBuilder().host("127.0.0.1").port(proxy.port()).applicationName(name)
                        .connectTimeout(Duration.ofSeconds(2)).build())
                .build();
        try {
            result(admin.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, writer int NOT NULL)"));
            result(pool.connect());

            AtomicLong nextId = new AtomicLong();
            AtomicLong issued = new AtomicLong();
            AtomicLong completed = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
            long deadline = System.nanoTime() + length.toNanos();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(write(pool, table, w, deadline, nextId, issued, completed, failures, acknowledged));
            }

            int faults = 0;
            while (System.nanoTime() < deadline) {
                pauseBetweenFaults(deadline);
                if (System.nanoTime() >= deadline) {
                    break;
                }
                inject(faults++ % 4, proxy, admin, name);
            }
            proxy.mode(TcpProxy.Mode.PASS);
            proxy.latency(Duration.ZERO);
            for (CompletableFuture<Void> writer : writers) {
                writer.orTimeout(2, java.util.concurrent.TimeUnit.MINUTES).join();
            }

            assertThat(completed.get()).as("every future completed").isEqualTo(issued.get());
            long rows = result(admin.execute("SELECT count(*) FROM " + table)).fetchOne().get(0, Long.class);
            long distinct = result(admin.execute("SELECT count(DISTINCT id) FROM " + table)).fetchOne().get(0, Long.class);
            long missing = result(admin.execute("SELECT count(*) FROM unnest(%s::int8[]) AS acked(id) WHERE NOT EXISTS "
                    + "(SELECT 1 FROM " + table + " t WHERE t.id = acked.id)", (Object) acknowledged.toArray(new Long[0])))
                    .fetchOne().get(0, Long.class);
            assertThat(missing).as("acknowledged writes lost").isZero();
            assertThat(rows).as("duplicated rows").isEqualTo(distinct);

            Await.until("the pool back at its size with no dead connection", () -> {
                List<CompletableFuture<Cursor<Row>>> pings = new ArrayList<>();
                for (int i = 0; i < POOL_SIZE; i++) {
                    pings.add(pool.execute("SELECT 1"));
                }
                pings.forEach(ping -> ping.handle((c, e) -> null).join());
                PoolStats stats = pool.stats();
                return stats.dead() == 0 && stats.total() == POOL_SIZE && stats.busy() == 0;
            });
            long serverSide = result(admin.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                    name)).fetchOne().get(0, Long.class);
            assertThat(serverSide).as("connections the server has for the pool").isEqualTo(POOL_SIZE);

            System.out.printf("SOAK %ds: writes issued %d, acknowledged %d, failures surfaced %d, faults %d, "
                    + "lost 0, duplicated 0, rows %d%n", length.toSeconds(), issued.get(), acknowledged.size(),
                    failures.get(), faults, rows);
        } finally {
            result(pool.close());
            proxy.close();
            result(admin.execute("DROP TABLE IF EXISTS " + table));
            result(admin.close());
        }
    }

    /** One writer: insert, record the outcome, and go on until the deadline. */
    private static CompletableFuture<Void> write(Pool pool, String table, int writer, long deadline, AtomicLong nextId,
                                                 AtomicLong issued, AtomicLong completed, AtomicLong failures,
                                                 Set<Long> acknowledged) {
        if (System.nanoTime() >= deadline) {
            return CompletableFuture.completedFuture(null);
        }
        long id = nextId.incrementAndGet();
        issued.incrementAndGet();
        return pool.execute("INSERT INTO " + table + " (id, writer) VALUES (%s, %s)", id, writer)
                .handle((cursor, error) -> {
                    completed.incrementAndGet();
                    if (error == null) {
                        acknowledged.add(id);
                    } else {
                        failures.incrementAndGet();
                    }
                    return null;
                })
                .thenComposeAsync(ignored -> write(pool, table, writer, deadline, nextId, issued, completed, failures,
                        acknowledged));
    }

    private static void pauseBetweenFaults(long deadline) {
        long until = Math.min(deadline, System.nanoTime() + Duration.ofSeconds(3).toNanos());
        Await.until("the next fault is due", () -> System.nanoTime() >= until);
    }

    private static void inject(int kind, TcpProxy proxy, Connection admin, String name) {
        switch (kind) {
            case 0 -> proxy.dropAll();
            case 1 -> result(admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE application_name = %s", name));
            case 2 -> {
                proxy.mode(TcpProxy.Mode.REFUSE);
                proxy.dropAll();
                long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                Await.until("the outage to last a second", () -> System.nanoTime() >= until);
                proxy.mode(TcpProxy.Mode.PASS);
            }
            default -> {
                proxy.latency(Duration.ofMillis(20));
                long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                Await.until("the slow network to last a second", () -> System.nanoTime() >= until);
                proxy.latency(Duration.ZERO);
            }
        }
    }
}
