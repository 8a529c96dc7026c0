package io.momoko.bench;

import io.momoko.ConnectOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.concurrent.CompletionStage;

/** Vert.x's own pool, or its pipelined client, with no Momoko in between. */
final class VertxTarget implements Target {

    private final String name;
    private final Vertx vertx;
    private final SqlClient client;
    private final Pool pool;

    VertxTarget(ConnectOptions options, int size, boolean pipelined) {
        this.name = pipelined ? "vertx-pipelined" : "vertx-pool";
        this.vertx = Vertx.vertx();
        PgConnectOptions connect = new PgConnectOptions().setHost(options.host()).setPort(options.port())
                .setDatabase(options.database()).setUser(options.user()).setSslMode(SslMode.DISABLE)
                // The same statement cache Momoko turns on, so the comparison is of the pools, not the settings.
                .setCachePreparedStatements(true).setPreparedStatementCacheMaxSize(256);
        if (options.password() != null) {
            connect.setPassword(options.password());
        }
        PoolOptions poolOptions = new PoolOptions().setMaxSize(size);
        if (pipelined) {
            this.client = PgBuilder.client().with(poolOptions).connectingTo(connect.setPipeliningLimit(16)).using(vertx)
                    .build();
            this.pool = null;
        } else {
            this.pool = PgBuilder.pool().with(poolOptions).connectingTo(connect).using(vertx).build();
            this.client = pool;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean supports(Workload workload) {
        return workload != Workload.WRITE_TX || pool != null;
    }

    @Override
    public CompletionStage<?> run(Workload workload, int key) {
        switch (workload) {
            case SELECT_1:
                return client.query(workload.sql).execute().toCompletionStage();
            case FANOUT_3:
                return Future.all(client.preparedQuery(workload.sql).execute(Tuple.of(key)),
                        client.preparedQuery(workload.sql).execute(Tuple.of(key % Workload.ROWS + 1)),
                        client.preparedQuery(workload.sql).execute(Tuple.of((key + 7) % Workload.ROWS + 1)))
                        .toCompletionStage();
            case WRITE_TX:
                return pool.withTransaction(conn -> conn.preparedQuery(workload.sql).execute(Tuple.of(key)))
                        .toCompletionStage();
            default:
                return client.preparedQuery(workload.sql).execute(Tuple.of(key)).toCompletionStage();
        }
    }

    @Override
    public void close() {
        client.close().toCompletionStage().toCompletableFuture().join();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
