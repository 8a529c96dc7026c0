package io.momoko;

import io.momoko.test.Await;
import io.momoko.test.CapturedOutput;
import io.momoko.test.OutputCaptureExtension;
import io.momoko.test.TestDatabase;
import io.momoko.test.TestDatabaseExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real PgBouncer (Debian's, which {@code .ci/run} installs) in transaction mode (pool size 4) in front of the
 * test server, 64 callers in flight: with the {@code pgbouncer} preset every answer is right and nothing fails;
 * with the default settings nothing is wrong either, and the pool switches itself to the safe mode.
 */
@ExtendWith({TestDatabaseExtension.class, OutputCaptureExtension.class})
class PgBouncerTest {

    private static final Path PGBOUNCER = Path.of("/usr/sbin/pgbouncer");

    private Process bouncer;
    private int port;

    @BeforeEach
    void startPgBouncer(TestDatabase db, @TempDir Path directory) throws Exception {
        boolean installed = Files.isExecutable(PGBOUNCER);
        assertThat(installed || !"true".equals(System.getenv("CI")))
                .as("/usr/sbin/pgbouncer is missing on CI; .ci/run installs Debian's pgbouncer").isTrue();
        org.junit.jupiter.api.Assumptions.assumeTrue(installed, "pgbouncer is not installed");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ConnectOptions server = db.options();
        Files.writeString(directory.resolve("users.txt"), "\"" + server.user() + "\" \""
                + (server.password() == null ? "" : server.password()) + "\"\n");
        Files.writeString(directory.resolve("pgbouncer.ini"), String.join("\n",
                "[databases]",
                "* = host=" + server.host() + " port=" + server.port(),
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                "listen_port = " + port,
                "auth_type = trust",
                "auth_file = " + directory.resolve("users.txt"),
                "pool_mode = transaction",
                "default_pool_size = 4",
                "max_client_conn = 200",
                // Vert.x sends extra_float_digits; options carries Momoko's server settings, if any.
                "ignore_startup_parameters = extra_float_digits,options",
                "") + "\n");
        List<String> command = new ArrayList<>(List.of(PGBOUNCER.toString(), directory.resolve("pgbouncer.ini")
                .toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            // PgBouncer refuses to run as root: as the postgres user, which must read its files.
            new ProcessBuilder("chown", "-R", "postgres", directory.toString()).inheritIO().start().waitFor();
            directory.toFile().setExecutable(true, false);
            command.addAll(0, List.of("runuser", "-u", "postgres", "--"));
        }
        bouncer = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("pgbouncer.out").toFile()).start();
        Await.until("PgBouncer listening", () -> {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (java.io.IOException notYet) {
                return !bouncer.isAlive();
            }
        });
        assertThat(bouncer.isAlive()).as(Files.readString(directory.resolve("pgbouncer.out"))).isTrue();
    }

    @AfterEach
    void stopPgBouncer() throws Exception {
        if (bouncer != null) {
            bouncer.destroy();
            bouncer.waitFor();
        }
    }

    /** What a run of the mixed workload got back, every answer checked. */
    private record Outcome(int right, int wrong, List<Throwable> errors, long misplacedRows) {
    }

    private Pool.Builder throughPgBouncer(TestDatabase db) {
        return Pool.builder().connectOptions(db.options().toBuilder().host("127.0.0.1").port(port)
                .sslMode(SslMode.DISABLE).build()).size(8).maxSize(8);
    }

    /**
     * 64 callers in flight: parameterised SELECTs of two types, single INSERTs, 3-statement transactions and
     * transactions on borrowed connections, each
     * answer checked, and every row checked to belong to the INSERT that wrote it (caller and kind).
     */
    private static Outcome mixedWorkload(Pool pool, String table, int operations) throws Exception {
        AtomicInteger right = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < operations; i++) {
            int k = i;
            inFlight.acquire();
            CompletableFuture<Boolean> answer = switch (k % 5) {
                case 0 -> pool.execute("SELECT %s::int + 1", k).thenApply(c -> c.fetchOne().get(0, Integer.class) == k + 1);
                case 1 -> pool.execute("SELECT %s || 'x'", "v" + k).thenApply(c -> ("v" + k + "x").equals(c.fetchOne().get(0)));
                case 2 -> pool.execute("INSERT INTO " + table + " VALUES (%s, 3)", k).thenApply(c -> c.rowCount() == 1);
                case 3 -> pool.transaction(List.of(Statement.of("INSERT INTO " + table + " VALUES (%s, 1)", k),
                        Statement.of("INSERT INTO " + table + " VALUES (%s, 2)", k),
                        Statement.of("SELECT count(*) FROM " + table + " WHERE caller = %s", k)))
                        .thenApply(cursors -> cursors.get(2).fetchOne().get(0, Long.class) == 2L);
                // A transaction on a borrowed connection, as Spring's transaction managers run them.
                default -> pool.withConnection(connection -> connection.inTransaction(tx -> tx.execute(
                        "INSERT INTO " + table + " VALUES (%s, 4) RETURNING caller", k)))
                        .thenApply(cursor -> cursor.fetchOne().get(0, Integer.class) == k);
            };
            all.add(answer.handle((good, error) -> {
                inFlight.release();
                if (error != null) {
                    // thenApply above wraps the pool's own error in a CompletionException.
                    errors.add(error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                            ? error.getCause() : error);
                } else if (good) {
                    right.incrementAndGet();
                } else {
                    wrong.incrementAndGet();
                }
                return null;
            }));
        }
        Await.result(CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])));
        // A row is misplaced when its caller did not send an INSERT of its kind (n = 3 from single INSERTs, callers
        // 2 mod 5; n = 1, 2 from transactions, callers 3 mod 5; n = 4 from borrowed connections' transactions,
        // callers 4 mod 5), or when a caller has more rows than it sent.
        long misplaced = result(pool.execute("SELECT count(*) FROM " + table + " WHERE NOT ((caller % 5 = 2 AND n = 3) "
                + "OR (caller % 5 = 3 AND n IN (1, 2)) OR (caller % 5 = 4 AND n = 4))")).fetchOne().get(0, Long.class)
                + result(pool.execute("SELECT count(*) FROM (SELECT caller, n FROM " + table + " GROUP BY caller, n "
                + "HAVING count(*) > 1) twice")).fetchOne().get(0, Long.class);
        return new Outcome(right.get(), wrong.get(), errors, misplaced);
    }

    @Test
    void withThePgBouncerPresetEveryAnswerIsRightAndNothingFails(TestDatabase db) throws Exception {
        Pool pool = result(throughPgBouncer(db).pgbouncer(true).build().connect());
        String table = "bouncer_" + Long.toHexString(System.nanoTime());
        try {
            result(pool.execute("CREATE TABLE " + table + " (caller int, n int)"));
            Outcome outcome = mixedWorkload(pool, table, 4000);
            assertThat(outcome.errors()).as("errors").isEmpty();
            assertThat(outcome.wrong()).as("wrong answers").isZero();
            assertThat(outcome.misplacedRows()).as("misplaced rows").isZero();
            assertThat(outcome.right()).isEqualTo(4000);
            assertThat(result(pool.execute("SELECT count(*) FROM " + table)).fetchOne().get(0, Long.class))
                    .as("no row lost").isEqualTo(3200L);
        } finally {
            result(pool.execute("DROP TABLE IF EXISTS " + table));
            result(pool.close());
        }
    }

    /**
     * Default settings (statement cache on) behind PgBouncer: a misconfiguration. No answer may be wrong and no row
     * misplaced; the pool sees 26000/42P05 on a statement it prepared, switches itself to the safe mode with one
     * warning, and from then on nothing fails.
     */
    @Test
    void withDefaultSettingsNothingIsWrongAndThePoolSwitchesToTheSafeMode(TestDatabase db, CapturedOutput output)
            throws Exception {
        Pool pool = result(throughPgBouncer(db).build().connect());
        String table = "bouncer_" + Long.toHexString(System.nanoTime());
        try {
            result(pool.execute("CREATE TABLE " + table + " (caller int, n int)"));
            Outcome first = mixedWorkload(pool, table, 4000);
            System.out.println("PgBouncer, default settings, first run: " + first.right() + " right, " + first.wrong()
                    + " wrong, " + first.errors().size() + " errors, " + first.misplacedRows() + " misplaced rows; errors: "
                    + first.errors().stream().map(e -> e.getClass().getSimpleName() + (e instanceof DatabaseException d
                    ? " " + d.sqlState() : "")).collect(java.util.stream.Collectors.groupingBy(e -> e,
                    java.util.stream.Collectors.counting())));
            assertThat(first.wrong()).as("wrong answers").isZero();
            assertThat(first.misplacedRows()).as("misplaced rows").isZero();
            assertThat(first.errors()).as("errors are typed").allSatisfy(error ->
                    assertThat(error).isInstanceOf(MomokoException.class));
            assertThat(output.all()).containsOnlyOnce("switching to PgBouncer-safe statements");

            result(pool.execute("TRUNCATE " + table));
            Outcome second = mixedWorkload(pool, table, 4000);
            assertThat(second.errors()).as("errors after the switch").isEmpty();
            assertThat(second.wrong()).isZero();
            assertThat(second.misplacedRows()).isZero();
        } finally {
            result(pool.execute("DROP TABLE IF EXISTS " + table));
            result(pool.close());
        }
    }

    /** The preset refuses what would leave session state on a server connection another client gets next. */
    @Test
    void thePresetRefusesSessionState(TestDatabase db) {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> throughPgBouncer(db).pgbouncer(true)
                .setSession(List.of("SET search_path TO app")).build()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("setSession cannot be used with pgbouncer");
        Pool pool = result(throughPgBouncer(db).pgbouncer(true).build().connect());
        try {
            assertThat(Await.failure(pool.execute("SET search_path TO app"))).isInstanceOf(ProgrammingException.class)
                    .hasMessageContaining("set for PgBouncer").hasMessageContaining("SET LOCAL");
            assertThat(Await.failure(pool.transaction(List.of("SET work_mem = '8MB'", "SELECT 1"))))
                    .isInstanceOf(ProgrammingException.class);
            assertThat(result(pool.transaction(List.of("SET LOCAL work_mem = '8MB'", "SHOW work_mem"))).get(1)
                    .fetchOne().get(0)).isEqualTo("8MB");
            Connection borrowed = result(pool.getConn());
            try {
                assertThat(Await.failure(borrowed.execute("SET search_path TO app")))
                        .isInstanceOf(ProgrammingException.class).hasMessageContaining("set for PgBouncer");
                assertThat(result(borrowed.inTransaction(tx -> tx.execute("SET LOCAL work_mem = '9MB'")
                        .thenCompose(ignored -> tx.execute("SHOW work_mem")))).fetchOne().get(0)).isEqualTo("9MB");
            } finally {
                result(pool.putConn(borrowed));
            }
            io.momoko.test.SubscriberProbe<Notification> probe = io.momoko.test.SubscriberProbe.unbounded();
            pool.listen("events").subscribe(probe);
            assertThat(Await.failure(probe.done())).isInstanceOf(ProgrammingException.class).hasMessageContaining("LISTEN");
        } finally {
            result(pool.close());
        }
    }
}
