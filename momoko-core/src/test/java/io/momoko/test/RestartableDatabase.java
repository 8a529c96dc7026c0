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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * An embedded PostgreSQL of a test's own that the test may restart as {@code pg_ctl restart -m fast} or
 * {@code -m immediate} would (a crash: recovery replays the WAL), without disturbing the suite's shared server.
 * Durable settings (fsync, synchronous_commit on), so that an acknowledged commit survives a crash.
 */
public final class RestartableDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final Path pgCtl;

    private RestartableDatabase(EmbeddedPostgres postgres, Path dataDirectory, Path pgCtl) {
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
            return new RestartableDatabase(postgres, data, pgCtl(data, work));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a restartable embedded PostgreSQL", e);
        }
    }

    /**
     * Finds the pg_ctl beside the running server's binary. The binaries are extracted once per JVM, so when
     * another embedded server (the suite's shared one) started first they are not under this server's own
     * working directory.
     */
    private static Path pgCtl(Path data, Path work) throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        Path beside = ProcessHandle.of(postmaster).flatMap(process -> process.info().command())
                .map(command -> Path.of(command).resolveSibling("pg_ctl")).orElse(null);
        if (beside != null && Files.isExecutable(beside)) {
            return beside;
        }
        try (Stream<Path> files = Files.walk(work)) {
            return files.filter(path -> path.getFileName().toString().equals("pg_ctl")).findFirst()
                    .orElseThrow(() -> new IOException("no pg_ctl beside the server (pid " + postmaster + ") nor under "
                            + work));
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
     * Restarts the server with {@code pg_ctl restart} and waits until it accepts connections again. pg_ctl
     * refuses to run as root (as CI machines do), so it runs in a user namespace of its own, as the embedded
     * server itself does ({@code unshare -U}).
     *
     * @param mode {@code fast} (clean shutdown) or {@code immediate} (a crash)
     * @return how long the restart took, until a connection succeeded
     */
    public Duration restart(String mode) {
        long started = System.nanoTime();
        try {
            List<String> command = new ArrayList<>(List.of(pgCtl.toString(), "-D", dataDirectory.toString(), "-m",
                    mode, "-w", "-t", "60", "restart"));
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(0, List.of("unshare", "-U"));
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dataDirectory.resolveSibling("restart.log").toFile()).start();
            if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("pg_ctl restart -m " + mode + " failed: "
                        + Files.readString(dataDirectory.resolveSibling("restart.log")));
            }
            Await.until("the restarted server accepts connections", Duration.ofSeconds(60), this::accepts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
