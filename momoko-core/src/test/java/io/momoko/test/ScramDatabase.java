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

/**
 * An embedded PostgreSQL of a test's own that makes user {@code app} prove a SCRAM-SHA-256 password over TCP
 * (the shared test database trusts everyone, so it cannot show a wrong password being refused).
 */
public final class ScramDatabase implements AutoCloseable {

    private final EmbeddedPostgres server;
    private final String password;

    private ScramDatabase(EmbeddedPostgres server, String password) {
        this.server = server;
        this.password = password;
    }

    /**
     * Starts the server and creates user {@code app} with the given password.
     *
     * @param password the password of {@code app}
     * @return the running server
     */
    public static ScramDatabase start(String password) {
        try {
            Path data = Files.createTempDirectory("momoko-scram");
            EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true)
                    .setServerConfig("password_encryption", "scram-sha-256").start();
            ScramDatabase database = new ScramDatabase(server, password);
            database.asSuperuser("CREATE ROLE app LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
                    "local all all trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all postgres ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256", ""));
            database.asSuperuser("SELECT pg_reload_conf()");
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the SCRAM test server", e);
        }
    }

    /**
     * Runs one statement as the superuser, which logs in without a password.
     *
     * @param sql the statement
     */
    public void asSuperuser(String sql) {
        Connection admin = Await.result(Momoko.connect(superuser()));
        try {
            Await.result(admin.execute(sql));
        } finally {
            Await.result(admin.close());
        }
    }

    /**
     * Returns how the superuser connects.
     *
     * @return the options
     */
    public ConnectOptions superuser() {
        return ConnectOptions.builder().host("127.0.0.1").port(server.getPort()).user("postgres").database("postgres")
                .sslMode(SslMode.DISABLE).build();
    }

    /**
     * Returns how {@code app} connects, without a password yet.
     *
     * @return a builder to add the password to
     */
    public ConnectOptions.Builder app() {
        return ConnectOptions.builder().host("127.0.0.1").port(server.getPort()).user("app").database("postgres")
                .sslMode(SslMode.DISABLE);
    }

    /**
     * Returns how {@code app} connects, with its password, as a URL.
     *
     * @return a {@code postgresql://} URL with the password in it
     */
    public String appUrl() {
        return TestDatabase.url(app().password(password).build());
    }

    /**
     * Returns the server's port.
     *
     * @return the port
     */
    public int port() {
        return server.getPort();
    }

    /**
     * Returns the password {@code app} was created with.
     *
     * @return the password
     */
    public String password() {
        return password;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
