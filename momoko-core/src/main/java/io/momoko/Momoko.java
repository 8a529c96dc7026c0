package io.momoko;

import io.momoko.internal.Engine;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The entry point for single connections. For a pool, use {@code Pool.builder()}.
 *
 * <pre>{@code
 * Connection conn = Momoko.connect("postgresql://app@localhost/shop").join();
 * Cursor<Row> cursor = conn.execute("SELECT %s + %s", 1, 2).join();
 * int three = cursor.fetchOne().get(0, Integer.class);
 * conn.close().join();
 * }</pre>
 */
public final class Momoko {

    private Momoko() {
    }

    /**
     * Opens a connection described by a URL ({@code postgresql://user:secret@host:5432/db?sslmode=require})
     * or a libpq key=value DSN ({@code dbname=test user=postgres host=localhost}).
     *
     * @param dsn the connection string; see {@link ConnectOptions#parse(String)}
     * @return the open connection, or a failure: {@link ConfigurationException} for a bad DSN,
     *         {@link ConnectException} when the server cannot be reached or refuses the login
     */
    public static CompletableFuture<Connection> connect(String dsn) {
        try {
            return connect(ConnectOptions.parse(dsn));
        } catch (MomokoException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Opens a connection.
     *
     * @param options where the server is and how to log in
     * @return the open connection, or a {@link ConnectException}
     */
    public static CompletableFuture<Connection> connect(ConnectOptions options) {
        return Engine.connect(Objects.requireNonNull(options, "options"));
    }
}
