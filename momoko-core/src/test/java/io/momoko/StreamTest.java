package io.momoko;

import io.momoko.test.Await;
import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** Server-side cursors and row streaming with back-pressure, against a real server. */
@ExtendWith(TestDatabaseExtension.class)
class StreamTest {

    private Pool pool;
    private Connection admin;

    @BeforeEach
    void setUp(TestDatabase db) {
        String name = "momoko-stream-" + Long.toHexString(System.nanoTime());
        pool = result(Pool.builder().name(name).size(2).maxSize(2)
                .connectOptions(db.options().toBuilder().applicationName(name).build()).build().connect());
        admin = result(Momoko.connect(db.options()));
    }

    @AfterEach
    void tearDown() {
        result(pool.close());
        result(admin.close());
    }

    /** Collects what a subscriber sees; requests through a policy the test chooses. */
    static class Probe<T> implements Flow.Subscriber<T> {
        final List<T> items = new ArrayList<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final long initial;
        final long perItem;
        final long cancelAfter;
        volatile Flow.Subscription subscription;

        Probe(long initial, long perItem, long cancelAfter) {
            this.initial = initial;
            this.perItem = perItem;
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (initial != 0) {
                s.request(initial);
            }
        }

        @Override
        public void onNext(T item) {
            items.add(item);
            if (items.size() == cancelAfter) {
                subscription.cancel();
                done.complete(null);
            } else if (perItem > 0) {
                subscription.request(perItem);
            }
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }

    private long serverCursorsOfPool() {
        // pg_cursors is per session: count the pool's backends that are inside a transaction instead.
        return result(admin.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s "
                + "AND state LIKE 'idle in transaction%%'", pool.name())).fetchOne().get(0, Long.class);
    }

    @Test
    void momokosRecipeStillWorks() {
        Connection conn = result(pool.getConn());
        List<Integer> values = new ArrayList<>();
        try (ManagedConnection managed = pool.manage(conn)) {
            result(conn.execute("BEGIN"));
            result(conn.execute("DECLARE c CURSOR FOR SELECT generate_series(1, 1000)"));
            for (int i = 0; i < 100; i++) {
                for (Row row : result(conn.execute("FETCH 10 FROM c"))) {
                    values.add(row.get(0, Integer.class));
                }
            }
            assertThat(result(conn.execute("FETCH 10 FROM c")).fetchAll()).isEmpty();
            assertThat(managed.connection()).isSameAs(conn);
        }
        assertThat(values).hasSize(1000).startsWith(1, 2, 3).endsWith(999, 1000);
        Await.until("connection returned", () -> pool.stats().busy() == 0);
    }

    @Test
    void cursorNeedsATransactionAndSaysSo() {
        Connection conn = result(pool.getConn());
        try {
            assertThat(failure(conn.cursor("SELECT 1"))).isInstanceOf(ProgrammingException.class)
                    .hasMessageContaining("needs an open transaction");
            List<Integer> seen = result(conn.inTransaction(tx -> tx.cursor("SELECT g FROM generate_series(1, %s) g", 25)
                    .thenCompose(cursor -> cursor.fetch(10).thenCompose(first -> cursor.fetch(10)
                            .thenCompose(second -> cursor.fetch(10).thenCompose(third -> cursor.fetch(10)
                                    .thenCompose(fourth -> cursor.close().thenApply(ignored -> {
                                        List<Integer> all = new ArrayList<>();
                                        for (List<Row> batch : List.of(first, second, third, fourth)) {
                                            batch.forEach(row -> all.add(row.get(0, Integer.class)));
                                        }
                                        assertThat(fourth).isEmpty();
                                        return all;
                                    }))))))));
            assertThat(seen).hasSize(25).endsWith(25);
        } finally {
            result(pool.putConn(conn));
        }
    }

    @Test
    void streamsAMillionRowsInBoundedMemory() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong();
        AtomicLong count = new AtomicLong();
        AtomicLong sum = new AtomicLong();
        Flow.Publisher<Row> rows = pool.stream(1000,
                "SELECT g, repeat('x', 200) AS padding FROM generate_series(1, 1000000) g");
        Probe<Row> probe = new Probe<>(Long.MAX_VALUE, 0, -1) {
            @Override
            public void onNext(Row row) {
                long n = count.incrementAndGet();
                sum.addAndGet(row.get(0, Integer.class));
                if (n % 100_000 == 0) {
                    // Retained heap, not garbage: collect first, then read.
                    System.gc();
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed() - baseline, Math::max);
                }
            }
        };
        rows.subscribe(probe);
        result(probe.done.orTimeout(5, java.util.concurrent.TimeUnit.MINUTES));
        assertThat(count.get()).isEqualTo(1_000_000);
        assertThat(sum.get()).isEqualTo(1_000_000L * 1_000_001L / 2);
        // Holding the million ~220-byte rows would take well over 200 MB; one fetch of 1,000 rows takes well under 1.
        assertThat(peak.get()).isLessThan(32L * 1024 * 1024);
        Await.until("connection returned", () -> pool.stats().busy() == 0);
    }

    @Test
    void cancellingReleasesTheCursorAndTheConnection() {
        Probe<Row> probe = new Probe<>(1, 1, 10);
        pool.stream(100, "SELECT g FROM generate_series(1, 100000) g").subscribe(probe);
        result(probe.done);
        assertThat(probe.items).hasSize(10);
        Await.until("connection returned", () -> pool.stats().busy() == 0);
        assertThat(serverCursorsOfPool()).isZero();
        Connection conn = result(pool.getConn());
        try {
            assertThat(result(conn.execute("SELECT count(*) FROM pg_cursors")).fetchOne().get(0)).isEqualTo(0L);
        } finally {
            result(pool.putConn(conn));
        }
    }

    @Test
    void anErrorMidStreamReachesOnErrorAndReleasesEverything() {
        Probe<Row> probe = new Probe<>(Long.MAX_VALUE, 0, -1);
        pool.stream(100, "SELECT 1 / (5000 - g) FROM generate_series(1, 10000) g").subscribe(probe);
        Throwable error = failure(probe.done);
        assertThat(error).isInstanceOf(DatabaseException.class);
        assertThat(((DatabaseException) error).sqlState()).isEqualTo("22012");
        assertThat(probe.items).hasSizeLessThan(5000);
        Await.until("connection returned", () -> pool.stats().busy() == 0);
        assertThat(serverCursorsOfPool()).isZero();
    }

    @Test
    void aSlowSubscriberGetsEveryRowInOrder() {
        Executor later = CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.MILLISECONDS);
        List<Integer> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> done = new CompletableFuture<>();
        pool.stream(50, "SELECT g FROM generate_series(1, 300) g").subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(Row row) {
                seen.add(row.get(0, Integer.class));
                later.execute(() -> subscription.request(1));
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        result(done);
        assertThat(seen).hasSize(300);
        for (int i = 0; i < 300; i++) {
            assertThat(seen.get(i)).isEqualTo(i + 1);
        }
    }

    @Test
    void aKilledConnectionEndsTheStreamWithATypedError() {
        Probe<Row> probe = new Probe<>(1, 0, -1);
        pool.stream(100, "SELECT g FROM generate_series(1, 100000) g").subscribe(probe);
        Await.until("first row", () -> probe.items.size() == 1);
        int pid = result(pool.admin().leases()).get(0).backendPid();
        result(admin.execute("SELECT pg_terminate_backend(%s)", pid));
        probe.subscription.request(Long.MAX_VALUE);
        Throwable error = failure(probe.done);
        assertThat(error).isInstanceOfAny(ConnectionClosedException.class, DatabaseException.class);
        Await.until("nothing busy", () -> pool.stats().busy() == 0);
        assertThat(result(pool.execute("SELECT 1")).fetchOne().get(0)).isEqualTo(1);
    }

    @Test
    void manyStreamsOnASmallPoolQueue() {
        List<Probe<Row>> probes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Probe<Row> probe = new Probe<>(Long.MAX_VALUE, 0, -1);
            pool.stream(500, "SELECT g FROM generate_series(1, 2000) g").subscribe(probe);
            probes.add(probe);
        }
        for (Probe<Row> probe : probes) {
            result(probe.done);
            assertThat(probe.items).hasSize(2000);
        }
        assertThat(pool.stats().total()).isEqualTo(2);
    }

    @Test
    void followsTheReactiveStreamsRules() {
        Flow.Publisher<Row> rows = pool.stream(10, "SELECT 1");
        Probe<Row> first = new Probe<>(0, 0, -1);
        rows.subscribe(first);
        Probe<Row> second = new Probe<>(0, 0, -1);
        rows.subscribe(second);
        assertThat(failure(second.done)).isInstanceOf(IllegalStateException.class).hasMessageContaining("already has a subscriber");
        first.subscription.request(0);
        assertThat(failure(first.done)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3.9");

        Probe<Row> negative = new Probe<>(-5, 0, -1);
        pool.stream(10, "SELECT 1").subscribe(negative);
        assertThat(failure(negative.done)).isInstanceOf(IllegalArgumentException.class);

        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Probe<Row> throwing = new Probe<>(Long.MAX_VALUE, 0, -1) {
            @Override
            public void onNext(Row row) {
                thrown.set(new IllegalStateException("subscriber bug"));
                throw (IllegalStateException) thrown.get();
            }
        };
        pool.stream(10, "SELECT generate_series(1, 100)").subscribe(throwing);
        Await.until("the throwing subscriber's stream released", () -> thrown.get() != null && pool.stats().busy() == 0);
        assertThat(throwing.done).isNotDone();
    }

    @Test
    void streamsToAPlainCallback() {
        AtomicLong sum = new AtomicLong();
        result(pool.stream(100, "SELECT g FROM generate_series(1, %s) g", row -> sum.addAndGet(row.get(0, Integer.class)),
                5000));
        assertThat(sum.get()).isEqualTo(5000L * 5001 / 2);
        assertThat(failure(pool.stream(100, "SELECT 1/0", row -> { }))).isInstanceOf(DatabaseException.class);
        assertThat(failure(pool.stream(3, "SELECT generate_series(1, 10)", row -> {
            throw new IllegalStateException("stop");
        }))).isInstanceOf(IllegalStateException.class);
        Await.until("nothing busy", () -> pool.stats().busy() == 0);
        assertThat(serverCursorsOfPool()).isZero();
    }
}
