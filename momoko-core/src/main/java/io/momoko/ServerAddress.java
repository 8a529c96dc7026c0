package io.momoko;

/**
 * One server of a connection string that names several (libpq's {@code host=h1,h2 port=5432,5433}, or
 * {@code postgresql://h1:5432,h2:5433/db}). Host names are resolved at each connect, never cached.
 *
 * @param host the host name or IP address
 * @param port the TCP port
 */
public record ServerAddress(String host, int port) {

    /**
     * Checks the values.
     *
     * @param host the host name or IP address, not blank
     * @param port the TCP port, 1 to 65535
     * @throws ConfigurationException when the host is blank or the port out of range
     */
    public ServerAddress {
        if (host == null || host.isBlank()) {
            throw new ConfigurationException("host", "host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigurationException("port", "port must be between 1 and 65535, was " + port);
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
