package io.momoko;

import io.momoko.test.Await;
import io.momoko.test.PgActivity;
import io.momoko.test.SubscriberProbe;
import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import io.momoko.test.TestPools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
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
        pool = result(TestPools.builder("momoko-stream", db.options()).size(2).maxSize(2).build().connect());
        admin = result(Momoko.connect(db.options()));
    }

    @AfterEach
    void tearDown() {
        result(pool.close());
        result(admin.close());
    }

    private long serverCursorsOfPool() {
        // pg_cursors is per session: count the pool's backends that are inside a transaction instead.
        return PgActivity.sessions(admin, pool.name(), "idle in transaction%");
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
        SubscriberProbe<Row> probe = SubscriberProbe.<Row>unbounded().discardingItems().forEach(row -> {
            long n = count.incrementAndGet();
            sum.addAndGet(row.get(0, Integer.class));
            if (n % 100_000 == 0) {
                // Retained heap, not garbage: collect first, then read.
                System.gc();
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed() - baseline, Math::max);
            }
        });
        rows.subscribe(probe);
        result(probe.done(), Duration.ofMinutes(5));
        assertThat(count.get()).isEqualTo(1_000_000);
        assertThat(sum.get()).isEqualTo(1_000_000L * 1_000_001L / 2);
        // Holding the million ~220-byte rows would take well over 200 MB; one fetch of 1,000 rows takes well under 1.
        assertThat(peak.get()).isLessThan(32L * 1024 * 1024);
        Await.until("connection returned", () -> pool.stats().busy() == 0);
    }

    @Test
    void readsFromTheServerOnlyWhatTheSubscriberAsksFor() {
        String sequence = "momoko_stream_rows_" + Long.toHexString(System.nanoTime());
        result(admin.execute("CREATE SEQUENCE " + sequence));
        // A query without end (a set-returning function in the select list runs lazily): a publisher that read
        // ahead of demand would never stop. nextval counts the rows the server has produced.
        SubscriberProbe<Row> probe = SubscriberProbe.requesting(250);
        pool.stream(100, "SELECT nextval('" + sequence + "') AS n "
                + "FROM (SELECT generate_series(1, 9223372036854775807)) AS endless").subscribe(probe);
        try {
            Await.until("250 rows", () -> probe.count() == 250);
            assertThat(probe.items()).extracting(row -> row.get(0, Long.class)).startsWith(1L, 2L).endsWith(250L);
            // One fetch of 100 at a time, and only when the buffer is empty and more is wanted: 3 fetches.
            assertThat(result(admin.execute("SELECT last_value FROM " + sequence)).fetchOne().get(0, Long.class))
                    .as("rows the server produced for 250 requested in fetches of 100").isEqualTo(300L);
        } finally {
            // The cursor's transaction holds the sequence: end it before dropping.
            probe.subscription().cancel();
            Await.until("connection returned", () -> pool.stats().busy() == 0);
            result(admin.execute("DROP SEQUENCE " + sequence));
        }
        assertThat(probe.done()).isNotDone();
    }

    @Test
    void cancellingReleasesTheCursorAndTheConnection() {
        SubscriberProbe<Row> probe = SubscriberProbe.<Row>requesting(1).perItem(1).cancelAfter(10);
        pool.stream(100, "SELECT g FROM generate_series(1, 100000) g").subscribe(probe);
        result(probe.done());
        assertThat(probe.items()).hasSize(10);
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
        SubscriberProbe<Row> probe = SubscriberProbe.unbounded();
        pool.stream(100, "SELECT 1 / (5000 - g) FROM generate_series(1, 10000) g").subscribe(probe);
        Throwable error = failure(probe.done());
        assertThat(error).isInstanceOf(DatabaseException.class);
        assertThat(((DatabaseException) error).sqlState()).isEqualTo("22012");
        // Fetched 100 at a time: the 49 fetches before row 5000 arrive whole, the 50th fails as a whole.
        assertThat(probe.items()).hasSize(4900);
        Await.until("connection returned", () -> pool.stats().busy() == 0);
        assertThat(serverCursorsOfPool()).isZero();
    }

    @Test
    void aSlowSubscriberGetsEveryRowInOrder() {
        SubscriberProbe<Row> probe = SubscriberProbe.<Row>requesting(1).perItem(1)
                .requestingOn(CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS));
        pool.stream(50, "SELECT g FROM generate_series(1, 300) g").subscribe(probe);
        result(probe.done());
        List<Integer> seen = probe.items().stream().map(row -> row.get(0, Integer.class)).toList();
        assertThat(seen).hasSize(300);
        for (int i = 0; i < 300; i++) {
            assertThat(seen.get(i)).isEqualTo(i + 1);
        }
    }

    @Test
    void aKilledConnectionEndsTheStreamWithATypedError() {
        SubscriberProbe<Row> probe = SubscriberProbe.requesting(1);
        pool.stream(100, "SELECT g FROM generate_series(1, 100000) g").subscribe(probe);
        Await.until("first row", () -> probe.count() == 1);
        int pid = result(pool.admin().leases()).get(0).backendPid();
        result(admin.execute("SELECT pg_terminate_backend(%s)", pid));
        probe.request(Long.MAX_VALUE);
        Throwable error = failure(probe.done());
        assertThat(error).isInstanceOfAny(ConnectionClosedException.class, DatabaseException.class);
        Await.until("nothing busy", () -> pool.stats().busy() == 0);
        assertThat(result(pool.execute("SELECT 1")).fetchOne().get(0)).isEqualTo(1);
    }

    @Test
    void manyStreamsOnASmallPoolQueue() {
        List<SubscriberProbe<Row>> probes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            SubscriberProbe<Row> probe = SubscriberProbe.unbounded();
            pool.stream(500, "SELECT g FROM generate_series(1, 2000) g").subscribe(probe);
            probes.add(probe);
        }
        for (SubscriberProbe<Row> probe : probes) {
            result(probe.done());
            assertThat(probe.items()).hasSize(2000);
        }
        assertThat(pool.stats().total()).isEqualTo(2);
    }

    @Test
    void followsTheReactiveStreamsRules() {
        Flow.Publisher<Row> rows = pool.stream(10, "SELECT 1");
        SubscriberProbe<Row> first = SubscriberProbe.requesting(0);
        rows.subscribe(first);
        SubscriberProbe<Row> second = SubscriberProbe.requesting(0);
        rows.subscribe(second);
        assertThat(failure(second.done())).isInstanceOf(IllegalStateException.class).hasMessageContaining("already has a subscriber");
        first.request(0);
        assertThat(failure(first.done())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3.9");

        SubscriberProbe<Row> negative = SubscriberProbe.requesting(-5);
        pool.stream(10, "SELECT 1").subscribe(negative);
        assertThat(failure(negative.done())).isInstanceOf(IllegalArgumentException.class);

        AtomicReference<Throwable> thrown = new AtomicReference<>();
        SubscriberProbe<Row> throwing = SubscriberProbe.<Row>unbounded().forEach(row -> {
            thrown.set(new IllegalStateException("subscriber bug"));
            throw (IllegalStateException) thrown.get();
        });
        pool.stream(10, "SELECT generate_series(1, 100)").subscribe(throwing);
        Await.until("the throwing subscriber's stream released", () -> thrown.get() != null && pool.stats().busy() == 0);
        assertThat(throwing.done()).isNotDone();
        assertThat(throwing.count()).isZero();
    }

    @Test
    void aClosedPoolsStreamFailsWithPoolClosed(TestDatabase db) {
        Pool closed = TestPools.builder("momoko-stream-closed", db.options()).build();
        result(closed.close());
        SubscriberProbe<Row> probe = SubscriberProbe.requesting(1);
        closed.stream(10, "SELECT 1").subscribe(probe);
        assertThat(failure(probe.done())).isInstanceOf(PoolClosedException.class)
                .hasMessage("Pool '" + closed.name() + "' is closed");
        assertThat(probe.count()).isZero();
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
