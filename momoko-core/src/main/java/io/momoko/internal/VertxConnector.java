package io.momoko.internal;

import io.momoko.ConnectOptions;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/** Connections from the Vert.x PostgreSQL client, set up with the pool's session statements. */
final class VertxConnector implements Connector {

    /**
     * Everything a session can carry over except prepared statements (DEALLOCATE ALL would drop the driver's
     * own): DISCARD ALL without DEALLOCATE ALL and DISCARD PLANS/SEQUENCES.
     */
    private static final String RESET = "ROLLBACK; CLOSE ALL; SET SESSION AUTHORIZATION DEFAULT; RESET ALL; "
            + "UNLISTEN *; SELECT pg_advisory_unlock_all(); DISCARD TEMP";

    private final ConnectOptions options;
    private final Vertx vertx;
    private final List<String> setSession;
    private final Duration queryTimeout;
    private final int statementCacheSize;
    /** Set once when a pooler is found to lose prepared statements: later connections cache none. */
    private final AtomicBoolean unnamedStatements;

    VertxConnector(ConnectOptions options, Vertx vertx, List<String> setSession, Duration queryTimeout,
                   int statementCacheSize) {
        this.options = options;
        this.vertx = vertx;
        this.setSession = setSession;
        this.queryTimeout = queryTimeout;
        this.statementCacheSize = statementCacheSize;
        this.unnamedStatements = new AtomicBoolean(statementCacheSize == 0);
    }

    @Override
    public CompletableFuture<PoolConnection> open() {
        boolean unnamed = unnamedStatements.get();
        return VertxConnect.open(options, vertx, unnamed ? 0 : statementCacheSize).thenCompose(connection -> {
            if (!unnamed && unnamedStatements.get()) {
                // Opened with a statement cache while the pool switched to unnamed statements: open another.
                connection.close();
                return open();
            }
            connection.defaultQueryTimeout(queryTimeout);
            return runSession(connection).handle((ignored, error) -> {
                if (error != null) {
                    connection.close();
                    throw new CompletionException(Errors.unwrap(error));
                }
                return connection;
            });
        });
    }

    @Override
    public CompletableFuture<Void> reset(PoolConnection connection) {
        return connection.execute(RESET).thenCompose(ignored -> runSession(connection));
    }

    @Override
    public CompletableFuture<Void> validate(PoolConnection connection) {
        return connection.ping();
    }

    @Override
    public boolean switchToUnnamedStatements() {
        return unnamedStatements.compareAndSet(false, true);
    }

    @Override
    public String target() {
        return options.toString();
    }

    /** Runs the setSession statements in order; the first failure fails the chain with the server's error. */
    private CompletableFuture<Void> runSession(PoolConnection connection) {
        CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
        for (String statement : setSession) {
            chain = chain.thenCompose(ignored -> connection.execute(statement));
        }
        return chain.thenApply(ignored -> null);
    }
}
