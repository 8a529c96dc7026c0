package io.momoko.autoconfigure;

import io.momoko.ConnectOptions;
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

    /**
     * Returns every connection option: where, who, and how (TLS with its root certificate, application name,
     * connect timeout, TCP keepalive, server settings). The default builds them from the getters above, with
     * libpq's defaults for the rest; details that know more (a {@code momoko.url}) return all of it, so that no
     * option of the URL is dropped on the way to the pool.
     *
     * @return the options; the pool asks {@link #getPassword()} again for each new connection
     */
    default ConnectOptions getConnectOptions() {
        ConnectOptions.Builder options = ConnectOptions.builder().host(getHost()).port(getPort())
                .database(getDatabase()).user(getUsername()).password(getPassword());
        if (getSslMode() != null) {
            options.sslMode(getSslMode());
        }
        return options.build();
    }
}
