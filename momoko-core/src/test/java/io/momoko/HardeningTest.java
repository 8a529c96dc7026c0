package io.momoko;

import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** What the pool does with a hostile caller or a closed pool, against a real server. */
@ExtendWith(TestDatabaseExtension.class)
class HardeningTest {

    private final List<Pool> pools = new ArrayList<>();
    private ConnectOptions options;

    @BeforeEach
    void setUp(TestDatabase db) {
        options = db.options();
    }

    @AfterEach
    void tearDown() {
        pools.forEach(pool -> result(pool.close()));
    }

    private Pool pool(int size) {
        Pool pool = Pool.builder().connectOptions(options).size(size).maxSize(size).build();
        pools.add(pool);
        return result(pool.connect());
    }

    @Test
    void aValueThatCannotBeBoundFailsItsFutureAndGivesTheConnectionBack() {
        Pool pool = pool(2);
        Map<String, Object> selfReferencing = new HashMap<>();
        selfReferencing.put("me", selfReferencing);
        List<Object> deep = new ArrayList<>();
        List<Object> innermost = deep;
        for (int i = 0; i < 100_000; i++) {
            List<Object> next = new ArrayList<>();
            innermost.add(next);
            innermost = next;
        }
        for (Object value : List.of(selfReferencing, deep, selfReferencing, deep)) {
            assertThat(failure(pool.execute("SELECT %s", value))).isInstanceOf(ProgrammingException.class);
        }
        assertThat(result(pool.execute("SELECT 1")).fetchOne().get(0, Integer.class)).isEqualTo(1);
        assertThat(pool.stats().busy()).isZero();
    }

    @Test
    void aClosedPoolFailsEveryFutureInsteadOfThrowing() {
        Pool pool = Pool.builder().connectOptions(options).size(1).build();
        result(pool.connect());
        CompletableFuture<Void> closed = pool.close();
        result(closed);

        assertThatCode(() -> {
            assertThat(failure(pool.execute("SELECT 1"))).isInstanceOf(PoolClosedException.class);
            assertThat(failure(pool.getConn())).isInstanceOf(PoolClosedException.class);
            assertThat(failure(pool.transaction(List.of("SELECT 1")))).isInstanceOf(PoolClosedException.class);
            assertThat(failure(pool.connect())).isInstanceOf(PoolClosedException.class);
            assertThat(pool.close()).isSameAs(closed);
        }).doesNotThrowAnyException();
    }

    @Test
    void nullSqlFailsTheFutureInsteadOfThrowing() {
        Pool pool = pool(1);
        assertThatCode(() -> {
            assertThat(failure(pool.execute((String) null))).isInstanceOf(ProgrammingException.class);
            assertThat(failure(pool.execute("SELECT %(a)s", (Map<String, ?>) null)))
                    .isInstanceOf(ProgrammingException.class);
        }).doesNotThrowAnyException();
    }

    record Missing(int id, String notAColumn) {
    }

    @Test
    void aRecordWithoutAMatchingColumnFailsWithATypedError() {
        Pool pool = pool(1);
        Throwable error = failure(pool.withCursorFactory(CursorFactory.record(Missing.class))
                .execute("SELECT 1 AS id").thenApply(Cursor::fetchAll));
        assertThat(error).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("No column for record component Missing.notAColumn")
                .hasMessageContaining("'not_a_column'");
    }

    @Test
    void joiningOnThePoolsOwnEventLoopFailsAtOnceInsteadOfHangingThePool() {
        Pool pool = pool(1);
        // The first statement sleeps so that it cannot have completed before thenApply is attached: the
        // stage then runs on the pool's event loop, where a user's async callback runs.
        CompletableFuture<Object> nested = pool.execute("SELECT pg_sleep(0.1)")
                .thenApply(cursor -> pool.execute("SELECT 2").join());
        assertThat(failure(nested)).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("own event loop").hasMessageContaining("thenCompose");
        // The pool still serves, and derived stages are guarded too.
        assertThat(result(pool.execute("SELECT 3").thenCompose(cursor -> pool.execute("SELECT 4")))
                .fetchOne().get(0, Integer.class)).isEqualTo(4);
        CompletableFuture<Object> derived = pool.execute("SELECT pg_sleep(0.1)")
                .thenApply(cursor -> pool.execute("SELECT 6").thenApply(c -> c).join());
        assertThat(failure(derived)).isInstanceOf(ProgrammingException.class);
    }

    @Test
    void aTerminatedConnectionIsOneLogLineNotAStackTrace() {
        Pool pool = pool(1);
        int pid = result(pool.execute("SELECT pg_backend_pid()")).fetchOne().get(0, Integer.class);
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        Connection admin = result(Momoko.connect(options));
        try {
            result(admin.execute("SELECT pg_terminate_backend(%s)", pid));
            io.momoko.test.Await.until("the pool sees the connection die", () -> pool.stats().dead() == 1);
            result(pool.execute("SELECT 1"));
        } finally {
            System.setErr(original);
            result(admin.close());
        }
        String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(log).doesNotContain("\tat io.vertx").doesNotContain("Exception in");
        assertThat(log.lines().filter(line -> line.contains("(57P01)")))
                .singleElement().asString().contains("io.momoko");
    }

    @Test
    void theDefaultSslModeOpensOneSocketPerPoolConnection() throws Exception {
        // A socket left open by a fallback never reaches pg_stat_activity (the backend waits for a startup
        // packet until authentication_timeout), so the sockets are counted where the kernel lists them.
        Pool pool = Pool.builder().connectOptions(options.toBuilder().sslMode(SslMode.PREFER).build())
                .size(4).maxSize(4).build();
        long before = establishedTo(options.port());
        pools.add(pool);
        result(pool.connect());
        assertThat(establishedTo(options.port()) - before).isEqualTo(4);
    }

    /** Client-side TCP sockets of this machine connected to {@code port} (Linux's /proc/net/tcp*). */
    private static long establishedTo(int port) throws java.io.IOException {
        String remotePort = String.format(":%04X", port);
        long count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            java.nio.file.Path path = java.nio.file.Path.of(table);
            if (!java.nio.file.Files.exists(path)) {
                continue;
            }
            count += java.nio.file.Files.readAllLines(path).stream().skip(1).map(String::trim)
                    .map(line -> line.split("\\s+"))
                    .filter(fields -> fields[2].endsWith(remotePort) && fields[3].equals("01")).count();
        }
        return count;
    }

    @Test
    void aGetConnJoinedOnTheEventLoopDoesNotLeakItsConnection() {
        Pool pool = pool(1);
        CompletableFuture<Object> nested = pool.execute("SELECT pg_sleep(0.1)")
                .thenApply(cursor -> pool.getConn().join());
        assertThat(failure(nested)).isInstanceOf(ProgrammingException.class);
        io.momoko.test.Await.until("the connection is free again", () -> pool.stats().free() == 1);
        assertThat(pool.close()).succeedsWithin(java.time.Duration.ofSeconds(5));
    }

    @Test
    void mogrifyAndJsonValuesRefuseWhatTheyCannotWrite() {
        Pool pool = pool(1);
        Map<String, Object> selfReferencing = new HashMap<>();
        selfReferencing.put("me", selfReferencing);
        assertThatCode(() -> pool.mogrify("SELECT %s", (Object) selfReferencing))
                .isInstanceOf(ProgrammingException.class).hasMessageContaining("refers to itself");
        assertThat(failure(pool.execute("SELECT %s::jsonb", (Object) Map.of("k", "a\uD800b"))))
                .isInstanceOf(ProgrammingException.class).hasMessageContaining("surrogate");
    }
}
