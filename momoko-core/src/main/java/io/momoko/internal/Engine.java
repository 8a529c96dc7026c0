package io.momoko.internal;

import io.momoko.ConnectOptions;
import io.momoko.ServerAddress;
import io.momoko.Connection;
import io.momoko.Pool;
import io.vertx.core.Vertx;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The engine's one door from the API package: {@code Momoko.connect} and {@code Pool.Builder.build} create
 * their objects here, so the API depends on nothing else of the engine. Public only for that; the module does
 * not export this package.
 */
public final class Engine {

    private Engine() {
    }

    /**
     * Opens one connection.
     *
     * @param options where and how to connect
     * @return the connection, or a {@code ConnectException}
     */
    public static CompletableFuture<Connection> connect(ConnectOptions options) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        VertxConnect.openInto(options, null, PgOptions.DEFAULT_STATEMENT_CACHE_SIZE, result);
        return result;
    }

    /**
     * Creates a pool on Vert.x: the given instance, or Momoko's shared one (released when the pool closes).
     *
     * @param settings the builder's checked settings
     * @return the pool, with nothing opened yet
     */
    public static Pool newPool(PoolSettings settings) {
        boolean ownsVertx = settings.vertx() == null;
        Vertx vertx = ownsVertx ? SharedVertx.acquire() : settings.vertx();
        // Without an application name the driver reports "vertx-pg-client": the pool's name says more in
        // pg_stat_activity.
        ConnectOptions options = settings.connectOptions().applicationName() != null ? settings.connectOptions()
                : settings.connectOptions().toBuilder().applicationName(settings.name()).build();
        Connector connector = new VertxConnector(options, vertx, settings.setSession(), settings.queryTimeout(),
                settings.statementCacheSize());
        Supplier<CompletableFuture<Void>> release = ownsVertx
                ? () -> SharedVertx.release(vertx).toCompletionStage().toCompletableFuture()
                : () -> CompletableFuture.completedFuture(null);
        // Several servers: each gets a read pool of its own for replicas(), on this pool's Vert.x.
        Function<ServerAddress, Pool> replicaPools = options.servers().size() > 1
                ? server -> newPool(settings.forServer(server, vertx)) : null;
        return new ConnectionPool(settings, connector, new VertxPoolContext(vertx), release, replicaPools);
    }
}
