package io.momoko.autoconfigure.jdbc;

import io.momoko.ConnectOptions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/**
 * Writes {@link ConnectOptions} as a PostgreSQL JDBC (pgjdbc) URL that reaches the same server the same way:
 * host, port, database, {@code sslmode} and {@code sslrootcert} (so a verified connection stays verified),
 * application name, connect timeout, TCP keepalive and server settings ({@code options=-c ...}). User and
 * password are left out of the URL: JDBC tools take them separately, and URLs end up in logs.
 */
final class JdbcUrls {

    private JdbcUrls() {
    }

    static String of(ConnectOptions options) {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        StringJoiner parameters = new StringJoiner("&", "?", "");
        parameters.add("sslmode=" + options.sslMode().dsnValue());
        if (options.sslRootCert() != null) {
            parameters.add("sslrootcert=" + encode(options.sslRootCert().toString()));
        }
        if (options.applicationName() != null) {
            parameters.add("ApplicationName=" + encode(options.applicationName()));
        }
        // pgjdbc counts whole seconds, and 0 means "wait for ever": never round a short timeout down to 0.
        long seconds = Math.max(1, (options.connectTimeout().toMillis() + 999) / 1000);
        parameters.add("connectTimeout=" + seconds);
        parameters.add("tcpKeepAlive=" + options.keepalive().enabled());
        if (!options.serverParameters().isEmpty()) {
            StringJoiner settings = new StringJoiner(" ");
            options.serverParameters().forEach((name, value) -> settings.add("-c " + name + "=" + value));
            parameters.add("options=" + encode(settings.toString()));
        }
        return "jdbc:postgresql://" + host + ":" + options.port() + "/" + encode(options.database()) + parameters;
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
