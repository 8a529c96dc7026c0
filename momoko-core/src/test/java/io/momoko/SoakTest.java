package io.momoko;

import io.momoko.test.Await;
import io.momoko.test.RestartableDatabase;
import io.momoko.test.TcpProxy;
import io.momoko.test.TestPools;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 64 concurrent writers insert rows through a pool with the default sslmode while faults are injected every
 * few seconds: dropped sockets, terminated backends, a refusing server, a slow network, and restarts of the
 * server itself ({@code pg_ctl restart -m fast} and {@code -m immediate}, a crash). The table has no unique
 * key, so a write run twice would show as a second row. At the end: no acknowledged write lost, none
 * duplicated, every future completed (checked per write, not by construction), every failure one of the
 * catalogue's typed exceptions, most writes acknowledged in the seconds without a fault, the pool back at its
 * size and the server holding exactly the pool's connections. Runs about 60 s;
 * {@code -Dmomoko.soak.seconds=600} for longer.
 */
class SoakTest {

    private static final int WRITERS = 64;
    private static final int POOL_SIZE = 8;
    /** Of the writes completed in a second with no fault in or just before it, at least this share succeeds. */
    private static final double MIN_ACKNOWLEDGED_SHARE_WHEN_QUIET = 0.95;

    @Test
    void losesAndDuplicatesNothingUnderFaultsAndRestarts() throws Exception {
        Duration length = Duration.ofSeconds(Long.getLong("momoko.soak.seconds", 60));
        try (RestartableDatabase db = RestartableDatabase.start()) {
            ConnectOptions direct = db.options();
            TcpProxy proxy = new TcpProxy(direct.host(), direct.port());
            Pool pool = TestPools.builder("momoko-soak", direct.toBuilder().host("127.0.0.1").port(proxy.port())
                            .connectTimeout(Duration.ofSeconds(2)).build())
                    .size(POOL_SIZE).maxSize(POOL_SIZE)
                    .reconnectInterval(Duration.ofMillis(200)).acquireTimeout(Duration.ofSeconds(5))
                    .queryTimeout(Duration.ofSeconds(10))
                    .build();
            String name = pool.name();
            String table = name.replace('-', '_');
            try {
                withAdmin(direct, admin -> admin.execute("CREATE TABLE " + table + " (id bigint NOT NULL, writer int)"));
                result(pool.connect());
                Writes writes = new Writes(length);
                List<CompletableFuture<Void>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    writers.add(write(pool, table, w, writes));
                }

                int faults = 0;
                List<String> restarts = new ArrayList<>();
                while (System.nanoTime() < writes.deadline) {
                    pauseBetweenFaults(writes.deadline);
                    if (System.nanoTime() >= writes.deadline) {
                        break;
                    }
                    writes.faultAt(System.nanoTime());
                    inject(faults++ % 6, proxy, db, direct, name, restarts);
                    writes.faultAt(System.nanoTime());
                }
                proxy.mode(TcpProxy.Mode.PASS);
                proxy.latency(Duration.ZERO);
                for (CompletableFuture<Void> writer : writers) {
                    result(writer, Duration.ofMinutes(2));
                }

                assertThat(writes.pending).as("writes whose future never completed").isEmpty();
                assertThat(writes.untyped).as("failures outside the exception catalogue").isEmpty();
                long rows = count(direct, "SELECT count(*) FROM " + table);
                long duplicated = count(direct, "SELECT count(*) - count(DISTINCT id) FROM " + table);
                long missing = count(direct, "SELECT count(*) FROM unnest(%s::int8[]) AS acked(id) WHERE NOT EXISTS "
                        + "(SELECT 1 FROM " + table + " t WHERE t.id = acked.id)", (Object) writes.acknowledged
                        .toArray(new Long[0]));
                assertThat(missing).as("acknowledged writes lost").isZero();
                assertThat(duplicated).as("writes that ran twice").isZero();
                assertThat(writes.quietSecondsBelowShare()).as("fault-free seconds with too few acknowledged writes")
                        .isEmpty();

                Await.until("the pool back at its size with no dead connection", () -> {
                    List<CompletableFuture<Cursor<Row>>> pings = new ArrayList<>();
                    for (int i = 0; i < POOL_SIZE; i++) {
                        pings.add(pool.execute("SELECT 1"));
                    }
                    pings.forEach(Await::succeeds);
                    PoolStats stats = pool.stats();
                    return stats.dead() == 0 && stats.total() == POOL_SIZE && stats.busy() == 0;
                });
                assertThat(count(direct, "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", name))
                        .as("connections the server has for the pool").isEqualTo(POOL_SIZE);

                System.out.printf("SOAK %ds: writes issued %d, acknowledged %d, failures %d %s, faults %d, "
                        + "restarts %s, lost 0, duplicated 0, rows %d%n", length.toSeconds(), writes.issued.get(),
                        writes.acknowledged.size(), writes.failures.get(), writes.failureTypes, faults, restarts, rows);
            } finally {
                result(pool.close());
                proxy.close();
            }
        }
    }

    /** What the writers did, per write and per second. */
    private static final class Writes {
        final long started = System.nanoTime();
        final long deadline;
        final AtomicLong nextId = new AtomicLong();
        final AtomicLong issued = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        final Set<Long> pending = ConcurrentHashMap.newKeySet();
        final Map<String, AtomicLong> failureTypes = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> untyped = new ConcurrentLinkedQueue<>();
        final AtomicLongArray succeededPerSecond;
        final AtomicLongArray completedPerSecond;
        final ConcurrentLinkedQueue<Long> faultTimes = new ConcurrentLinkedQueue<>();

        Writes(Duration length) {
            this.deadline = started + length.toNanos();
            int seconds = (int) length.toSeconds() + 200;
            this.succeededPerSecond = new AtomicLongArray(seconds);
            this.completedPerSecond = new AtomicLongArray(seconds);
        }

        void faultAt(long nanos) {
            faultTimes.add(nanos);
        }

        void completed(long id, Throwable error) {
            pending.remove(id);
            int second = (int) ((System.nanoTime() - started) / 1_000_000_000L);
            completedPerSecond.incrementAndGet(second);
            if (error == null) {
                acknowledged.add(id);
                succeededPerSecond.incrementAndGet(second);
                return;
            }
            failures.incrementAndGet();
            Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            failureTypes.computeIfAbsent(cause.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
            if (!(cause instanceof MomokoException)) {
                untyped.add(String.valueOf(cause));
            }
        }

        /** Seconds that saw no fault in them or in the two before, where too few completed writes succeeded. */
        List<String> quietSecondsBelowShare() {
            List<String> below = new ArrayList<>();
            int last = (int) ((deadline - started) / 1_000_000_000L);
            for (int second = 1; second < last; second++) {
                long from = started + (second - 2) * 1_000_000_000L;
                long to = started + (second + 1) * 1_000_000_000L;
                boolean quiet = faultTimes.stream().noneMatch(t -> t >= from && t < to);
                long completed = completedPerSecond.get(second);
                if (quiet && completed > 0
                        && succeededPerSecond.get(second) < MIN_ACKNOWLEDGED_SHARE_WHEN_QUIET * completed) {
                    below.add("second " + second + ": " + succeededPerSecond.get(second) + "/" + completed);
                }
            }
            return below;
        }
    }

    /** One writer: insert, record the outcome, and go on until the deadline. */
    private static CompletableFuture<Void> write(Pool pool, String table, int writer, Writes writes) {
        if (System.nanoTime() >= writes.deadline) {
            return CompletableFuture.completedFuture(null);
        }
        long id = writes.nextId.incrementAndGet();
        writes.issued.incrementAndGet();
        writes.pending.add(id);
        return pool.execute("INSERT INTO " + table + " (id, writer) VALUES (%s, %s)", id, writer)
                .handle((cursor, error) -> {
                    writes.completed(id, error);
                    return null;
                })
                .thenComposeAsync(ignored -> write(pool, table, writer, writes));
    }

    private static void pauseBetweenFaults(long deadline) {
        long until = Math.min(deadline, System.nanoTime() + Duration.ofSeconds(3).toNanos());
        Await.until("the next fault is due", () -> System.nanoTime() >= until);
    }

    private static void inject(int kind, TcpProxy proxy, RestartableDatabase db, ConnectOptions direct, String name,
                               List<String> restarts) {
        switch (kind) {
            case 0 -> proxy.dropAll();
            case 1 -> withAdmin(direct, admin -> admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE application_name = %s", name));
            case 2 -> {
                proxy.mode(TcpProxy.Mode.REFUSE);
                proxy.dropAll();
                long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                Await.until("the outage to last a second", () -> System.nanoTime() >= until);
                proxy.mode(TcpProxy.Mode.PASS);
            }
            case 3 -> restarts.add("fast " + db.restart("fast").toMillis() + " ms");
            case 4 -> {
                proxy.latency(Duration.ofMillis(20));
                long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                Await.until("the slow network to last a second", () -> System.nanoTime() >= until);
                proxy.latency(Duration.ZERO);
            }
            default -> restarts.add("immediate " + db.restart("immediate").toMillis() + " ms");
        }
    }

    private static void withAdmin(ConnectOptions options, java.util.function.Function<Connection,
            CompletableFuture<?>> work) {
        Connection admin = result(Momoko.connect(options));
        try {
            result(work.apply(admin));
        } finally {
            result(admin.close());
        }
    }

    private static long count(ConnectOptions options, String sql, Object... params) {
        Connection admin = result(Momoko.connect(options));
        try {
            return result(admin.execute(sql, params)).fetchOne().get(0, Long.class);
        } finally {
            result(admin.close());
        }
    }
}
