package io.momoko;

import io.momoko.test.Await;
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
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A real PgBouncer (Debian's, which {@code .ci/run} installs) in transaction mode in front of the test server:
 * with {@code statementCacheSize(0)} every answer is right and nothing fails (before: every bound statement
 * failed with 26000, as Vert.x prepared in one transaction and bound in the next, which PgBouncer sends to
 * different servers).
 */
@ExtendWith(TestDatabaseExtension.class)
class PgBouncerTest {

    private static final Path PGBOUNCER = Path.of("/usr/sbin/pgbouncer");

    private Process bouncer;
    private int port;

    @BeforeEach
    void startPgBouncer(TestDatabase db, @TempDir Path directory) throws Exception {
        boolean installed = Files.isExecutable(PGBOUNCER);
        assertThat(installed || !"true".equals(System.getenv("CI")))
                .as("/usr/sbin/pgbouncer is missing on CI; .ci/run installs Debian's pgbouncer").isTrue();
        assumeThat(installed).as("pgbouncer is not installed").isTrue();
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

    @Test
    void withoutAStatementCacheEveryAnswerThroughPgBouncerIsRight(TestDatabase db) throws Exception {
        ConnectOptions through = db.options().toBuilder().host("127.0.0.1").port(port).sslMode(SslMode.DISABLE).build();
        Pool pool = result(Pool.builder().connectOptions(through).size(8).maxSize(8).statementCacheSize(0).build()
                .connect());
        String table = "bouncer_" + Long.toHexString(System.nanoTime());
        try {
            result(pool.execute("CREATE TABLE " + table + " (caller int, n int)"));
            AtomicInteger right = new AtomicInteger();
            AtomicInteger wrong = new AtomicInteger();
            List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            Semaphore inFlight = new Semaphore(64);
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                int k = i;
                inFlight.acquire();
                CompletableFuture<Boolean> answer = switch (k % 3) {
                    case 0 -> pool.execute("SELECT %s::int + 1", k).thenApply(c -> c.fetchOne().get(0, Integer.class) == k + 1);
                    case 1 -> pool.execute("SELECT %s || 'x'", "v" + k).thenApply(c -> ("v" + k + "x").equals(c.fetchOne().get(0)));
                    default -> pool.transaction(List.of(Statement.of("INSERT INTO " + table + " VALUES (%s, 1)", k),
                            Statement.of("INSERT INTO " + table + " VALUES (%s, 2)", k),
                            Statement.of("SELECT count(*) FROM " + table + " WHERE caller = %s", k)))
                            .thenApply(cursors -> cursors.get(2).fetchOne().get(0, Long.class) == 2L);
                };
                all.add(answer.handle((good, error) -> {
                    inFlight.release();
                    if (error != null) {
                        errors.add(error);
                    } else if (good) {
                        right.incrementAndGet();
                    } else {
                        wrong.incrementAndGet();
                    }
                    return null;
                }));
            }
            Await.result(CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])));
            assertThat(errors).as("errors").isEmpty();
            assertThat(wrong.get()).as("wrong answers").isZero();
            assertThat(right.get()).isEqualTo(3000);
            assertThat(result(pool.execute("SELECT count(*), count(DISTINCT caller) FROM " + table)).fetchOne().get(0,
                    Long.class)).as("no row lost or misplaced").isEqualTo(2000L);
        } finally {
            result(pool.execute("DROP TABLE IF EXISTS " + table));
            result(pool.close());
        }
    }
}
