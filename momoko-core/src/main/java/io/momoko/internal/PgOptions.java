package io.momoko.internal;

import io.momoko.ConfigurationException;
import io.momoko.ConnectOptions;
import io.momoko.SslMode;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.pgclient.PgConnectOptions;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;

/** Maps {@link ConnectOptions} to the Vert.x client's options. */
final class PgOptions {
    private PgOptions() {
    }

    /** Statements cached per connection by default: Vert.x's LRU evicts (and closes) the least recently used. */
    static final int DEFAULT_STATEMENT_CACHE_SIZE = 256;

    static PgConnectOptions of(ConnectOptions options) {
        return of(options, DEFAULT_STATEMENT_CACHE_SIZE);
    }

    /**
     * The Vert.x options for a connection.
     *
     * @param statementCacheSize prepared statements kept per connection; 0 prepares every statement unnamed
     *                           (what PgBouncer in transaction mode needs)
     */
    static PgConnectOptions of(ConnectOptions options, int statementCacheSize) {
        PgConnectOptions pg = new PgConnectOptions()
                .setHost(options.host())
                .setPort(options.port())
                .setDatabase(options.database())
                .setUser(options.user())
                .setSslMode(io.vertx.pgclient.SslMode.valueOf(options.sslMode().name()))
                // Without the cache every bound statement costs two round trips (Parse/Describe, then
                // Bind/Execute). Binder's explicit casts make the SQL text fix the parameter types, so a
                // cached statement is never reused with values of other types.
                .setCachePreparedStatements(statementCacheSize > 0)
                .setPreparedStatementCacheMaxSize(Math.max(1, statementCacheSize))
                // Without a cache, Vert.x still prepares in one transaction and binds in the next, which a
                // transaction-mode PgBouncer sends to different servers (26000 on every statement). Its layer-7
                // proxy mode sends Parse, Bind and Execute together before one Sync, unnamed.
                .setUseLayer7Proxy(statementCacheSize == 0);
        pg.setSslOptions(tls(options));
        String password = options.password();
        if (password != null) {
            pg.setPassword(password);
        }
        Map<String, String> properties = new HashMap<>(pg.getProperties());
        if (options.applicationName() != null) {
            properties.put("application_name", options.applicationName());
        }
        properties.putAll(options.serverParameters());
        pg.setProperties(properties);
        return pg;
    }

    /**
     * TLS as libpq does it: {@code allow}, {@code prefer} and {@code require} encrypt without checking the
     * certificate unless root certificates are given; {@code verify-ca} checks the authority;
     * {@code verify-full} also checks that the certificate names the host.
     */
    private static ClientSSLOptions tls(ConnectOptions options) {
        ClientSSLOptions tls = new ClientSSLOptions();
        boolean verifying = options.sslMode() == SslMode.VERIFY_CA
                || options.sslMode() == SslMode.VERIFY_FULL;
        if (options.sslRootCert() != null) {
            tls.setTrustOptions(new PemTrustOptions()
                    .addCertPath(options.sslRootCert().toAbsolutePath().toString()));
        } else if (verifying) {
            tls.setTrustOptions(TrustOptions.wrap(jvmTrustStore()));
        } else {
            tls.setTrustAll(true);
        }
        tls.setHostnameVerificationAlgorithm(options.sslMode() == SslMode.VERIFY_FULL ? "HTTPS" : "");
        return tls;
    }

    private static TrustManagerFactory jvmTrustStore() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            return factory;
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("Cannot load the JVM's default trust store for TLS: " + e);
        }
    }
}
