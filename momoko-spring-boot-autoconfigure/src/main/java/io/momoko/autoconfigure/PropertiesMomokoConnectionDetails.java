package io.momoko.autoconfigure;

import io.momoko.ConfigurationException;
import io.momoko.ConnectOptions;
import io.momoko.SslMode;

/**
 * {@link MomokoConnectionDetails} from {@code momoko.url}, or else from {@code momoko.host}, {@code port},
 * {@code database}, {@code username} and {@code password}. A malformed url fails start-up here, right after
 * binding and before any connection is tried, naming {@code momoko.url} but not its value (which may hold a
 * password).
 */
final class PropertiesMomokoConnectionDetails implements MomokoConnectionDetails {

    private final String host;
    private final int port;
    private final String database;
    private final String username;
    private final String password;
    private final SslMode sslMode;
    /** Every option of {@code momoko.url}; {@code null} without a url. */
    private final ConnectOptions url;

    PropertiesMomokoConnectionDetails(MomokoProperties properties) {
        this(properties, "momoko");
    }

    /** From properties bound under another prefix, whose {@code url} errors name it. */
    PropertiesMomokoConnectionDetails(MomokoProperties properties, String prefix) {
        if (properties.getUrl() != null && !properties.getUrl().isBlank()) {
            ConnectOptions parsed;
            try {
                parsed = ConnectOptions.parse(properties.getUrl());
            } catch (ConfigurationException e) {
                throw MomokoPoolBuilderMapper.invalid(prefix + ".url", e);
            }
            this.url = parsed;
            this.host = parsed.host();
            this.port = parsed.port();
            this.database = parsed.database();
            this.username = parsed.user();
            this.password = parsed.password();
            this.sslMode = parsed.sslMode();
        } else {
            if (properties.getHost() == null || properties.getHost().isBlank()) {
                throw new ConfigurationException(prefix + ".url", "No database configured: set " + prefix + ".url "
                        + "(postgresql://user@host:5432/database) or " + prefix + ".host with " + prefix + ".database, "
                        + prefix + ".username and " + prefix + ".password, or declare a MomokoConnectionDetails bean "
                        + "(@ServiceConnection in tests)");
            }
            this.host = properties.getHost();
            this.port = properties.getPort();
            this.database = properties.getDatabase();
            this.username = properties.getUsername();
            this.password = properties.getPassword();
            this.sslMode = null;
            this.url = null;
        }
    }

    /** With a url, all of it (sslrootcert, application_name, connect_timeout, keepalives, options). */
    @Override
    public ConnectOptions getConnectOptions() {
        return url != null ? url : MomokoConnectionDetails.super.getConnectOptions();
    }

    @Override
    public String getHost() {
        return host;
    }

    @Override
    public int getPort() {
        return port;
    }

    @Override
    public String getDatabase() {
        return database;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public String getPassword() {
        return password;
    }

    @Override
    public SslMode getSslMode() {
        return sslMode;
    }

    @Override
    public String toString() {
        return "MomokoConnectionDetails[" + username + (password == null ? "" : ":***") + "@" + host + ":" + port
                + "/" + database + "]";
    }
}
