package io.momoko.autoconfigure.test;

import io.momoko.ConnectOptions;
import io.momoko.SslMode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The one embedded PostgreSQL of the JVM, started on first use on a free port and stopped when the JVM exits.
 * One per JVM because Spring caches test contexts for the whole run: a server per context would multiply
 * start-up time and memory.
 */
final class EmbeddedPostgresServer {

    private static ConnectOptions options;

    private EmbeddedPostgresServer() {
    }

    static synchronized ConnectOptions options() {
        if (options == null) {
            options = start();
        }
        return options;
    }

    private static ConnectOptions start() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // Test data need not survive a crash: skipping the disk flushes makes every commit cheaper.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the data directory is temporary
                }
            }, "momoko-test-database-stop"));
            return ConnectOptions.builder().host("localhost").port(postgres.getPort()).database("postgres")
                    .user("postgres").sslMode(SslMode.DISABLE).build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL of @AutoConfigureMomokoTestDatabase", e);
        }
    }
}
