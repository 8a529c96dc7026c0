package io.momoko.test;

import io.momoko.ConnectOptions;
import io.momoko.Connection;
import io.momoko.Momoko;
import io.momoko.SslMode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An embedded PostgreSQL of a test's own that the test may restart as {@code pg_ctl restart -m fast} or
 * {@code -m immediate} would (a crash: recovery replays the WAL), without disturbing the suite's shared server.
 * Durable settings (fsync, synchronous_commit on), so that an acknowledged commit survives a crash.
 */
public final class RestartableDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final PgCtl pgCtl;

    private RestartableDatabase(EmbeddedPostgres postgres, Path dataDirectory, PgCtl pgCtl) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.pgCtl = pgCtl;
    }

    /**
     * Starts a server.
     *
     * @return the running server
     */
    public static RestartableDatabase start() {
        try {
            Path work = Files.createTempDirectory("momoko-restartable");
            Path data = work.resolve("data");
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(work.toFile())
                    .setDataDirectory(data)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            return new RestartableDatabase(postgres, data, PgCtl.besideServer(data, work));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a restartable embedded PostgreSQL", e);
        }
    }

    /**
     * Returns how to connect.
     *
     * @return the options, with the default sslmode (prefer)
     */
    public ConnectOptions options() {
        return ConnectOptions.builder().host("localhost").port(postgres.getPort()).database("postgres")
                .user("postgres").sslMode(SslMode.PREFER).build();
    }

    /**
     * Restarts the server with {@code pg_ctl restart} and waits until it accepts connections again.
     *
     * @param mode {@code fast} (clean shutdown) or {@code immediate} (a crash)
     * @return how long the restart took, until a connection succeeded
     */
    public Duration restart(String mode) {
        long started = System.nanoTime();
        pgCtl.run(dataDirectory, dataDirectory.resolveSibling("restart.log"), "-m", mode, "-w", "-t", "60",
                "restart");
        Await.until("the restarted server accepts connections", Duration.ofSeconds(60), this::accepts);
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private boolean accepts() {
        try {
            Connection probe = Momoko.connect(options()).get(5, TimeUnit.SECONDS);
            probe.close().get(5, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
