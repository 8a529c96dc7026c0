package io.momoko.autoconfigure;

import io.momoko.ConnectOptions;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link MomokoConnectionDetails} backed by a whole {@link ConnectOptions} (every option kept), the getters
 * read from it: for details that already have the options, such as an embedded test server or a parsed URL.
 * The supplier is asked on every call, so it may start a server lazily or rotate a password.
 */
public class ConnectOptionsConnectionDetails implements MomokoConnectionDetails {

    private final Supplier<ConnectOptions> options;

    /**
     * Creates the details.
     *
     * @param options where the options come from
     */
    public ConnectOptionsConnectionDetails(Supplier<ConnectOptions> options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public ConnectOptions getConnectOptions() {
        return options.get();
    }

    @Override
    public String getHost() {
        return getConnectOptions().host();
    }

    @Override
    public int getPort() {
        return getConnectOptions().port();
    }

    @Override
    public String getDatabase() {
        return getConnectOptions().database();
    }

    @Override
    public String getUsername() {
        return getConnectOptions().user();
    }

    @Override
    public String getPassword() {
        return getConnectOptions().password();
    }

    @Override
    public io.momoko.SslMode getSslMode() {
        return getConnectOptions().sslMode();
    }

    /** The options as a URL, the password masked. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + getConnectOptions() + "]";
    }
}
