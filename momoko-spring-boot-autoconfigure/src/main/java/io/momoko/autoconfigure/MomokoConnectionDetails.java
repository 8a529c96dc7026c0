package io.momoko.autoconfigure;

import io.momoko.SslMode;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the PostgreSQL server for the Momoko pool is and how to log in: from {@code momoko.*} properties by
 * default, or from a service connection ({@code @ServiceConnection} on a Testcontainers PostgreSQL container).
 * How the pool is tuned stays in {@code momoko.pool.*}.
 */
public interface MomokoConnectionDetails extends ConnectionDetails {

    /**
     * Returns the server host.
     *
     * @return the host
     */
    String getHost();

    /**
     * Returns the server port.
     *
     * @return the port
     */
    int getPort();

    /**
     * Returns the database name.
     *
     * @return the database, or {@code null} for the user name
     */
    String getDatabase();

    /**
     * Returns the login user.
     *
     * @return the user, or {@code null} for the operating-system user
     */
    String getUsername();

    /**
     * Returns the login password. The pool asks again for every new connection, so an implementation
     * backed by a secrets manager may return a rotated secret; connections already open are unaffected.
     *
     * @return the password, or {@code null}
     */
    String getPassword();

    /**
     * Returns the TLS mode the connection needs, if the source knows it.
     *
     * @return the mode, or {@code null} to leave it to {@code momoko.ssl-mode}
     */
    default SslMode getSslMode() {
        return null;
    }
}
