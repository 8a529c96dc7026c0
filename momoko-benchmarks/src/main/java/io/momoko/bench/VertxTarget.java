package io.momoko.bench;

import io.momoko.ConnectOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.concurrent.CompletionStage;

/** Vert.x's own pool, or its pipelined client at a given depth, with no Momoko in between. */
final class VertxTarget implements Target {

    private final String name;
    private final Vertx vertx;
    private final SqlClient client;
    private final Pool pool;

    /**
     * @param depth 0 for the pool ({@code PgBuilder.pool()}), else the pipelined client with this pipelining
     *              limit; {@code vertx-pipelined} is depth 16, other depths are named {@code vertx-pipelined-N}
     */
    VertxTarget(ConnectOptions options, int size, int depth) {
        this.name = depth == 0 ? "vertx-pool" : depth == 16 ? "vertx-pipelined" : "vertx-pipelined-" + depth;
        // The transport every Netty-based client in the run uses (Transports).
        this.vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(Transports.nativeTransport()));
        PgConnectOptions connect = new PgConnectOptions().setHost(options.host()).setPort(options.port())
                .setDatabase(options.database()).setUser(options.user()).setSslMode(SslMode.DISABLE)
                // The same statement cache Momoko turns on, so the comparison is of the pools, not the settings.
                .setCachePreparedStatements(true).setPreparedStatementCacheMaxSize(256);
        if (options.password() != null) {
            connect.setPassword(options.password());
        }
        PoolOptions poolOptions = new PoolOptions().setMaxSize(size);
        if (depth > 0) {
            this.client = PgBuilder.client().with(poolOptions).connectingTo(connect.setPipeliningLimit(depth))
                    .using(vertx).build();
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
    public CompletionStage<Integer> run(Workload workload, int key) {
        switch (workload) {
            case SELECT_1:
                return client.query(workload.sql).execute().map(VertxTarget::read).toCompletionStage();
            case FANOUT_3:
                Future<Integer> first = client.preparedQuery(workload.sql).execute(Tuple.of(key)).map(VertxTarget::read);
                Future<Integer> second = client.preparedQuery(workload.sql)
                        .execute(Tuple.of(Workload.fanoutKey(key, 1))).map(VertxTarget::read);
                Future<Integer> third = client.preparedQuery(workload.sql)
                        .execute(Tuple.of(Workload.fanoutKey(key, 2))).map(VertxTarget::read);
                return Future.all(first, second, third)
                        .map(all -> first.result() + second.result() + third.result()).toCompletionStage();
            case WRITE_TX:
                return pool.withTransaction(conn -> conn.preparedQuery(workload.sql).execute(Tuple.of(key)))
                        .map(RowSet::rowCount).toCompletionStage();
            default:
                return client.preparedQuery(workload.sql).execute(Tuple.of(key)).map(VertxTarget::read)
                        .toCompletionStage();
        }
    }

    private static int read(RowSet<Row> rows) {
        int count = 0;
        for (Row row : rows) {
            for (int i = 0; i < row.size(); i++) {
                Sink.consume(row.getValue(i));
            }
            count++;
        }
        return count;
    }

    @Override
    public void close() {
        client.close().toCompletionStage().toCompletableFuture().join();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
