package io.momoko.test;

import io.momoko.ConnectOptions;
import io.momoko.Connection;
import io.momoko.Momoko;
import io.momoko.SslMode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real PostgreSQL primary with a streaming hot standby, made from the embedded bundle, which has no
 * {@code pg_basebackup}: the primary is initialised (and configured for replication) by the embedded server,
 * stopped cleanly, its data directory copied, and the copy started with {@code standby.signal} and a
 * {@code primary_conninfo}. Both then run under {@code pg_ctl}, so a test can stop, pause or promote them.
 */
public final class ReplicatedCluster implements AutoCloseable {

    private final Path work;
    private final PgCtl pgCtl;
    private final Path primaryData;
    private final Path standbyData;
    private final int primaryPort;
    private final int standbyPort;
    private boolean primaryRunning = true;

    private ReplicatedCluster(Path work, PgCtl pgCtl, Path primaryData, Path standbyData, int primaryPort,
                              int standbyPort) {
        this.work = work;
        this.pgCtl = pgCtl;
        this.primaryData = primaryData;
        this.standbyData = standbyData;
        this.primaryPort = primaryPort;
        this.standbyPort = standbyPort;
    }

    /**
     * Starts a primary and a standby streaming from it, and waits until the standby streams.
     *
     * @param synchronous whether the primary waits for the standby to flush each commit
     *                    ({@code synchronous_standby_names = '*'}), so that no acknowledged commit is lost when the
     *                    primary dies
     * @return the running cluster
     */
    public static ReplicatedCluster start(boolean synchronous) {
        try {
            Path work = Files.createTempDirectory("momoko-replicated");
            Path primaryData = work.resolve("primary");
            Path standbyData = work.resolve("standby");
            int primaryPort = freePort();
            // The embedded server only initialises the primary; its process is stopped below and run by pg_ctl.
            EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(work.toFile())
                    .setDataDirectory(primaryData)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(primaryPort)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // The same on the command line as in postgresql.conf: a standby refuses to start with fewer.
                    .setServerConfig("max_connections", "200")
                    .setDataDirectoryCustomizer(data -> configure(data.toPath()))
                    .start();
            PgCtl pgCtl = PgCtl.besideServer(primaryData, work);
            pgCtl.run(primaryData, work.resolve("primary.log"), "-m", "fast", "-w", "-t", "60", "stop");
            copy(primaryData, standbyData);
            int standbyPort = freePort();
            Files.writeString(standbyData.resolve("standby.signal"), "");
            append(standbyData, "primary_conninfo = 'host=127.0.0.1 port=" + primaryPort
                    + " user=postgres application_name=standby'");
            if (synchronous) {
                // Only the primary's copy: the standby, once promoted, has no standby of its own to wait for.
                append(primaryData, "synchronous_standby_names = '*'");
            }
            ReplicatedCluster cluster = new ReplicatedCluster(work, pgCtl, primaryData, standbyData, primaryPort,
                    standbyPort);
            cluster.startServer(primaryData, primaryPort, "primary.log");
            cluster.startServer(standbyData, standbyPort, "standby.log");
            cluster.awaitStreaming();
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a replicated embedded PostgreSQL", e);
        }
    }

    /** Replication settings, an hba that lets the standby in, no Unix socket (the default directory is not ours). */
    private static void configure(Path data) {
        try {
            Files.writeString(data.resolve("pg_hba.conf"), """
                    local all all trust
                    host all all 127.0.0.1/32 trust
                    host all all ::1/128 trust
                    local replication all trust
                    host replication all 127.0.0.1/32 trust
                    host replication all ::1/128 trust
                    """);
            Files.writeString(data.resolve("postgresql.conf"), """
                    listen_addresses = '127.0.0.1'
                    unix_socket_directories = ''
                    max_connections = 200
                    fsync = off
                    wal_level = replica
                    max_wal_senders = 10
                    wal_keep_size = '256MB'
                    hot_standby = on
                    wal_receiver_status_interval = '1s'
                    wal_retrieve_retry_interval = '200ms'
                    """, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path data, String line) throws IOException {
        Files.writeString(data.resolve("postgresql.auto.conf"), line + "\n", StandardOpenOption.APPEND);
    }

    private static void copy(Path from, Path to) throws IOException {
        try {
            Process copy = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).redirectErrorStream(true)
                    .start();
            if (!copy.waitFor(60, TimeUnit.SECONDS) || copy.exitValue() != 0) {
                throw new IOException("cp -a " + from + " " + to + " failed: "
                        + new String(copy.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void startServer(Path data, int port, String log) {
        pgCtl.run(data, work.resolve(log), "-w", "-t", "60", "-l", work.resolve(log).toString(), "-o", "-p " + port,
                "start");
    }

    /** Waits until the primary reports the standby as streaming (and, when synchronous, as the sync one). */
    private void awaitStreaming() {
        Await.until("the standby streams from the primary", Duration.ofSeconds(60), () -> {
            try (Probe probe = new Probe(primary())) {
                return probe.value("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'").equals("1");
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    /**
     * Returns how to reach the primary (as started; after {@link #promoteStandby()} the standby is the primary).
     *
     * @return the options
     */
    public ConnectOptions primary() {
        return options(primaryPort);
    }

    /**
     * Returns how to reach the standby.
     *
     * @return the options
     */
    public ConnectOptions standby() {
        return options(standbyPort);
    }

    /**
     * Returns the primary's address as {@code 127.0.0.1:port}.
     *
     * @return host and port
     */
    public String primaryServer() {
        return "127.0.0.1:" + primaryPort;
    }

    /**
     * Returns the standby's address as {@code 127.0.0.1:port}.
     *
     * @return host and port
     */
    public String standbyServer() {
        return "127.0.0.1:" + standbyPort;
    }

    /**
     * Writes a URL naming the given servers in order.
     *
     * @param servers {@code host:port} list, comma-separated
     * @param query further URL options, or empty
     * @return a {@code postgresql://} URL
     */
    public static String url(String servers, String query) {
        return "postgresql://postgres@" + servers + "/postgres?sslmode=disable" + (query.isEmpty() ? "" : "&" + query);
    }

    private static ConnectOptions options(int port) {
        return ConnectOptions.builder().host("127.0.0.1").port(port).database("postgres").user("postgres")
                .sslMode(SslMode.DISABLE).build();
    }

    /** Stops applying WAL on the standby (it still receives it): the standby falls behind. */
    public void pauseReplay() {
        onStandby("SELECT pg_wal_replay_pause()");
    }

    /** Applies WAL on the standby again. */
    public void resumeReplay() {
        onStandby("SELECT pg_wal_replay_resume()");
    }

    private void onStandby(String sql) {
        try (Probe probe = new Probe(standby())) {
            probe.value(sql);
        }
    }

    /**
     * Stops the primary.
     *
     * @param mode {@code immediate} (a crash) or {@code fast}
     */
    public void stopPrimary(String mode) {
        pgCtl.run(primaryData, work.resolve("primary.log"), "-m", mode, "-w", "-t", "60", "stop");
        primaryRunning = false;
    }

    /** Promotes the standby and waits until it accepts writes. */
    public void promoteStandby() {
        pgCtl.run(standbyData, work.resolve("standby.log"), "-w", "-t", "60", "promote");
    }

    /**
     * Runs one statement on a server of the cluster and returns the first column of its first row as text
     * ({@code null} for a statement without rows).
     *
     * @param options which server
     * @param sql the statement
     * @return the value, or {@code null}
     */
    public static String query(ConnectOptions options, String sql) {
        try (Probe probe = new Probe(options)) {
            return probe.value(sql);
        }
    }

    @Override
    public void close() {
        if (primaryRunning) {
            stopQuietly(primaryData, "primary.log");
        }
        stopQuietly(standbyData, "standby.log");
        try {
            new ProcessBuilder("rm", "-rf", work.toString()).start().waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopQuietly(Path data, String log) {
        try {
            pgCtl.run(data, work.resolve(log), "-m", "immediate", "-w", "-t", "60", "stop");
        } catch (RuntimeException ignored) {
            // already stopped
        }
    }

    /** One short-lived connection. */
    private static final class Probe implements AutoCloseable {
        private final Connection connection;

        Probe(ConnectOptions options) {
            this.connection = await(Momoko.connect(options));
        }

        String value(String sql) {
            io.momoko.Cursor<io.momoko.Row> cursor = await(connection.execute(sql));
            if (cursor.description() == null || cursor.description().isEmpty()) {
                return null;
            }
            Object value = cursor.fetchOne().get(0);
            return value == null ? null : value.toString();
        }

        @Override
        public void close() {
            await(connection.close());
        }

        private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
            try {
                return future.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
            }
        }
    }
}
