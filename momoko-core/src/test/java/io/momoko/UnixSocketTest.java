package io.momoko;

import io.momoko.test.Await;
import io.momoko.test.CapturedOutput;
import io.momoko.test.OutputCaptureExtension;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static io.momoko.test.Await.failure;
import static io.momoko.test.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host that is a directory means the server's Unix-domain socket in it, as libpq reads it (how psql and pgbench
 * reach a local server): no TCP, so no TLS and no TCP keepalive; cancel requests go over the same socket.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnixSocketTest {

    @Test
    void connectsRunsAndCancelsOverTheServersUnixSocket(@TempDir Path work, CapturedOutput output) throws Exception {
        // A short directory of its own: socket paths are limited to about 100 bytes.
        Path sockets = Files.createTempDirectory(Path.of("/tmp"), "pgs");
        sockets.toFile().setWritable(true, false);
        sockets.toFile().setExecutable(true, false);
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().setServerConfig("unix_socket_directories",
                sockets.toString()).start()) {
            Await.until("the server's socket", () -> Files.exists(sockets.resolve(".s.PGSQL." + server.getPort())));
            for (String url : new String[] {
                "host=" + sockets + " port=" + server.getPort() + " dbname=postgres user=postgres",
                "postgresql:///postgres?host=" + sockets + "&port=" + server.getPort() + "&user=postgres",
                // As libpq: sslmode does not apply to a Unix socket.
                "postgresql:///postgres?host=" + sockets + "&port=" + server.getPort() + "&user=postgres"
                        + "&sslmode=require"}) {
                Pool pool = result(Pool.builder().url(url).size(1).maxSize(2).build().connect());
                try {
                    // inet_server_addr() is NULL over a Unix socket.
                    assertThat(result(pool.execute("SELECT inet_server_addr() IS NULL, %s::int", 7)).fetchOne()
                            .get(0)).isEqualTo(true);
                    CompletableFuture<Cursor<Row>> sleeping = pool.execute("SELECT pg_sleep(30)");
                    Await.until("the sleep runs", () -> pool.stats().busy() == 1);
                    sleeping.cancel(true);
                    assertThat(failure(sleeping)).isNotNull();
                    Await.until("the server stopped the statement", () -> result(pool.execute(
                            "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' "
                                    + "AND state = 'active'")).fetchOne().get(0, Long.class) == 0L);
                } finally {
                    result(pool.close());
                }
            }
            assertThat(output.all()).as("no TCP, so no keepalive to set").doesNotContain("TCP keepalive could not be set");
        } finally {
            Files.deleteIfExists(sockets.resolve(".s.PGSQL.lock"));
            try (var files = Files.list(sockets)) {
                files.forEach(file -> file.toFile().delete());
            }
            Files.deleteIfExists(sockets);
        }
    }
}
